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
