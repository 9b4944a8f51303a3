package dk.thbstats.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalises phone numbers and e-mail addresses before they are keyed, so that one number written
 * as {@code +45 12345678}, {@code 0045 12345678} and {@code 12 34 56 78} gives one token: digits
 * only, with the calling code ({@code 00} read as {@code +}; eight digits without one are Danish,
 * +45). An e-mail address is trimmed and lower-cased. A value with fewer than six digits or
 * without {@code @} is not a contact and is dropped.
 */
public final class Contacts {
  private Contacts() {}

  /** The normalised contacts among the given values (nulls and unusable values left out). */
  public static List<String> normalised(Object phone, Object email) {
    List<String> out = new ArrayList<>(2);
    String p = phone(phone == null ? null : phone.toString());
    if (p != null) {
      out.add(p);
    }
    String e = email(email == null ? null : email.toString());
    if (e != null) {
      out.add(e);
    }
    return out;
  }

  /** {@code +<digits>} or null. */
  public static String phone(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    String digits = s.replaceAll("[^0-9]", "");
    if (digits.length() < 6) {
      return null;
    }
    if (s.startsWith("+")) {
      return "+" + digits;
    }
    if (digits.startsWith("00")) {
      return "+" + digits.substring(2);
    }
    if (digits.length() == 8) {
      return "+45" + digits;
    }
    return "+" + digits;
  }

  /** The trimmed, lower-cased address, or null. */
  public static String email(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    int at = s.indexOf('@');
    return at > 0 && at < s.length() - 1 ? s : null;
  }
}
