package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  private static final int[] WEIGHTS = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};

  /** The century of a CPR number by the rules of domain.md §4. */
  private static int century(int seventh, int yy) {
    if (seventh <= 3) {
      return 1900;
    }
    if (seventh == 4 || seventh == 9) {
      return yy <= 36 ? 2000 : 1900;
    }
    return yy <= 36 ? 2000 : yy >= 58 ? 1800 : -1;
  }

  @Test
  void cpr_anyBirthDate_encodesDateCenturyAndSex() {
    SplittableRandom r = new SplittableRandom(1);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(r.nextInt(38_000));
      char sex = r.nextBoolean() ? 'F' : 'M';
      String cpr = Identifiers.cpr(birth, sex, r, used);

      assertTrue(cpr.matches("\\d{6}-\\d{4}"), cpr);
      String digits = cpr.replace("-", "");
      int yy = Integer.parseInt(digits.substring(4, 6));
      int year = century(digits.charAt(6) - '0', yy) + yy;
      assertEquals(birth, LocalDate.of(year, Integer.parseInt(digits.substring(2, 4)),
          Integer.parseInt(digits.substring(0, 2))), cpr);
      assertEquals(sex == 'M', (digits.charAt(9) - '0') % 2 == 1, cpr);
      if (birth.isBefore(LocalDate.of(2007, 10, 1))) {
        int sum = 0;
        for (int k = 0; k < 10; k++) {
          sum += (digits.charAt(k) - '0') * WEIGHTS[k];
        }
        assertEquals(0, sum % 11, "modulus 11: " + cpr);
      }
    }
    assertEquals(5000, used.size());
  }

  @Test
  void documentNumber_shape_lettersDigitsAndLiterals() {
    SplittableRandom r = new SplittableRandom(2);
    Set<String> used = new HashSet<>();

    String n = Identifiers.documentNumber("PDDDDDDDL", r, used);

    assertTrue(n.matches("P\\d{7}[A-Z]"), n);
    assertNotEquals(n, Identifiers.documentNumber("PDDDDDDDL", r, used));
  }

  @Test
  void formatPhone_styles_sameDigits() {
    Person.Phone p = new Person.Phone("45", "20123456");

    assertEquals("+45 20123456", Identifiers.formatPhone(p, 0));
    assertEquals("+4520123456", Identifiers.formatPhone(p, 1));
    assertEquals("0045 20123456", Identifiers.formatPhone(p, 2));
    assertEquals("20 12 34 56", Identifiers.formatPhone(p, 3));
  }

  @Test
  void oneEdit_anyName_differsByExactlyOneEdit() {
    SplittableRandom r = new SplittableRandom(3);
    for (String name : new String[] {"Blessing", "Nguyễn Thị Hương", "Søren", "El Amrani", "Li"}) {
      for (int i = 0; i < 200; i++) {
        String typo = Typos.oneEdit(name, r);
        if (name.length() < 3) {
          assertEquals(name, typo);
        } else {
          assertTrue(oneEditApart(name, typo), name + " -> " + typo);
          assertEquals(name.charAt(0), typo.charAt(0), "first letter kept");
        }
      }
    }
  }

  private static boolean oneEditApart(String a, String b) {
    if (a.equals(b)) {
      return false;
    }
    if (Math.abs(a.length() - b.length()) == 1) {
      String longer = a.length() > b.length() ? a : b;
      String shorter = a.length() > b.length() ? b : a;
      for (int i = 0; i < longer.length(); i++) {
        if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
          return true;
        }
      }
      return false;
    }
    if (a.length() != b.length()) {
      return false;
    }
    int first = -1;
    int count = 0;
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        count++;
        first = first < 0 ? i : first;
      }
    }
    return count == 1 || (count == 2 && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first));
  }
}
