package dk.thbstats.pseudonymise;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The typo neighbourhood of a full birth date, as strings to be keyed: two dates share one of
 * them exactly when they differ by at most one typo — one digit of {@code YYYYMMDD} (a deletion
 * neighbourhood of one), two adjacent digits transposed, or the year off by one with the same day
 * and month (an age counted from the wrong side of a birthday). Linkage compares the keyed tokens
 * ({@code birth_typo_keys}) and never sees a date: a full date that shares none with another full
 * date differs by more than a typo, which is evidence of two persons.
 */
public final class BirthDateTypos {
  private BirthDateTypos() {}

  /** The 17 neighbourhood strings of {@code date} (8 masked digits, 7 sorted adjacent pairs, 2 year steps). */
  public static List<String> neighbourhood(LocalDate date) {
    String digits = String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    List<String> out = new ArrayList<>(17);
    for (int i = 0; i < digits.length(); i++) {
      out.add("m" + i + ":" + digits.substring(0, i) + "_" + digits.substring(i + 1));
    }
    for (int i = 0; i + 1 < digits.length(); i++) {
      char a = digits.charAt(i);
      char b = digits.charAt(i + 1);
      String pair = a <= b ? "" + a + b : "" + b + a;
      out.add("t" + i + ":" + digits.substring(0, i) + pair + digits.substring(i + 2));
    }
    // Year steps: this date's year and the next share a token with the other date's year and next,
    // so the same day and month one year apart (either way) meet on one of them.
    String monthDay = digits.substring(4);
    out.add("y:" + date.getYear() + monthDay);
    out.add("y:" + (date.getYear() + 1) + monthDay);
    return out;
  }
}
