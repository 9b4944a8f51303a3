package dk.thbstats.pseudonymise;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Name normalisation before encoding: Unicode NFKC, transliteration of any script and of
 * diacritics to ASCII Latin (ICU {@code Any-Latin; Latin-ASCII}: Олена → olena, Nguyễn → nguyen,
 * Søren → soren), case folding, apostrophes dropped, other punctuation as separators, honorifics
 * removed, and the tokens as a sorted set (order is unreliable across sources).
 */
public final class Names {
  private static final Set<String> HONORIFICS = Set.of(
      "mr", "mrs", "ms", "miss", "mister", "dr", "hr", "herr", "fru", "frk", "frau", "mme", "mlle",
      "madame", "madam", "sig", "sra", "sr", "mx");

  private static final java.util.regex.Pattern APOSTROPHES = java.util.regex.Pattern.compile("['`\u2019\u02bc]");
  private static final java.util.regex.Pattern NON_ALNUM = java.util.regex.Pattern.compile("[^a-z0-9]+");

  private static final ThreadLocal<Transliterator> TO_ASCII =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Any-Latin; Latin-ASCII"));

  private Names() {}

  /** One name part normalised to lower-case ASCII words separated by single spaces. */
  public static String normalise(String value) {
    if (value == null) {
      return "";
    }
    String s = Normalizer.normalize(value, Normalizer.Form.NFKC);
    s = TO_ASCII.get().transliterate(s);
    s = s.toLowerCase(Locale.ROOT);
    s = APOSTROPHES.matcher(s).replaceAll("");
    s = NON_ALNUM.matcher(s).replaceAll(" ").trim();
    return s;
  }

  private static final Set<String> PARTICLES = Set.of(
      "el", "al", "ul", "ad", "ben", "bin", "ibn", "abu", "de", "da", "di", "do", "dos", "du", "del", "della",
      "van", "von", "der", "den", "le", "la", "mc", "mac", "st", "san", "santa");

  /**
   * Compound forms written both apart and together: hyphenated names joined ("Shu-Fen" →
   * {@code shufen}) and a particle joined to the word after it ("El Amrani" → {@code elamrani},
   * "De Leon" → {@code deleon}). Linkage compares them as extra tokens; the name key does not use
   * them.
   */
  public static List<String> compounds(String... parts) {
    TreeSet<String> out = new TreeSet<>();
    for (String part : parts) {
      if (part == null) {
        continue;
      }
      String lower = TO_ASCII.get().transliterate(Normalizer.normalize(part, Normalizer.Form.NFKC))
          .toLowerCase(Locale.ROOT);
      for (String word : lower.split("\\s+")) {
        if (word.contains("-")) {
          String joined = NON_ALNUM.matcher(APOSTROPHES.matcher(word).replaceAll("")).replaceAll("");
          if (joined.length() > 1) {
            out.add(joined);
          }
        }
      }
      String[] words = normalise(part).split(" ");
      for (int i = 0; i + 1 < words.length; i++) {
        if (PARTICLES.contains(words[i])) {
          out.add(words[i] + words[i + 1]);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The sorted, de-duplicated name tokens of all the given parts, honorifics removed. */
  public static List<String> tokens(String... parts) {
    TreeSet<String> set = new TreeSet<>();
    for (String part : parts) {
      String n = normalise(part);
      if (n.isEmpty()) {
        continue;
      }
      for (String t : n.split(" ")) {
        if (!t.isEmpty() && !HONORIFICS.contains(t)) {
          set.add(t);
        }
      }
    }
    return new ArrayList<>(set);
  }
}
