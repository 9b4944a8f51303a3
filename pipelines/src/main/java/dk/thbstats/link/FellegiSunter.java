package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * A Fellegi–Sunter model: per comparison and level, m = P(level | match) and u = P(level |
 * non-match), and the prior λ of a match among candidate pairs. A pair's match weight is
 * log2(λ/(1−λ)) + Σ log2(m/u) over the comparisons it can be compared on; its probability is the
 * logistic of that weight. Serializable and written as the versioned model file.
 *
 * <p>Training ({@link #em}) runs on the counts of comparison patterns — a few thousand distinct
 * vectors — never on pairs, so it is cheap on the driver whatever the data size.
 */
public record FellegiSunter(List<String> comparisons, Map<String, double[]> m, Map<String, double[]> u,
    double lambda, Map<String, MSource> mFrom) implements Serializable {

  /** Where a comparison's m came from. */
  public enum MSource {
    /** Expectation–maximisation on records (these, or the ones a model file was trained on). */
    EM("em"),
    /** EM with the m of its disagreement level held at a prior (a round with one free comparison). */
    EM_PINNED("em, disagreement held at its prior"),
    /** No round could learn it on these records: the bundled model's m. */
    BUNDLED("bundled model"),
    /** No round could learn it and no model had it: the starting values. */
    START("starting values");

    private final String label;

    MSource(String label) {
      this.label = label;
    }

    /** How the model file and the report name it. */
    public String label() {
      return label;
    }

    /** The source named {@code label}; EM for an unknown or missing one (model files before m_from). */
    public static MSource of(String label) {
      for (MSource s : values()) {
        if (s.label.equals(label)) {
          return s;
        }
      }
      return EM;
    }
  }

  /** A model whose every m came from EM (a model file, a test). */
  public FellegiSunter(List<String> comparisons, Map<String, double[]> m, Map<String, double[]> u, double lambda) {
    this(comparisons, m, u, lambda, allFrom(comparisons, MSource.EM));
  }

  static Map<String, MSource> allFrom(List<String> comparisons, MSource source) {
    Map<String, MSource> out = new LinkedHashMap<>();
    comparisons.forEach(c -> out.put(c, source));
    return out;
  }

  /** A comparison pattern (levels in {@link #comparisons} order, −1 = not compared) and its count. */
  public record Pattern(int[] levels, long count) implements Serializable {}

  /**
   * The log2 Bayes factor of one comparison at one level. No level weighs more than the first
   * (exact) one that pairs of one person reach ({@link #reached}): EM on few pairs can produce a
   * near-miss outweighing an exact match, which is clamped. The last level (the field disagrees)
   * weighs at most 0. Comparisons of {@link Comparisons#AGAINST_ONLY} count only against a match.
   * Levels of {@link Comparisons#AGAINST} weigh at most their cap, whatever m and u say.
   */
  public double factor(String comparison, int level) {
    double f = Math.log(m.get(comparison)[level] / u.get(comparison)[level]) / Math.log(2);
    Comparisons.Against against = Comparisons.against(comparison, level);
    if (against != null) {
      return Math.min(f, against.maxWeight());
    }
    if (Comparisons.AGAINST_ONLY.contains(comparison)) {
      return Math.min(0, f);
    }
    double[] mc = m.get(comparison);
    double[] uc = u.get(comparison);
    if (level == mc.length - 1) {
      // The last level says the field disagrees: never evidence for a match.
      f = Math.min(0, f);
    }
    int top = 0;
    while (top < mc.length - 1 && !reached(mc[top])) {
      top++;
    }
    if (level > top) {
      f = Math.min(f, Math.log(mc[top] / uc[top]) / Math.log(2));
    }
    return f;
  }

  /**
   * Whether pairs of one person reach a level: m at least {@link #MIN_REACHED_M} (EM leaves a
   * level no pair reaches at nothing). A small file's EM may yet leave such a level at a share of
   * its u, above the bound: not told apart here.
   */
  static boolean reached(double m) {
    return m >= MIN_REACHED_M;
  }

  /**
   * An m below this says no pair of one person reached the level (street agreement in a file
   * without streets: EM leaves its m at nothing). Such a level caps no level below it; the first
   * level reached does.
   */
  static final double MIN_REACHED_M = 1e-6;

  /** The same m and prior with another u (measured on the records to be linked). */
  public FellegiSunter withU(Map<String, double[]> newU) {
    if (!newU.keySet().containsAll(comparisons)) {
      throw new IllegalArgumentException("u for " + newU.keySet() + ", the model compares " + comparisons);
    }
    return new FellegiSunter(comparisons, m, newU, lambda, mFrom);
  }

  /** The same m and u with another prior. */
  public FellegiSunter withLambda(double newLambda) {
    return new FellegiSunter(comparisons, m, u, newLambda, mFrom);
  }

  /** The prior's part of every match weight: log2 of λ / (1 − λ). */
  public double priorWeight() {
    return Math.log(lambda / (1 - lambda)) / Math.log(2);
  }

  /** The match weight of a pattern. */
  public double weight(int[] levels) {
    double w = priorWeight();
    for (int i = 0; i < comparisons.size(); i++) {
      if (levels[i] >= 0) {
        w += factor(comparisons.get(i), levels[i]);
      }
    }
    return w;
  }

  /** The match weight as a Spark column over the level columns ({@code cmp_<name>}). */
  public Column weight(Map<String, Comparisons.TermFrequency> termFrequency) {
    Column w = lit(priorWeight());
    for (String c : comparisons) {
      double[] mc = m.get(c);
      Column level = col("cmp_" + c);
      Column expr = null;
      for (int l = 0; l < mc.length; l++) {
        Column value = lit(factor(c, l));
        Comparisons.TermFrequency tf = termFrequency.get(c);
        if (tf != null && tf.levels().contains(l)) {
          // Term-frequency adjustment (Splink): agreeing on a common value is weaker evidence: u of
          // the level becomes the value's frequency when that is higher than the level's u.
          // Never lower: in a small file a frequency cannot go below 1/N and counts the person's own
          // records, so it would understate the evidence of a rare value.
          value = org.apache.spark.sql.functions.least(value, org.apache.spark.sql.functions.coalesce(
              org.apache.spark.sql.functions.log2(lit(mc[l]).divide(org.apache.spark.sql.functions.greatest(
                  col("tf_" + c), lit(1e-7)))), value));
        }
        if ("name".equals(c) && TokenFrequencies.LEVELS.contains(l)) {
          // Shared name tokens common within the citizenship: u is at least their frequencies'
          // product there (TokenFrequencies).
          value = uAtLeast(value, mc[l], TokenFrequencies.COLUMN);
        }
        if ("name".equals(c) && NamesWithinCitizenship.adjusts(l)) {
          // Two records of one citizenship: u of the name level is at least its frequency among
          // that citizenship's strangers (NamesWithinCitizenship).
          value = uAtLeast(value, mc[l], NamesWithinCitizenship.COLUMN);
        }
        expr = expr == null ? when(level.equalTo(l), value) : expr.when(level.equalTo(l), value);
      }
      w = w.plus(expr.otherwise(lit(0.0)));
    }
    return w;
  }

  /**
   * A level's factor when a pair's own u may be higher than the level's: at most log2(m / u) with
   * u from the pair's column {@code log2U} (log2 of that u; null leaves the factor as it is).
   */
  private static Column uAtLeast(Column factor, double m, String log2U) {
    return org.apache.spark.sql.functions.least(factor, org.apache.spark.sql.functions.coalesce(
        lit(Math.log(m) / Math.log(2)).minus(col(log2U)), factor));
  }

  /** The match probability: the logistic (base 2) of the weight. */
  public static Column probability(Column weight) {
    return lit(1.0).divide(lit(1.0).plus(org.apache.spark.sql.functions.pow(lit(2.0), weight.multiply(-1))));
  }

  /** u from level counts of random pairs (a tenth of a pair per level, so no level is impossible). */
  public static double[] smoothed(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (counts[i] + 0.1) / (total + 0.1 * counts.length);
    }
    return out;
  }

  /** Starting m: most mass on the best level, decreasing geometrically. */
  public static double[] initialM(int levels) {
    double[] m = new double[levels];
    double total = 0;
    for (int i = 0; i < levels; i++) {
      m[i] = Math.pow(0.25, i);
      total += m[i];
    }
    for (int i = 0; i < levels; i++) {
      m[i] /= total;
    }
    return m;
  }

  /**
   * Expectation–maximisation of m (for the comparisons in {@code learnM}) and of λ, over pattern
   * counts; u stays fixed (it comes from random pairs). Comparisons in
   * {@code ignore} (the ones the training pairs were blocked on) do not enter the likelihood.
   */
  public static FellegiSunter em(List<Pattern> patterns, FellegiSunter start, Set<String> learnM,
      Set<String> ignore, int iterations) {
    return em(patterns, start, learnM, ignore, Map.of(), iterations);
  }

  /**
   * As {@link #em(List, FellegiSunter, Set, Set, int)}, with the m of some levels held: per
   * comparison in {@code pinned}, the level its {@link Pin} names (its disagreement level) keeps m
   * at the value given and the other levels share the rest in proportion to what EM finds. A two-class mixture over one
   * comparison is identifiable that way (its K − 1 free level frequencies give λ and K − 2 free m),
   * where it is not with every m free.
   */
  public static FellegiSunter em(List<Pattern> patterns, FellegiSunter start, Set<String> learnM,
      Set<String> ignore, Map<String, Pin> pinned, int iterations) {
    List<String> cs = start.comparisons();
    Map<String, double[]> m = copy(start.m());
    Map<String, double[]> u = start.u();
    double lambda = start.lambda();
    for (int it = 0; it < iterations; it++) {
      Map<String, double[]> mNum = zeros(m);
      double matchTotal = 0;
      double total = 0;
      double[] mDen = new double[cs.size()];
      for (Pattern p : patterns) {
        double lm = Math.log(lambda);
        double lu = Math.log(1 - lambda);
        for (int i = 0; i < cs.size(); i++) {
          int level = p.levels()[i];
          if (level < 0 || ignore.contains(cs.get(i))) {
            continue;
          }
          lm += Math.log(m.get(cs.get(i))[level]);
          lu += Math.log(u.get(cs.get(i))[level]);
        }
        double w = 1.0 / (1.0 + Math.exp(lu - lm));
        matchTotal += p.count() * w;
        total += p.count();
        for (int i = 0; i < cs.size(); i++) {
          int level = p.levels()[i];
          if (level < 0) {
            continue;
          }
          mNum.get(cs.get(i))[level] += p.count() * w;
          mDen[i] += p.count() * w;
        }
      }
      lambda = clamp(matchTotal / Math.max(total, 1e-12));
      for (int i = 0; i < cs.size(); i++) {
        String c = cs.get(i);
        if (learnM.contains(c) && !ignore.contains(c) && mDen[i] > 0) {
          double[] next = shrunk(mNum.get(c), mDen[i], u.get(c));
          Pin pin = pinned.get(c);
          if (pin != null) {
            next = pin.apply(next);
          }
          m.put(c, boundAgainst(c, next));
        }
      }
    }
    return new FellegiSunter(cs, m, u, lambda, start.mFrom());
  }

  /** The m of one level held at {@code m}; the other levels scaled to share 1 − m. */
  public record Pin(int level, double m) implements Serializable {
    public Pin {
      if (!(m > 0 && m < 1)) {
        throw new IllegalArgumentException("a pinned m must lie in (0, 1), was " + m);
      }
    }

    double[] apply(double[] v) {
      double rest = 0;
      for (int i = 0; i < v.length; i++) {
        if (i != level) {
          rest += v[i];
        }
      }
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = i == level ? m : (rest > 0 ? v[i] / rest * (1 - m) : (1 - m) / (v.length - 1));
      }
      return out;
    }
  }

  /**
   * The most of a person's pairs that the levels saying two persons (the last level and those of
   * {@link Comparisons#AGAINST}) may take together, a bound EM's M-step keeps on the comparisons of
   * {@link #BOUNDED}. EM's matches take in
   * strangers who agree on what a round was blocked on: at 20,000 generated persons it put 55 % of
   * the matches' birth dates far apart (truth: 0.6 %) and 20 % of their shared identifiers' kinds
   * on different numbers (truth: none), which drains m from the agreeing levels, so each agreement
   * weighed up to 1.2 bits too little. FEBRL's duplicates, whose errors are real, stay under it
   * (names 5.9 %, birth dates 6.2 % wholly different).
   */
  public static final double MAX_AGAINST_M = 0.10;

  /**
   * The comparisons whose last level says two persons, and so {@link #MAX_AGAINST_M} bounds: a
   * person keeps a name, a birth date, a sex and a document's number. Contact, address and
   * citizenship are circumstances that change (a new telephone, a move, a second passport); their
   * "disagree" is no evidence of two persons and EM's m for it stays as fitted.
   */
  public static final Set<String> BOUNDED = Set.of("identifier", "name", "birth_date", "sex");

  /**
   * {@code v} with the levels saying two persons scaled down to {@link #MAX_AGAINST_M} together;
   * {@code v} itself for a comparison outside {@link #BOUNDED}.
   */
  static double[] boundAgainst(String comparison, double[] v) {
    if (!BOUNDED.contains(comparison)) {
      return v;
    }
    boolean[] against = new boolean[v.length];
    against[v.length - 1] = true;
    for (Comparisons.Against a : Comparisons.AGAINST.getOrDefault(comparison, List.of())) {
      for (int l : a.levels()) {
        if (l < v.length) {
          against[l] = true;
        }
      }
    }
    double mass = 0;
    for (int l = 0; l < v.length; l++) {
      mass += against[l] ? v[l] : 0;
    }
    if (mass <= MAX_AGAINST_M || mass >= 1) {
      return v;
    }
    double[] out = new double[v.length];
    for (int l = 0; l < v.length; l++) {
      out[l] = against[l] ? v[l] * MAX_AGAINST_M / mass : v[l] * (1 - MAX_AGAINST_M) / (1 - mass);
    }
    return out;
  }

  private static double clamp(double v) {
    return Math.min(1 - 1e-9, Math.max(1e-9, v));
  }

  /** Pseudo-pairs that pull a probability towards u: a level seen (almost) never stays neutral. */
  static final double PRIOR_PAIRS = 2.0;

  private static double[] shrunk(double[] num, double den, double[] toward) {
    double[] out = new double[num.length];
    for (int i = 0; i < num.length; i++) {
      out[i] = (num[i] + PRIOR_PAIRS * toward[i]) / (den + PRIOR_PAIRS);
    }
    return out;
  }

  private static Map<String, double[]> copy(Map<String, double[]> in) {
    Map<String, double[]> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  private static Map<String, double[]> zeros(Map<String, double[]> in) {
    Map<String, double[]> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, new double[v.length]));
    return out;
  }

  /** A readable table of the model (for the run report and the model file). */
  public List<Map<String, Object>> describe() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String c : comparisons) {
      List<String> names = Comparisons.LEVELS.get(c);
      for (int l = 0; l < m.get(c).length; l++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("comparison", c);
        row.put("level", names.get(l));
        row.put("m", m.get(c)[l]);
        row.put("u", u.get(c)[l]);
        row.put("weight", factor(c, l));
        row.put("m_from", mFrom.getOrDefault(c, MSource.EM).label());
        rows.add(row);
      }
    }
    return rows;
  }
}
