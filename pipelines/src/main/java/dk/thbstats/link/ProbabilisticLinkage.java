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
 * prior at the fixed point of the candidates' own weights, {@link #scoringLambda}) → match
 * probabilities → connected components of the pairs at or above the link threshold. Works on the
 * columns of {@link Comparisons#COLUMNS} only.
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

  /**
   * Only the columns linkage may read, and the blocking keys derived from them ({@link NameLsh}'s
   * band keys of the name Bloom filter).
   */
  public static Dataset<Row> linkColumns(Dataset<Row> records) {
    return records.select(Comparisons.COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new))
        .withColumn(NameLsh.COLUMN, NameLsh.UDF.apply(col(Records.NAME_BLOOM)));
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
    for (Map.Entry<String, Comparisons.TermFrequency> e : Comparisons.TERM_FREQUENCY.entrySet()) {
      String key = e.getValue().key();
      Dataset<Row> values = records.filter(col(key).isNotNull()).select(col(key).as("value"));
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
      String key = Comparisons.TERM_FREQUENCY.get(e.getKey()).key();
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
    for (Comparisons.TermFrequency tf : Comparisons.TERM_FREQUENCY.values()) {
      keep.add(col("l_" + tf.key()));
    }
    // For the frequencies of shared name tokens within a citizenship (TokenFrequencies).
    keep.add(col("l_" + Records.NAME_TOKENS));
    keep.add(col("r_" + Records.NAME_TOKENS));
    keep.add(col("l_" + Records.CITIZENSHIP));
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

  /** Trains a model on the records themselves, unsupervised, with the bundled model as prior. */
  public static FellegiSunter train(Dataset<Row> records, LinkSettings settings, long seed) {
    return train(records, settings, seed, ModelFile.bundled());
  }

  /**
   * m of a disagreement level held in a round with one free comparison when no model has it: one
   * match in twenty disagrees entirely on the field.
   */
  static final double DEFAULT_DISAGREE_M = 0.05;

  /**
   * Trains a model on the records themselves, unsupervised. {@code prior} (may be null) gives the
   * starting m of each comparison it learned; a comparison no round can learn on these records
   * keeps it (and says so in {@link FellegiSunter#mFrom}), rather than the geometric start.
   */
  public static FellegiSunter train(Dataset<Row> records, LinkSettings settings, long seed, FellegiSunter prior) {
    Dataset<Row> linkRecords = linkColumns(records).localCheckpoint();
    long n = linkRecords.count();
    List<String> cs = new ArrayList<>(Comparisons.LEVELS.keySet());

    Dataset<Row> randomCompared = randomPairs(linkRecords, settings, n, seed);
    Map<String, double[]> u = levelFrequencies(randomCompared);
    Map<String, double[]> m = new LinkedHashMap<>();
    Map<String, FellegiSunter.MSource> from = new LinkedHashMap<>();
    for (String c : cs) {
      boolean fromPrior = prior != null && prior.m().containsKey(c)
          && prior.mFrom().getOrDefault(c, FellegiSunter.MSource.EM) != FellegiSunter.MSource.START;
      m.put(c, fromPrior ? prior.m().get(c).clone() : FellegiSunter.initialM(Comparisons.LEVELS.get(c).size()));
      from.put(c, fromPrior ? FellegiSunter.MSource.BUNDLED : FellegiSunter.MSource.START);
    }
    FellegiSunter model = new FellegiSunter(cs, m, u, 0.1, from);

    // m: EM in rounds, each on the pairs of one blocking rule, learning the comparisons not blocked on.
    Map<String, double[]> mSum = new LinkedHashMap<>();
    Map<String, Integer> mRounds = new LinkedHashMap<>();
    Set<String> learnedFree = new HashSet<>();
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
      List<String> informative = informative(patterns, cs, learnM);
      // A two-class mixture is not identifiable from one comparison with every m free: any split fits
      // equally well and EM wanders off. With the m of its disagreement level held it is, and a
      // names-and-address file needs that (a round blocked on names learns the address) — but what it
      // learns is the comparison's distribution among pairs that agree on the round's key, which is
      // its m only when errors in the two are independent. Where one record of a pair carries one
      // error (RLdata: a pair agreeing on the name has its error in the date), it is not. So such a
      // round learns only a comparison nothing else tells about (no model has it), with its
      // disagreement held at DEFAULT_DISAGREE_M; a round with no free comparison teaches nothing.
      Map<String, FellegiSunter.Pin> pins = new LinkedHashMap<>();
      if (informative.isEmpty()) {
        continue;
      }
      if (informative.size() == 1) {
        String c = informative.get(0);
        int against = disagreementLevel(c);
        if (against < 0 || from.get(c) != FellegiSunter.MSource.START) {
          continue;
        }
        pins.put(c, new FellegiSunter.Pin(against, DEFAULT_DISAGREE_M));
        learnM = Set.of(c);
      }
      // u stays as random pairs show it for every comparison. (Sex and citizenship travel with
      // names, so agreeing on them adds a little to a name match; but learning their u among
      // name-agreeing pairs would make a disagreement worthless where it matters most: pairs that
      // agree on a birth date and nothing else.)
      FellegiSunter trained = FellegiSunter.em(patterns, model, learnM, ignore, pins, settings.emIterations());
      // What the round learned: its free comparisons that its pairs are compared on (a comparison
      // hardly ever compared keeps its m, and is not said to be learned).
      for (String c : informative) {
        double[] acc = mSum.computeIfAbsent(c, k -> new double[trained.m().get(k).length]);
        double[] v = trained.m().get(c);
        for (int i = 0; i < v.length; i++) {
          acc[i] += v[i];
        }
        mRounds.merge(c, 1, Integer::sum);
        if (pins.isEmpty()) {
          learnedFree.add(c);
        }
      }
    }
    for (Map.Entry<String, double[]> e : mSum.entrySet()) {
      double[] v = e.getValue();
      int rounds = mRounds.get(e.getKey());
      for (int i = 0; i < v.length; i++) {
        v[i] /= rounds;
      }
      m.put(e.getKey(), v);
      from.put(e.getKey(), learnedFree.contains(e.getKey()) ? FellegiSunter.MSource.EM
          : FellegiSunter.MSource.EM_PINNED);
    }
    model = new FellegiSunter(cs, m, u, 0.1, from);
    model = model.withU(strangersU(prior == null ? null : measuredU(prior), randomCompared));
    double lambda = estimateLambda(linkRecords, settings, n, model, model.u(), randomCompared, null);
    return model.withLambda(lambda);
  }

  /** The level of a comparison that says its field disagrees ("else" or "disagree"), or −1. */
  static int disagreementLevel(String comparison) {
    List<String> levels = Comparisons.LEVELS.get(comparison);
    int at = levels.indexOf("else");
    return at >= 0 ? at : levels.indexOf("disagree");
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
    Map<String, double[]> u = new LinkedHashMap<>();
    levelCounts(randomCompared).forEach((c, counts) -> u.put(c, FellegiSunter.smoothed(counts)));
    return u;
  }

  /** Each comparison's level counts among compared pairs (one job, one row). */
  static Map<String, long[]> levelCounts(Dataset<Row> compared) {
    List<org.apache.spark.sql.Column> counts = new ArrayList<>();
    for (String c : Comparisons.LEVELS.keySet()) {
      for (int level = 0; level < Comparisons.LEVELS.get(c).size(); level++) {
        counts.add(org.apache.spark.sql.functions.count(
            org.apache.spark.sql.functions.when(col("cmp_" + c).equalTo(level), lit(1))));
      }
    }
    Row r = compared.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new org.apache.spark.sql.Column[0]))
        .first();
    Map<String, long[]> out = new LinkedHashMap<>();
    int i = 0;
    for (String c : Comparisons.LEVELS.keySet()) {
      long[] levelCounts = new long[Comparisons.LEVELS.get(c).size()];
      for (int level = 0; level < levelCounts.length; level++) {
        levelCounts[level] = r.getLong(i++);
      }
      out.put(c, levelCounts);
    }
    return out;
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
      lambda = selfConsistentLambda(all, model, onCandidates.lambda() * candidatePairs / allPairs, allPairs);
    }
    return Math.min(0.5, Math.max(1.0 / allPairs, lambda));
  }

  /**
   * λ as EM over all pairs would fit it with m and u fixed, the pairs blocking did not produce taken
   * as non-matches: λ = Σ over candidates of P(match | pattern, λ) / all pairs, iterated from
   * {@code start} to its fixed point. The start (EM's prior among the candidates, scaled) counts
   * every candidate as likely as its own pattern's share says, and candidates agree on their
   * blocking keys by construction, which u does not know: on RLdata it expected fifteen times the
   * true matches, and each doubling of λ adds a bit to every pair's weight. At the fixed point a
   * pair counts by its posterior under the global prior, so the weak ones stop inflating it.
   */
  static double selfConsistentLambda(List<FellegiSunter.Pattern> candidates, FellegiSunter model, double start,
      double allPairs) {
    double[] factor = new double[candidates.size()];
    long[] count = new long[candidates.size()];
    double priorWeight = model.priorWeight();
    for (int i = 0; i < factor.length; i++) {
      factor[i] = Math.pow(2, model.weight(candidates.get(i).levels()) - priorWeight);
      count[i] = candidates.get(i).count();
    }
    return fixedPointLambda(factor, count, start, allPairs);
  }

  /**
   * The fixed point of λ = Σ count × P(match | Bayes factor, λ) / {@code allPairs} over groups of
   * pairs with one Bayes factor each, iterated from {@code start}; within [1 / allPairs, 0.5].
   */
  static double fixedPointLambda(double[] factor, long[] count, double start, double allPairs) {
    double lambda = Math.min(0.5, Math.max(1.0 / allPairs, start));
    for (int it = 0; it < 500; it++) {
      double odds = lambda / (1 - lambda);
      double matches = 0;
      for (int i = 0; i < factor.length; i++) {
        matches += count[i] * (odds * factor[i] / (1 + odds * factor[i]));
      }
      double next = Math.min(0.5, Math.max(1.0 / allPairs, matches / allPairs));
      if (Math.abs(next - lambda) <= 1e-6 * lambda) {
        return next;
      }
      lambda = next;
    }
    return lambda;
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
    long n = linkRecords.count();
    // The candidate pairs first: fitting λ on a small file compares them too, and blocks once.
    Blocking.Result blocks = Blocking.pairs(linkRecords, settings);
    Dataset<Row> candidates = blocks.pairs().localCheckpoint();
    FellegiSunter fs = fit(linkRecords, settings, model, seed, candidates, true);
    // A fit on the records themselves is checked before it links anything, and its persons before
    // they are used; a runaway one is never used silently. The prior is judged as the fit found
    // it: scoring's λ cannot run away (its expected matches never exceed the candidate pairs).
    List<String> problems = model == null ? FitChecks.problems(fs, n) : List.of();
    Linked linked = problems.isEmpty() ? cluster(weigh(candidates, linkRecords, settings, fs, n), linkRecords, settings)
        : null;
    if (model == null && linked != null) {
      String large = FitChecks.clusterProblem(n, linked.recordsInLargePersons());
      if (large != null) {
        problems = List.of(large);
      }
    }
    if (!problems.isEmpty()) {
      FellegiSunter bundled = ModelFile.bundled();
      if (bundled == null) {
        throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.CONFIG_INVALID,
            "the model fitted on these records failed its checks (" + String.join("; ", problems)
                + ") and there is no bundled model to fall back to");
      }
      // The bundled model as it stands (its measured u too, only λ measured here): the records
      // just showed that what they say of themselves cannot be trusted. A comparison it holds at
      // starting values gets u measured here (ownUOr).
      fs = fit(linkRecords, settings, bundled, seed, candidates, false);
      List<String> still = FitChecks.problems(fs, n);
      if (!still.isEmpty()) {
        throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.CONFIG_INVALID,
            "the model fitted on these records failed its checks (" + String.join("; ", problems)
                + "), and so did the bundled model on them (" + String.join("; ", still) + ")");
      }
      linked = cluster(weigh(candidates, linkRecords, settings, fs, n), linkRecords, settings);
    }
    return new Result(linked.clusters(), linked.scored(), linked.model(), blocks.blockSizes(), linkRecords,
        candidates.count(), problems);
  }

  /** Scored pairs, the clusters they give, and the model that scored them (λ at its fixed point). */
  private record Linked(Dataset<Row> scored, Dataset<Row> clusters, FellegiSunter model) {
    /** Records in persons of at least {@link FitChecks#LARGE_PERSON} records. */
    long recordsInLargePersons() {
      Row r = clusters.groupBy("component").count().filter(col("count").geq(FitChecks.LARGE_PERSON))
          .agg(org.apache.spark.sql.functions.sum("count")).first();
      return r.isNullAt(0) ? 0 : r.getLong(0);
    }
  }

  /**
   * The candidate pairs weighed once, by {@code model} with λ moved to where their own weights put
   * it ({@link #scoringLambda}): every pair's weight is then exactly the one that model gives.
   */
  private record Weighed(Dataset<Row> pairs, FellegiSunter model) {}

  private static Weighed weigh(Dataset<Row> candidates, Dataset<Row> linkRecords, LinkSettings settings,
      FellegiSunter fitted, long n) {
    // Kept once, in the columns scoring reads: the pair, its levels and its weight.
    List<Column> keep = new ArrayList<>();
    for (String c : candidates.columns()) {
      keep.add(col(c));
    }
    for (String c : Comparisons.LEVELS.keySet()) {
      keep.add(col("cmp_" + c));
    }
    keep.add(col("weight"));
    Dataset<Row> pairs = weighed(candidates, linkRecords, settings, fitted).select(keep.toArray(new Column[0]))
        .localCheckpoint();
    FellegiSunter fs = fitted.withLambda(scoringLambda(pairs, fitted, n));
    // λ enters a weight only as its prior log-odds: the weights under the new λ are the old ones
    // moved by the difference.
    double shift = fs.priorWeight() - fitted.priorWeight();
    return new Weighed(pairs.withColumn("weight", col("weight").plus(lit(shift))), fs);
  }

  private static Linked cluster(Weighed weighed, Dataset<Row> linkRecords, LinkSettings settings) {
    Dataset<Row> scored = scored(weighed.pairs(), settings).localCheckpoint();
    Dataset<Row> clusters = Clustering.cluster(linkRecords, scored, settings.linkThreshold(),
            settings.clusterThreshold())
        .select(col(Records.RECORD_KEY), col("cluster").as("component"), col(Clustering.LINK_COMPONENT))
        .localCheckpoint();
    return new Linked(scored, clusters, weighed.model());
  }

  /**
   * The model to score these records with: {@code model}'s m with u and λ re-estimated on them, or,
   * without a model, one trained on them unsupervised. m — how a person's records differ — carries
   * from one file to another; u — how often strangers agree — is a property of the population (a
   * pool of German names is not one of Bulgarian ones) and λ of the file's size, so both are
   * measured here: u from the same random pairs a fit uses. {@code candidates}: the blocking's
   * candidate pairs if already made, or null. {@code measureU} false: the model's u as it stands
   * where it measured it, measured here where it has only starting values (the fallback after a
   * refused fit). The λ returned is where random pairs put it; scoring then moves it to where the
   * candidates' own weights do ({@link #scoringLambda}).
   */
  static FellegiSunter fit(Dataset<Row> linkRecords, LinkSettings settings, FellegiSunter model, long seed,
      Dataset<Row> candidates, boolean measureU) {
    if (model == null) {
      return train(linkRecords, settings, seed);
    }
    long n = linkRecords.count();
    Dataset<Row> randomCompared = randomPairs(linkRecords, settings, n, seed);
    Map<String, double[]> measured = measureU ? strangersU(measuredU(model), randomCompared)
        : levelFrequencies(randomCompared);
    FellegiSunter here = measureU ? model.withU(measured) : model.withU(ownUOr(model, measured));
    // λ is fitted on the random pairs with the u they show, whichever u scores.
    return here.withLambda(estimateLambda(linkRecords, settings, n, here, measured, randomCompared, candidates));
  }

  /**
   * A model's u of the comparisons it measured: not those left at the starting values (their u came
   * from no random pair compared on them).
   */
  static Map<String, double[]> measuredU(FellegiSunter model) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String c : model.comparisons()) {
      if (model.mFrom().getOrDefault(c, FellegiSunter.MSource.EM) != FellegiSunter.MSource.START) {
        out.put(c, model.u().get(c));
      }
    }
    return out;
  }

  /**
   * The model's u where it measured it, elsewhere {@code here}'s: a comparison the model holds at
   * its starting values (the bundled model's address: generated records carry almost none) has a u
   * that says nothing of any population, and strangers' agreement on these records is always safe
   * to measure. The fallback after a refused fit keeps every u the model did measure.
   */
  static Map<String, double[]> ownUOr(FellegiSunter model, Map<String, double[]> here) {
    Map<String, double[]> own = measuredU(model);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String c : model.comparisons()) {
      out.put(c, own.containsKey(c) ? own.get(c) : here.get(c));
    }
    return out;
  }

  /** Pseudo-pairs of the prior u against the random pairs ({@link #strangersU}). */
  static final double PRIOR_U_PAIRS = 100_000;

  /**
   * u of these records: each comparison's level frequencies among the random pairs, drawn towards
   * {@code prior} (a model's measured u; null or missing: the smoothing of
   * {@link FellegiSunter#smoothed}) by k pseudo-pairs, {@link #PRIOR_U_PAIRS} or as many as the pairs
   * compared if fewer: {@code (pairs at the level + k × prior) / (pairs compared + k)}. A few hundred thousand random pairs cannot measure a u of
   * 10^-5, and in a small file with many duplicates its random pairs hold matches (400 records of
   * 300 persons: one pair in 800) that make agreeing look commoner among strangers than it is; with
   * a million random pairs the data outweigh the prior ten to one. (Taking the matches out by their
   * posterior was tried and dropped: where strangers share a name and nothing else is compared, no
   * model tells them from matches, and u ran away to nothing.)
   */
  static Map<String, double[]> strangersU(Map<String, double[]> prior, Dataset<Row> randomCompared) {
    Map<String, long[]> counts = levelCounts(randomCompared);
    Map<String, double[]> u = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      double[] p = prior == null ? null : prior.get(e.getKey());
      long[] c = e.getValue();
      if (p == null) {
        u.put(e.getKey(), FellegiSunter.smoothed(c));
        continue;
      }
      long total = 0;
      for (long x : c) {
        total += x;
      }
      // Never more pseudo-pairs than pairs: in a file whose strangers all share one name, the data
      // must be able to say so.
      double k = Math.min(PRIOR_U_PAIRS, total);
      double[] v = new double[c.length];
      for (int l = 0; l < c.length; l++) {
        v[l] = total == 0 ? p[l] : (c[l] + k * p[l]) / (total + k);
      }
      u.put(e.getKey(), v);
    }
    return u;
  }

  /**
   * Scores candidate pairs ({@code l_key, r_key, rule}): comparison levels, term-frequency
   * adjustments (name key, shared tokens, name levels within a citizenship), {@code weight} (log2
   * Bayes factor with the prior), {@code probability}, and the {@code evidence} as level names;
   * keeps the pairs at or above the review threshold.
   */
  public static Dataset<Row> score(Dataset<Row> pairs, Dataset<Row> linkRecords, LinkSettings settings,
      FellegiSunter fs) {
    return scored(weighed(pairs, linkRecords, settings, fs), settings);
  }

  /** Weighed pairs with their {@code probability} and {@code evidence}, those under review threshold left out. */
  private static Dataset<Row> scored(Dataset<Row> weighed, LinkSettings settings) {
    return weighed.withColumn("probability", FellegiSunter.probability(col("weight")))
        .filter(col("probability").geq(settings.reviewThreshold()))
        .withColumn("evidence", evidence());
  }

  /** Compared pairs with every adjustment and their {@code weight}, none left out. */
  static Dataset<Row> weighed(Dataset<Row> pairs, Dataset<Row> linkRecords, LinkSettings settings,
      FellegiSunter fs) {
    Dataset<Row> compared = withTermFrequencies(compare(pairs, linkRecords, settings), termFrequencies(linkRecords));
    compared = NamesWithinCitizenship.withCitizenshipU(compared,
        NamesWithinCitizenship.of(linkRecords, settings, fs.u().get("name"), SEED));
    return TokenFrequencies.withSharedTokens(compared, TokenFrequencies.of(linkRecords))
        .withColumn("weight", fs.weight(Comparisons.TERM_FREQUENCY));
  }

  /**
   * λ where the candidates' own weights put it: the fixed point of λ = Σ over candidate pairs of
   * P(match | the pair's weight, λ) / all pairs, the pairs blocking did not make taken as strangers.
   * The weights are those scoring gives — names within the citizenship, term frequencies, the
   * agreement on citizenship — which λ from random pairs does not see: there, strangers of one
   * country who share a name look like matches, and λ grew with the file (20,000 generated persons:
   * 0.0002 against a true 0.000017, four bits on every pair). Here it came out at 0.00018 (true
   * 0.00018) at 2,000 persons and 0.000016 (true 0.000017) at 20,000. Only counts per weight (to
   * a hundredth of a bit) reach the driver. {@code weighed}: the candidate pairs weighed by
   * {@code fitted} ({@link #weighed}); {@code n}: the records. Starts from {@code fitted}'s λ.
   */
  static double scoringLambda(Dataset<Row> weighed, FellegiSunter fitted, long n) {
    double prior = fitted.priorWeight();
    List<Row> bins = weighed
        .groupBy(org.apache.spark.sql.functions.round(col("weight").minus(lit(prior)), 2).as("bits")).count()
        .collectAsList();
    double[] factor = new double[bins.size()];
    long[] count = new long[bins.size()];
    for (int i = 0; i < factor.length; i++) {
      factor[i] = Math.pow(2, bins.get(i).getDouble(0));
      count[i] = bins.get(i).getLong(1);
    }
    return fixedPointLambda(factor, count, fitted.lambda(), Math.max(1.0, n * (n - 1) / 2.0));
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
