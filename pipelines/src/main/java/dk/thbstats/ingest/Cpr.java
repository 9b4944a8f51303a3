package dk.thbstats.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Danish CPR numbers (domain.md §4): {@code DDMMYY-SSSS}, hyphen optional; substitute numbers
 * with day + 60; health-sector eCPR with letters in positions 8–9. The modulus-11 check is not
 * guaranteed since 2007 and is never used to reject.
 */
final class Cpr {
  private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s\\-]");
  private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("\\d{6}[0-9A-Z]{4}");

  private Cpr() {}

  /** Digits and letters only, upper-cased; null when the shape is not a CPR or eCPR number. */
  static String normalise(String value) {
    String v = SEPARATORS.matcher(value).replaceAll("").toUpperCase(java.util.Locale.ROOT);
    return SHAPE.matcher(v).matches() ? v : null;
  }

  /** The birth date a CPR number encodes, or null when it encodes none. */
  static LocalDate birthDate(String cpr) {
    if (cpr == null || !cpr.matches("\\d{7}.*")) {
      return null;
    }
    int day = Integer.parseInt(cpr.substring(0, 2));
    int month = Integer.parseInt(cpr.substring(2, 4));
    int yy = Integer.parseInt(cpr.substring(4, 6));
    int seventh = cpr.charAt(6) - '0';
    if (day > 60) {
      day -= 60;
    }
    int century;
    if (seventh <= 3) {
      century = 1900;
    } else if (seventh == 4 || seventh == 9) {
      century = yy <= 36 ? 2000 : 1900;
    } else {
      century = yy <= 36 ? 2000 : (yy >= 58 ? 1800 : -1);
    }
    if (century < 0) {
      return null;
    }
    try {
      return LocalDate.of(century + yy, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
