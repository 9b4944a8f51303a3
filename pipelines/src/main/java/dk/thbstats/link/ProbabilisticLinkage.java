package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dk.thbstats.schema.Tables.Records;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Probabilistic deduplication on keyed encodings: blocking → comparison levels → a
 * Fellegi–Sunter model (u from random pairs, m by EM in rounds blocked on different fields, the
 * prior by EM over all candidates) → match probabilities → connected components of the pairs at
 * or above the link threshold. Works on the columns of {@link Comparisons#COLUMNS} only.
 */
public final class ProbabilisticLinkage {
  private ProbabilisticLinkage() {}

  /** Seed of the random pairs (nightly, train-linkage, thb link): a rerun draws the same ones. */
  public static final long SEED = 20261129L;

  /** What linkage produced. */
  public record Result(Dataset<Row> clusters, Dataset<Row> scored, FellegiSunter model, Dataset<Row> blockSizes,
      Dataset<Row> records, long candidatePairs, List<String> fitProblems) {

    /** True when a model fitted on the records failed {@link FitChecks} and the bundled model linked them. */
    public boolean fellBack() {
      return !fitProblems.isEmpty();
    }

    /** The clusters at other thresholds, from the same scored pairs (bench sweeps; link ≥ review threshold). */
    public Dataset<Row> recluster(double linkThreshold, double clusterThreshold) {
      return Clustering.cluster(records, scored, linkThreshold, clusterThreshold)
          .select(col(Records.RECORD_KEY), col("cluster").as("component"));
    }
  }

  /** Only the columns linkage may read. */
  public static Dataset<Row> linkColumns(Dataset<Row> records) {
    return records.select(Comparisons.COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Records of one value that one person's own records may explain: a value is "common" only
   * beyond these, so a rare name held by one person in three records is not taken for a common one.
   */
  static final int OWN_RECORDS = 3;

  /**
   * Per term-frequency comparison, each value's frequency among the records that have one, beyond
   * {@link #OWN_RECORDS}: {@code (n − 3) / N}, 0 for values with 3 records or fewer.
   */
  static Map<String, Dataset<Row>> termFrequencies(Dataset<Row> records) {
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : Comparisons.TERM_FREQUENCY.entrySet()) {
      Dataset<Row> values = records.filter(col(e.getValue()).isNotNull()).select(col(e.getValue()).as("value"));
      Dataset<Row> counts = values.groupBy("value").agg(count(lit(1)).as("n"));
      // The total as a one-row aggregate crossed in (a window without partition would move every
      // value to one task).
      Dataset<Row> total = counts.agg(org.apache.spark.sql.functions.sum("n").as("total"));
      out.put(e.getKey(), counts.crossJoin(org.apache.spark.sql.functions.broadcast(total))
          .select(col("value").as("tf_value_" + e.getKey()),
              org.apache.spark.sql.functions.greatest(col("n").minus(OWN_RECORDS), lit(0)).divide(col("total"))
                  .as("tf_" + e.getKey())));
    }
    return out;
  }

  /** Adds the left value's frequency ({@code tf_<comparison>}) for each term-frequency comparison. */
  static Dataset<Row> withTermFrequencies(Dataset<Row> compared, Map<String, Dataset<Row>> tf) {
    Dataset<Row> out = compared;
    for (Map.Entry<String, Dataset<Row>> e : tf.entrySet()) {
      String key = Comparisons.TERM_FREQUENCY.get(e.getKey());
      out = out.join(org.apache.spark.sql.functions.broadcast(e.getValue()),
          out.col("l_" + key).equalTo(col("tf_value_" + e.getKey())), "left").drop("tf_value_" + e.getKey());
    }
    return out;
  }

  /** The pairs with both records' columns ({@code l_}, {@code r_}) and a level column per comparison. */
  public static Dataset<Row> compare(Dataset<Row> pairs, Dataset<Row> records, LinkSettings settings) {
    Dataset<Row> left = records.select(Comparisons.COLUMNS.stream().map(c -> col(c).as("l_" + c)).toArray(Column[]::new));
    Dataset<Row> right = records.select(Comparisons.COLUMNS.stream().map(c -> col(c).as("r_" + c)).toArray(Column[]::new));
    Dataset<Row> joined = pairs
        .join(left, pairs.col("l_key").equalTo(left.col("l_" + Records.RECORD_KEY)))
        .join(right, pairs.col("r_key").equalTo(right.col("r_" + Records.RECORD_KEY)));
    Dataset<Row> out = joined;
    for (Map.Entry<String, Column> e : Comparisons.levels(settings.diceLevels()).entrySet()) {
      out = out.withColumn("cmp_" + e.getKey(), e.getValue().cast("int"));
    }
    List<Column> keep = new ArrayList<>();
    for (String c : pairs.columns()) {
      keep.add(col(c));
    }
    for (String key : Comparisons.TERM_FREQUENCY.values()) {
      keep.add(col("l_" + key));
    }
    for (String c : Comparisons.LEVELS.keySet()) {
      keep.add(col("cmp_" + c));
    }
    return out.select(keep.toArray(new Column[0]));
  }

  /** The distinct comparison patterns of compared pairs, with counts (small: collected). */
  static List<FellegiSunter.Pattern> patterns(Dataset<Row> compared) {
    List<String> cs = new ArrayList<>(Comparisons.LEVELS.keySet());
    Column[] cols = cs.stream().map(c -> col("cmp_" + c)).toArray(Column[]::new);
    List<FellegiSunter.Pattern> out = new ArrayList<>();
    for (Row r : compared.groupBy(cols).agg(count(lit(1)).as("n")).collectAsList()) {
      int[] levels = new int[cs.size()];
      for (int i = 0; i < cs.size(); i++) {
        levels[i] = r.isNullAt(i) ? -1 : r.getInt(i);
      }
      out.add(new FellegiSunter.Pattern(levels, r.getLong(cs.size())));
    }
    // A fixed order: EM's floating-point sums then do not depend on how Spark partitioned the pairs.
    out.sort((x, y) -> java.util.Arrays.compare(x.levels(), y.levels()));
    return out;
  }

  /** Trains a model on the records themselves, unsupervised. */
  public static FellegiSunter train(Dataset<Row> records, LinkSettings settings, long seed) {
    Dataset<Row> linkRecords = linkColumns(records).localCheckpoint();
    long n = linkRecords.count();
    List<String> cs = new ArrayList<>(Comparisons.LEVELS.keySet());

    Dataset<Row> randomCompared = randomPairs(linkRecords, settings, n, seed);
    Map<String, double[]> u = levelFrequencies(randomCompared);
    Map<String, double[]> m = new LinkedHashMap<>();
    for (String c : cs) {
      m.put(c, FellegiSunter.initialM(Comparisons.LEVELS.get(c).size()));
    }
    FellegiSunter model = new FellegiSunter(cs, m, u, 0.1);

    // m: EM in rounds, each on the pairs of one blocking rule, learning the comparisons not blocked on.
    Map<String, double[]> mSum = new LinkedHashMap<>();
    Map<String, Integer> mRounds = new LinkedHashMap<>();
    for (String round : settings.trainingRounds()) {
      LinkSettings.BlockingRule rule = settings.blocking().stream().filter(r -> r.name().equals(round)).findFirst()
          .orElseThrow();
      Set<String> ignore = new HashSet<>();
      rule.keys().forEach(k -> ignore.addAll(Comparisons.KEY_FIELDS.get(k)));
      Dataset<Row> pairs = Blocking.rulePairs(linkRecords, settings, round);
      List<FellegiSunter.Pattern> patterns = patterns(compare(pairs, linkRecords, settings));
      if (patterns.isEmpty()) {
        continue;
      }
      Set<String> learnM = new HashSet<>(cs);
      learnM.removeAll(ignore);
      // A two-class mixture is not identifiable from one comparison: with a single free comparison
      // that the pairs can be compared on, any split fits equally well and EM wanders off. Such a
      // round teaches nothing; its comparisons keep what other rounds learn (or the starting m).
      if (informative(patterns, cs, learnM).size() < 2) {
        continue;
      }
      // u stays as random pairs show it for every comparison. (Sex and citizenship travel with
      // names, so agreeing on them adds a little to a name match; but learning their u among
      // name-agreeing pairs would make a disagreement worthless where it matters most: pairs that
      // agree on a birth date and nothing else.)
      FellegiSunter trained = FellegiSunter.em(patterns, model, learnM, ignore, settings.emIterations());
      for (String c : learnM) {
        double[] acc = mSum.computeIfAbsent(c, k -> new double[trained.m().get(k).length]);
        double[] v = trained.m().get(c);
        for (int i = 0; i < v.length; i++) {
          acc[i] += v[i];
        }
        mRounds.merge(c, 1, Integer::sum);
      }
    }
    for (Map.Entry<String, double[]> e : mSum.entrySet()) {
      double[] v = e.getValue();
      int rounds = mRounds.get(e.getKey());
      for (int i = 0; i < v.length; i++) {
        v[i] /= rounds;
      }
      m.put(e.getKey(), v);
    }
    model = new FellegiSunter(cs, m, u, 0.1);
    double lambda = estimateLambda(linkRecords, settings, n, model, u, randomCompared, null);
    return new FellegiSunter(cs, m, u, lambda);
  }

  /**
   * Random pairs, compared: two random samples of about √{@code random_pairs} records each, crossed
   * (never all pairs). A record is drawn by a seeded hash of its key, so the sample depends on the
   * records only — not on partitioning or order — and a rerun draws the same pairs.
   */
  static Dataset<Row> randomPairs(Dataset<Row> linkRecords, LinkSettings settings, long n, long seed) {
    long side = Math.max(2, Math.min(n, Math.round(Math.sqrt(settings.randomPairs()))));
    long modulus = 1_000_000L;
    long cut = Math.max(1, Math.round((double) side / Math.max(1, n) * modulus));
    Dataset<Row> a = linkRecords.filter(org.apache.spark.sql.functions.pmod(
            org.apache.spark.sql.functions.xxhash64(col(Records.RECORD_KEY), lit(seed)), lit(modulus)).lt(cut))
        .select(col(Records.RECORD_KEY).as("l_key"));
    Dataset<Row> b = linkRecords.filter(org.apache.spark.sql.functions.pmod(
            org.apache.spark.sql.functions.xxhash64(col(Records.RECORD_KEY), lit(seed + 1)), lit(modulus)).lt(cut))
        .select(col(Records.RECORD_KEY).as("r_key"));
    Dataset<Row> random = a.crossJoin(b).filter(col("l_key").notEqual(col("r_key")));
    return compare(random, linkRecords, settings).localCheckpoint();
  }

  /** u: each comparison's level frequencies among compared random pairs, smoothed. */
  static Map<String, double[]> levelFrequencies(Dataset<Row> randomCompared) {
    // Every comparison's level counts in one pass (one job, one row).
    List<org.apache.spark.sql.Column> counts = new ArrayList<>();
    for (String c : Comparisons.LEVELS.keySet()) {
      for (int level = 0; level < Comparisons.LEVELS.get(c).size(); level++) {
        counts.add(org.apache.spark.sql.functions.count(
            org.apache.spark.sql.functions.when(col("cmp_" + c).equalTo(level), lit(1))));
      }
    }
    Row r = randomCompared.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new org.apache.spark.sql.Column[0]))
        .first();
    Map<String, double[]> u = new LinkedHashMap<>();
    int i = 0;
    for (String c : Comparisons.LEVELS.keySet()) {
      long[] levelCounts = new long[Comparisons.LEVELS.get(c).size()];
      for (int level = 0; level < levelCounts.length; level++) {
        levelCounts[level] = r.getLong(i++);
      }
      u.put(c, FellegiSunter.smoothed(levelCounts));
    }
    return u;
  }

  /**
   * λ, the probability that two random records of these records match (it depends on the data's
   * size, so a model file's λ is re-estimated on every run). Random pairs are an unbiased sample, so
   * when they hold enough matches λ is fitted on them (EM with m and u fixed, u as random pairs show
   * it). Otherwise (a large file: a million random pairs hold almost no match) it is the expected
   * matches among the candidate pairs over all pairs — biased upwards, as candidates agree on their
   * blocking keys by construction, which u does not know. {@code candidates}: the blocking's
   * candidate pairs when the caller has them already, or null to block here.
   */
  static double estimateLambda(Dataset<Row> linkRecords, LinkSettings settings, long n, FellegiSunter model,
      Map<String, double[]> randomU, Dataset<Row> randomCompared, Dataset<Row> candidates) {
    List<String> cs = model.comparisons();
    List<FellegiSunter.Pattern> randomPatterns = patterns(randomCompared);
    long randomCount = randomPatterns.stream().mapToLong(FellegiSunter.Pattern::count).sum();
    FellegiSunter sampled = FellegiSunter.em(randomPatterns, new FellegiSunter(cs, model.m(), randomU, 1e-4),
        Set.of(), Set.of(), settings.emIterations());
    double allPairs = Math.max(1.0, n * (n - 1) / 2.0);
    double lambda;
    if (sampled.lambda() * randomCount >= MIN_RANDOM_MATCHES) {
      lambda = sampled.lambda();
    } else {
      Dataset<Row> pairs = candidates != null ? candidates : Blocking.pairs(linkRecords, settings).pairs();
      List<FellegiSunter.Pattern> all = patterns(compare(pairs, linkRecords, settings));
      long candidatePairs = all.stream().mapToLong(FellegiSunter.Pattern::count).sum();
      FellegiSunter onCandidates = FellegiSunter.em(all, model, Set.of(), Set.of(), settings.emIterations());
      lambda = onCandidates.lambda() * candidatePairs / allPairs;
    }
    return Math.min(0.5, Math.max(1.0 / allPairs, lambda));
  }

  /** The comparisons of {@code free} the pairs can be compared on (at least 1 % of them). */
  static List<String> informative(List<FellegiSunter.Pattern> patterns, List<String> cs, Set<String> free) {
    long total = patterns.stream().mapToLong(FellegiSunter.Pattern::count).sum();
    List<String> n = new ArrayList<>();
    for (int i = 0; i < cs.size(); i++) {
      if (!free.contains(cs.get(i))) {
        continue;
      }
      long compared = 0;
      for (FellegiSunter.Pattern p : patterns) {
        if (p.levels()[i] >= 0) {
          compared += p.count();
        }
      }
      if (compared >= 0.01 * total && compared > 0) {
        n.add(cs.get(i));
      }
    }
    return n;
  }

  /** Expected matches among the random pairs needed to fit λ on them. */
  static final double MIN_RANDOM_MATCHES = 30;

  /** Links the records: trains a model when none is given. */
  public static Result link(Dataset<Row> records, LinkSettings settings, FellegiSunter model, long seed) {
    Dataset<Row> linkRecords = linkColumns(records).localCheckpoint();
    // The candidate pairs first: fitting λ on a small file compares them too, and blocks once.
    Blocking.Result blocks = Blocking.pairs(linkRecords, settings);
    Dataset<Row> candidates = blocks.pairs().localCheckpoint();
    FellegiSunter fs = fit(linkRecords, settings, model, seed, candidates);
    List<String> problems = List.of();
    if (model == null) {
      // A fit on the records themselves is checked before it scores anything; a runaway one is
      // never used silently.
      problems = FitChecks.problems(fs, linkRecords.count());
      if (!problems.isEmpty()) {
        FellegiSunter bundled = ModelFile.bundled();
        if (bundled == null) {
          throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.CONFIG_INVALID,
              "the model fitted on these records failed its checks (" + String.join("; ", problems)
                  + ") and there is no bundled model to fall back to");
        }
        fs = fit(linkRecords, settings, bundled, seed, candidates);
        List<String> still = FitChecks.problems(fs, linkRecords.count());
        if (!still.isEmpty()) {
          throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.CONFIG_INVALID,
              "the model fitted on these records failed its checks (" + String.join("; ", problems)
                  + "), and so did the bundled model on them (" + String.join("; ", still) + ")");
        }
      }
    }
    Dataset<Row> scored = score(candidates, linkRecords, settings, fs).localCheckpoint();
    Dataset<Row> clusters = Clustering.cluster(linkRecords, scored, settings.linkThreshold(),
            settings.clusterThreshold())
        .select(col(Records.RECORD_KEY), col("cluster").as("component"), col(Clustering.LINK_COMPONENT));
    return new Result(clusters, scored, fs, blocks.blockSizes(), linkRecords, candidates.count(), problems);
  }

  /**
   * The model to score these records with: {@code model} with λ re-estimated on them (λ depends on
   * the number of records), or, without a model, one trained on them unsupervised.
   * {@code candidates}: the blocking's candidate pairs if already made, or null.
   */
  static FellegiSunter fit(Dataset<Row> linkRecords, LinkSettings settings, FellegiSunter model, long seed,
      Dataset<Row> candidates) {
    if (model == null) {
      return train(linkRecords, settings, seed);
    }
    long n = linkRecords.count();
    Dataset<Row> randomCompared = randomPairs(linkRecords, settings, n, seed);
    return model.withLambda(estimateLambda(linkRecords, settings, n, model, levelFrequencies(randomCompared),
        randomCompared, candidates));
  }

  /**
   * Scores candidate pairs ({@code l_key, r_key, rule}): comparison levels, term-frequency
   * adjustment, {@code weight} (log2 Bayes factor with the prior), {@code probability}, and the
   * {@code evidence} as level names; keeps the pairs at or above the review threshold.
   */
  public static Dataset<Row> score(Dataset<Row> pairs, Dataset<Row> linkRecords, LinkSettings settings,
      FellegiSunter fs) {
    return withTermFrequencies(compare(pairs, linkRecords, settings), termFrequencies(linkRecords))
        .withColumn("weight", fs.weight(Comparisons.TERM_FREQUENCY.keySet()))
        .withColumn("probability", FellegiSunter.probability(col("weight")))
        .filter(col("probability").geq(settings.reviewThreshold()))
        .withColumn("evidence", evidence());
  }

  /** The level each comparison reached, as {@code comparison=level} names joined by "; ". */
  static Column evidence() {
    List<Column> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : Comparisons.LEVELS.entrySet()) {
      Column names = org.apache.spark.sql.functions.array(
          e.getValue().stream().map(n -> lit(e.getKey() + "=" + n)).toArray(Column[]::new));
      Column level = col("cmp_" + e.getKey());
      parts.add(org.apache.spark.sql.functions.when(level.isNotNull(),
          org.apache.spark.sql.functions.element_at(names, level.plus(1))));
    }
    return org.apache.spark.sql.functions.concat_ws("; ", parts.toArray(new Column[0]));
  }
}
