package dk.thbstats.pseudonymise;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Phonetic codes of a normalised name token: the Double Metaphone primary and alternate codes
 * (commons-codec), which agree across many spelling and transliteration variants
 * (Mohammed / Muhammad / Mohamed, Shevchenko / Sevcenko). Only their keyed tokens are stored.
 */
final class Phonetics {
  private static final ThreadLocal<DoubleMetaphone> DM = ThreadLocal.withInitial(() -> {
    DoubleMetaphone dm = new DoubleMetaphone();
    dm.setMaxCodeLen(6);
    return dm;
  });

  private Phonetics() {}

  /** The distinct codes of a token (empty for tokens without letters). */
  static List<String> codes(String token) {
    List<String> out = new ArrayList<>(2);
    if (token == null || token.chars().noneMatch(Character::isLetter)) {
      return out;
    }
    String primary = DM.get().doubleMetaphone(token, false);
    String alternate = DM.get().doubleMetaphone(token, true);
    // One-letter codes ("H" for Ha, Ho, Hu) say almost nothing and join unrelated short names.
    if (primary != null && primary.length() >= 2) {
      out.add(primary);
    }
    if (alternate != null && alternate.length() >= 2 && !alternate.equals(primary)) {
      out.add(alternate);
    }
    return out;
  }

  private static final String[][] DIGRAPHS = {
      {"tsh", "j"}, {"tch", "j"}, {"ch", "j"}, {"zh", "j"}, {"dj", "j"}, {"dzh", "j"}, {"q", "j"}, {"hs", "s"},
      {"sh", "s"}, {"x", "s"}, {"tz", "z"}, {"ts", "z"}, {"ph", "f"}, {"th", "t"}, {"kh", "k"}, {"gh", "k"},
      {"ck", "k"}};

  /**
   * A transliteration skeleton: the consonant classes of a token with vowels, h, w and y dropped,
   * so that the romanisations of one name agree where Double Metaphone does not (Wade–Giles and
   * Pinyin "Chiang" / "Qiang" → {@code jng}, "Tsai" / "Cai"; Cyrillic "Vasiliy" / "Wasilij").
   * Voiced and voiceless pairs share a class (g/k, d/t, b/p, v/f). Null below two letters.
   */
  static String skeleton(String token) {
    if (token == null) {
      return null;
    }
    String s = token.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
    for (String[] d : DIGRAPHS) {
      s = s.replace(d[0], d[1]);
    }
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      char m = switch (c) {
        case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w' -> 0;
        case 'g', 'c' -> 'k';
        case 'd' -> 't';
        case 'b' -> 'p';
        case 'v' -> 'f';
        default -> c;
      };
      if (m != 0 && (b.length() == 0 || b.charAt(b.length() - 1) != m)) {
        b.append(m);
      }
    }
    return b.length() >= 2 ? b.toString() : null;
  }
}
