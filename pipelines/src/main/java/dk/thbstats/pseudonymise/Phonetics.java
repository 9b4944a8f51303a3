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
}
