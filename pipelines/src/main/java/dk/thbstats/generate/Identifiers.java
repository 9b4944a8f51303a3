package dk.thbstats.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic identifiers: CPR numbers with the century rule and sex parity of domain.md §4,
 * document numbers in country-typical shapes, phone numbers, e-mail addresses at the reserved
 * {@code example} domains, and Danish-looking addresses in made-up combinations.
 */
final class Identifiers {
  private Identifiers() {}

  private static final int[] CPR_WEIGHTS = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  private static final LocalDate MOD11_UNTIL = LocalDate.of(2007, 10, 1);

  /**
   * A CPR number {@code DDMMYY-SSSS} for a birth date between 1900 and 2036: the seventh digit is
   * consistent with the century, the last digit odd for registered sex M and even for F; before
   * October 2007 the modulus-11 check also holds. Unique within {@code used}.
   */
  static String cpr(LocalDate birth, char registeredSex, SplittableRandom r, Set<String> used) {
    int year = birth.getYear();
    int yy = year % 100;
    if (year < 1900 || year > 2036) {
      throw new IllegalArgumentException("CPR numbers cover births 1900-2036, was " + year);
    }
    int[] sevenths = year < 2000 ? (yy >= 37 ? new int[] {0, 1, 2, 3, 4, 9} : new int[] {0, 1, 2, 3})
        : new int[] {4, 9, 5, 6, 7, 8};
    boolean mod11 = birth.isBefore(MOD11_UNTIL);
    String date = String.format(Locale.ROOT, "%02d%02d%02d", birth.getDayOfMonth(), birth.getMonthValue(), yy);
    for (int attempt = 0; attempt < 100_000; attempt++) {
      int[] d = new int[10];
      for (int i = 0; i < 6; i++) {
        d[i] = date.charAt(i) - '0';
      }
      d[6] = sevenths[r.nextInt(sevenths.length)];
      d[7] = r.nextInt(10);
      d[8] = r.nextInt(10);
      if (mod11) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
          sum += d[i] * CPR_WEIGHTS[i];
        }
        d[9] = (11 - sum % 11) % 11;
        if (d[9] > 9) {
          continue;
        }
      } else {
        d[9] = r.nextInt(10);
      }
      boolean odd = d[9] % 2 == 1;
      if (odd != (registeredSex == 'M')) {
        if (mod11) {
          continue;
        }
        d[9] = (d[9] + 1) % 10;
      }
      String cpr = date + "-" + d[6] + d[7] + d[8] + d[9];
      if (used.add(cpr)) {
        return cpr;
      }
    }
    throw new IllegalStateException("no free CPR number for birth date " + birth);
  }

  /** A number of the shape ({@code L} letter, {@code D} digit, else literal), unique within {@code used}. */
  static String documentNumber(String shape, SplittableRandom r, Set<String> used) {
    for (int attempt = 0; attempt < 100_000; attempt++) {
      StringBuilder b = new StringBuilder(shape.length());
      for (int i = 0; i < shape.length(); i++) {
        char c = shape.charAt(i);
        b.append(c == 'L' ? (char) ('A' + r.nextInt(26)) : c == 'D' ? (char) ('0' + r.nextInt(10)) : c);
      }
      String number = b.toString();
      if (used.add(number)) {
        return number;
      }
    }
    throw new IllegalStateException("document numbers of shape " + shape + " exhausted");
  }

  /** A Danish mobile number (8 digits, first 2-9) or one of the home country (9-10 digits). */
  static Person.Phone phone(Countries.Country country, boolean danish, SplittableRandom r) {
    if (danish || Countries.DENMARK.equals(country.code())) {
      return new Person.Phone("45", digits(r, 2 + r.nextInt(8), 7));
    }
    return new Person.Phone(country.callingCode(), digits(r, 1 + r.nextInt(9), 8 + r.nextInt(2)));
  }

  /** How a phone number is written: {@code style} 0 is the clean form {@code +CC NNNNNNNN}. */
  static String formatPhone(Person.Phone p, int style) {
    String n = p.national();
    return switch (style) {
      case 1 -> "+" + p.callingCode() + n;
      case 2 -> "00" + p.callingCode() + " " + n;
      case 3 -> "45".equals(p.callingCode()) ? n.substring(0, 2) + " " + n.substring(2, 4) + " "
          + n.substring(4, 6) + " " + n.substring(6) : "+" + p.callingCode() + " " + n;
      default -> "+" + p.callingCode() + " " + n;
    };
  }

  /** An address at a reserved documentation domain built from the canonical name. */
  static String email(String given, String family, SplittableRandom r) {
    String local = ascii(given) + (r.nextBoolean() ? "." : "") + ascii(family);
    if (local.isEmpty()) {
      local = "kontakt";
    }
    if (r.nextBoolean()) {
      local += String.format(Locale.ROOT, "%02d", r.nextInt(100));
    }
    return local + "@" + DOMAINS[r.nextInt(DOMAINS.length)];
  }

  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

  private static final String[] STREETS = {
    "Vesterbrogade", "Istedgade", "Nørrebrogade", "Amagerbrogade", "Jagtvej", "Søndergade", "Østergade",
    "Vestergade", "Algade", "Skolevej", "Kirkevej", "Stationsvej", "Industrivej", "Møllevej", "Bygaden",
    "Strandvejen", "Hovedgaden", "Enghavevej", "Frederiksborgvej", "Roskildevej", "Åboulevarden", "Kongensgade",
    "Vindegade", "Banegårdspladsen", "Havnegade", "Skovvej", "Engvej", "Lærkevej", "Birkevej", "Grønnegade"};

  private static final String[] CITIES = {
    "1620 København V", "2200 København N", "2300 København S", "2400 København NV", "2450 København SV",
    "2500 Valby", "2650 Hvidovre", "5000 Odense C", "5700 Svendborg", "8000 Aarhus C", "8900 Randers C",
    "9000 Aalborg", "6700 Esbjerg", "6000 Kolding", "6200 Aabenraa", "6400 Sønderborg", "7100 Vejle",
    "4000 Roskilde", "3000 Helsingør", "3400 Hillerød", "2800 Kongens Lyngby", "4700 Næstved"};

  private static final String[] FLOORS = {"", "", "", ", st.", ", 1. th.", ", 2. tv.", ", 3. mf.", ", 4. th."};

  /** A made-up address: street, number, floor, postcode and town. */
  static String address(SplittableRandom r) {
    return STREETS[r.nextInt(STREETS.length)] + " " + (1 + r.nextInt(180))
        + (r.nextInt(10) == 0 ? String.valueOf((char) ('A' + r.nextInt(4))) : "")
        + FLOORS[r.nextInt(FLOORS.length)] + ", " + CITIES[r.nextInt(CITIES.length)];
  }

  private static final List<String> WORKING_NAMES = List.of(
      "Sunny", "Baby", "Lucky", "Candy", "Angel", "Honey", "Bella", "Diamond", "Cherry", "Sweety", "Lola", "Star",
      "Coco", "Kitty", "Jasmin", "Bambi", "Roxy", "Nikki", "Vicky", "Mimi");

  /** An alias: a working name for sexual exploitation, otherwise another given name. */
  static String alias(NamePools.Pool pool, char nameSex, boolean working, SplittableRandom r) {
    return working ? Draw.pick(r, WORKING_NAMES) : Draw.pick(r, pool.given(nameSex)).canonical();
  }

  /** Lower-case ASCII letters of a name (for e-mail addresses). */
  static String ascii(String s) {
    String folded = NamePools.fold(s);
    StringBuilder b = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c >= 'a' && c <= 'z') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String digits(SplittableRandom r, int first, int more) {
    StringBuilder b = new StringBuilder().append(first);
    for (int i = 0; i < more; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }
}
