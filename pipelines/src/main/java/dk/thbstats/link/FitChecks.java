package dk.thbstats.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks of a model fitted on the records to be linked, before it scores anything. EM on data it
 * cannot separate (strangers who share one name, a file with one field) wanders off: agreement
 * that weighs nothing, disagreement that weighs for a match, or a prior that says every record
 * has many duplicates. A model that fails any check is not used: linkage falls back to the
 * bundled model and says why ({@link ProbabilisticLinkage#link}). The persons it gives are checked
 * too ({@link #clusterProblem}): a fit that chains strangers puts many records in large persons.
 */
public final class FitChecks {
  private FitChecks() {}

  /** The most matching pairs per record a plausible prior implies (a person with 11 records). */
  public static final double MAX_MATCHES_PER_RECORD = 5.0;

  /** The levels that say a field disagrees. */
  private static final List<String> AGAINST = List.of("else", "disagree");

  /** The problems of {@code fitted} on {@code n} records; empty when it passes. */
  public static List<String> problems(FellegiSunter fitted, long n) {
    List<String> out = new ArrayList<>();
    for (String c : fitted.comparisons()) {
      // Nothing was fitted where m is at its starting values (the bundled model's address after a
      // refused fit, its u measured on the input): nothing to check.
      if (Comparisons.FOLLOW_NAME.contains(c)
          || fitted.mFrom().getOrDefault(c, FellegiSunter.MSource.EM) == FellegiSunter.MSource.START) {
        continue;
      }
      List<String> levels = Comparisons.LEVELS.get(c);
      // The strongest agreeing level, not the first: a level no record can reach (street agreement
      // in a file without streets) has no m to learn, and says nothing of the fit.
      int strongest = -1;
      for (int l = 0; l < levels.size(); l++) {
        if (!AGAINST.contains(levels.get(l)) && (strongest < 0 || fitted.factor(c, l) > fitted.factor(c, strongest))) {
          strongest = l;
        }
      }
      if (strongest >= 0 && !(fitted.factor(c, strongest) > 0)) {
        out.add(String.format(Locale.ROOT, "%s: no agreeing level weighs for a match (the strongest, %s, weighs"
            + " %.2f bits)", c, levels.get(strongest), fitted.factor(c, strongest)));
      }
      for (String against : AGAINST) {
        int at = levels.indexOf(against);
        if (at >= 0 && !(fitted.factor(c, at) < 0)) {
          out.add(String.format(Locale.ROOT, "%s: disagreeing (%s) weighs %.2f bits, not against a match", c,
              against, fitted.factor(c, at)));
        }
      }
    }
    double pairs = n * (n - 1) / 2.0;
    double expected = fitted.lambda() * pairs;
    if (n > 1 && expected > MAX_MATCHES_PER_RECORD * n) {
      out.add(String.format(Locale.ROOT, "prior: lambda %.3g expects %.0f matching pairs among %d records (at most"
          + " %.0f per record is plausible)", fitted.lambda(), expected, n, MAX_MATCHES_PER_RECORD));
    }
    return out;
  }

  /** A person of this many records or more is large: one person rarely has ten records. */
  public static final int LARGE_PERSON = 10;

  /** The most of the records that may sit in large persons: above it, the fit chained strangers. */
  public static final double MAX_LARGE_SHARE = 0.02;

  /**
   * The problem of the persons a fit gave ({@code inLarge} of {@code n} records in persons of
   * {@link #LARGE_PERSON} records or more), or null when they are plausible.
   */
  public static String clusterProblem(long n, long inLarge) {
    if (n > 0 && inLarge > MAX_LARGE_SHARE * n) {
      return String.format(Locale.ROOT, "clusters: %d of %d records (%.1f %%) in persons of %d records or more (at"
          + " most %.0f %% is plausible)", inLarge, n, 100.0 * inLarge / n, LARGE_PERSON, 100 * MAX_LARGE_SHARE);
    }
    return null;
  }
}
