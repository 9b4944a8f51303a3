package dk.thbstats.cli;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.bench.ScaleBench;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.generate.Generator;
import dk.thbstats.generate.GeneratorOptions;
import dk.thbstats.ingest.CanonicaliseStage;
import dk.thbstats.ingest.FileInspection;
import dk.thbstats.ingest.IngestStage;
import dk.thbstats.ingest.PersonFiles;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkQuality;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.ProbabilisticLinkage;
import dk.thbstats.night.AggregateStage;
import dk.thbstats.night.LinkFigures;
import dk.thbstats.night.NightlyJob;
import dk.thbstats.night.PersonFilesLinkage;
import dk.thbstats.night.StatisticsStep;
import dk.thbstats.night.SuppressionGroup;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables.Records;
import dk.thbstats.validate.ValidateStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code thb bench}: linkage quality (pairwise precision, recall, F1 after clustering) and time
 * on the public record-linkage benchmarks and on the generator's multi-source data, with one and
 * the same configuration. FEBRL's {@code soc_sec_id} is never given to the linkage.
 */
final class BenchCommand implements Cli.Command {
  /**
   * The public demo key: the benchmarks read public or synthetic data only, and one fixed key makes
   * their figures repeat from run to run (linkage breaks exact ties by keyed tokens, so a random key
   * moved F1 by a few thousandths between runs of the same code).
   */
  private static final Keyring BENCH_KEY = Keys.resolve(null, java.util.Map.of(), dk.thbstats.config.Profile.LOCAL,
      warning -> { });
  private boolean showModels;
  private java.io.PrintStream out;

  @Override
  public String summary() {
    return "measure linkage quality (precision, recall, F1) and time on benchmark data";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb bench [--data DIR] [--persons N] [--seed S] [--only NAME[,NAME...]]
                           [--threshold P[,P...]] [--cluster-threshold C[,C...]] [--models]
                           [--model fitted|bundled|both] [--warehouse DIR] [--master URL]
                           [--sizes N[,N...]]

        Runs the pipeline's encodings and linkage on
          febrl1, febrl2, febrl3  FEBRL dataset1/2/3.csv (truth: rec-N-org / rec-N-dup-k = person N;
                                  soc_sec_id is never used)
          febrl3-nodob            FEBRL dataset3.csv without the birth date (names and address)
          rldata                  RLdata10000.csv (truth: ent_id)
          generator               the generator's ngo/police/dis deliveries (--persons, --seed;
                                  default 2,000 and 7), through ingest, validation and
                                  pseudonymisation as a night runs
          generator-s8, -s9       2,000 persons, seeds 8 and 9
          generator-20k, -100k    20,000 persons (seed 7) and 100,000 persons (seed 11)
          generator-nodob         20,000 persons (seed 7), every NGO record without its birth date
        each with the model fitted on it and with the bundled model (--model), and prints pairwise
        precision, recall and F1 after clustering, with the time per data set.
        With --only nights (never by default): the nightly job on the generator's deliveries, one
        night per delivery date (incremental linkage after the first), then one night with
        --relink; prints each night's time and linkage figures, and quality, persons and person
        keys of the incremental result against the full one.
        With --only disclose (never by default): secondary suppression of the suppression groups
        of the warehouse's persons (the count tables a night makes, protected as a first release);
        prints each group's cells, suppressed cells, linear programs and time.
        With --only scale (never by default): for each size (--sizes, default 10000,100000,1000000
        persons) the I/O floor (plain Spark reads the generated landing, writes Parquet), a full
        night with the last 1 % of the landing's rows held back (split off the last delivery's
        files) and an incremental night adding them; prints each stage's seconds, the records
        linked per minute, peak
        memory, the ratio to the floor and how cost grows from one size to the next. Run with
        THB_XMX large enough for the largest size (e.g. THB_XMX=12g for 1,000,000 persons).

          --data DIR      folder of the benchmark files (default ../shared/data/linkage)
          --set DIR[,DIR...]  also (or, without --only, only) these folders: each holds mapping.json
                          (as ./thb link reads it), truth.csv (record_id,person, and source when
                          record ids repeat across files: the file name without extension) and
                          the person files; the line is named after the folder
          --persons N     persons for the generator data set (default 2000)
          --seed S        seed for the generator data set (default 7)
          --only NAMES    run only these data sets
          --threshold P[,P...]          link threshold(s) (default from
                                        schemas/linkage/settings.v1.json); several: one trained
                                        model, clustered at each
          --cluster-threshold C[,C...]  cluster threshold(s), likewise
          --model WHICH   fitted (unsupervised, on the set), bundled (schemas/linkage/model.v1.json,
                          lambda re-estimated) or both (default)
          --models        print each fitted model, how many true pairs blocking found and
                          which rule found them
          --warehouse DIR the warehouse for --only disclose (default ./warehouse)
          --sizes N[,N...]  persons per size for --only scale (default 10000,100000,1000000)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("data", "persons", "seed", "only", "threshold", "cluster-threshold", "master",
        "warehouse", "model", "set", "sizes"),
        Set.of("models"));
    showModels = args.flag("models");
    long persons = args.longValue("persons", 2000);
    long seed = args.longValue("seed", 7);
    String modelChoice = args.get("model", "both");
    if (!List.of("fitted", "bundled", "both").contains(modelChoice)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--model must be fitted, bundled or both, not '"
          + modelChoice + "'");
    }
    List<Integer> sizes = new ArrayList<>();
    for (String n : args.get("sizes", "10000,100000,1000000").split(",")) {
      try {
        sizes.add(Integer.parseInt(n.trim()));
      } catch (NumberFormatException e) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "--sizes takes persons as whole numbers, not '" + n + "'");
      }
    }
    args.check("bench");
    Path data = env.resolve(Path.of(args.get("data", "../shared/data/linkage")));
    Path warehouse = env.resolve(Path.of(args.get("warehouse", "warehouse")));
    List<String> only = args.get("only", null) == null ? null : List.of(args.get("only", null).split(","));
    LinkSettings settings = LinkSettings.load();
    List<String> thresholds = List.of(args.get("threshold", String.valueOf(settings.linkThreshold())).split(","));
    List<String> clusterThresholds =
        List.of(args.get("cluster-threshold", String.valueOf(settings.clusterThreshold())).split(","));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    RunContext context = new RunContext(spark, RunId.now(env.clock()), env.clock());
    out = env.out();

    List<Thresholds> grid = new ArrayList<>();
    for (String t : thresholds) {
      for (String c : clusterThresholds) {
        grid.add(new Thresholds(Double.parseDouble(t), Double.parseDouble(c)));
      }
    }
    double lowest = grid.stream().mapToDouble(Thresholds::link).min().orElse(settings.linkThreshold());
    if (lowest <= settings.reviewThreshold()) {
      settings = settings.withReviewThreshold(lowest / 2);
    }
    boolean sweep = grid.size() > 1;
    List<LinkageSet> linkageSets = new ArrayList<>(linkageSets((int) persons, seed));
    List<String> folders = args.get("set", null) == null ? List.of() : List.of(args.get("set", null).split(","));
    for (String f : folders) {
      Path dir = env.resolve(Path.of(f));
      if (!Files.isRegularFile(dir.resolve(MAPPING)) || !Files.isRegularFile(dir.resolve(TRUTH))) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "--set " + f + ": the folder needs " + MAPPING
            + " and " + TRUTH + " beside its person files");
      }
      linkageSets.add(new LinkageSet(dir.getFileName().toString(), SetKind.FOLDER, dir.toString(), 0, 0, null));
    }
    if (!folders.isEmpty() && only == null) {
      only = linkageSets.subList(linkageSets.size() - folders.size(), linkageSets.size()).stream()
          .map(LinkageSet::name).toList();
    }
    List<String> linkageNames = linkageSets.stream().map(LinkageSet::name).toList();
    if (only != null) {
      List<String> unknown = only.stream().filter(n -> !linkageNames.contains(n) && !"nights".equals(n)
          && !"disclose".equals(n) && !"scale".equals(n)).toList();
      if (!unknown.isEmpty()) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "--only names no bench set " + unknown + "; the sets are "
            + String.join(", ", linkageNames) + ", nights, disclose, scale");
      }
    }
    boolean linkage = only == null || only.stream().anyMatch(linkageNames::contains);
    if (linkage) {
      env.out().printf("%-14s %-7s %8s %9s %9s %9s %9s %7s %8s%s%n", "data set", "model", "records", "true",
          "predicted", "precision", "recall", "F1", "seconds", sweep ? "  link  cluster" : "");
    }
    // Each linkage set with the model fitted on it (null) and with the bundled one.
    List<String> models = "both".equals(modelChoice) ? List.of("fitted", "bundled") : List.of(modelChoice);
    for (LinkageSet set : linkageSets) {
      if (only != null && !only.contains(set.name())) {
        continue;
      }
      for (String which : models) {
        FellegiSunter model = "bundled".equals(which) ? dk.thbstats.link.ModelFile.bundled() : null;
        measure(env, context, set, which, model, data, settings, grid);
      }
    }
    if (only != null && only.contains("nights")) {
      nights(context, (int) persons, seed);
    }
    if (only != null && only.contains("disclose")) {
      disclose(context, warehouse);
    }
    if (only != null && only.contains("scale")) {
      scale(context, sizes, seed);
    }
    if (linkage) {
      env.out().printf(Locale.ROOT, "link threshold %.3f, cluster threshold %.2f, dice levels %s, blocking rules %d,"
          + " max block %d%n", settings.linkThreshold(), settings.clusterThreshold(), settings.diceLevels(),
          settings.blocking().size(), settings.maxBlock());
    }
    return 0;
  }

  /** Where a linkage set's records come from. */
  enum SetKind { FEBRL, FEBRL_NO_DATES, RLDATA, GENERATOR, FOLDER }

  /**
   * One line of the linkage bench: a public file ({@code file}) or the generator's deliveries
   * ({@code persons}, {@code seed}, and {@code dropDatesFrom}: a source whose records lose their
   * birth dates, or null).
   */
  record LinkageSet(String name, SetKind kind, String file, int persons, long seed, String dropDatesFrom) {}

  /**
   * The sets the bench runs by default, in order: FEBRL 1-3, FEBRL 3 without dates, RLdata, the
   * generator at --persons and --seed (2,000 and 7 unless given), at 2,000 persons with seeds 8
   * and 9, at 20,000 and 100,000 persons, and at 20,000 persons without the NGO's birth dates.
   */
  static List<LinkageSet> linkageSets(int persons, long seed) {
    return List.of(
        new LinkageSet("febrl1", SetKind.FEBRL, "dataset1.csv", 0, 0, null),
        new LinkageSet("febrl2", SetKind.FEBRL, "dataset2.csv", 0, 0, null),
        new LinkageSet("febrl3", SetKind.FEBRL, "dataset3.csv", 0, 0, null),
        new LinkageSet("febrl3-nodob", SetKind.FEBRL_NO_DATES, "dataset3.csv", 0, 0, null),
        new LinkageSet("rldata", SetKind.RLDATA, "RLdata10000.csv", 0, 0, null),
        new LinkageSet("generator", SetKind.GENERATOR, null, persons, seed, null),
        new LinkageSet("generator-s8", SetKind.GENERATOR, null, 2000, 8, null),
        new LinkageSet("generator-s9", SetKind.GENERATOR, null, 2000, 9, null),
        new LinkageSet("generator-20k", SetKind.GENERATOR, null, 20_000, 7, null),
        new LinkageSet("generator-100k", SetKind.GENERATOR, null, 100_000, 11, null),
        new LinkageSet("generator-nodob", SetKind.GENERATOR, null, 20_000, 7, "ngo"));
  }

  private void measure(CliEnvironment env, RunContext context, LinkageSet set, String which, FellegiSunter model,
      Path data, LinkSettings settings, List<Thresholds> grid) {
    boolean sweep = grid.size() > 1;
    String name = set.name();
    long start = System.nanoTime();
    Evaluation e = switch (set.kind()) {
      case FEBRL -> febrl(context, data.resolve(set.file()), settings, model, true);
      case FEBRL_NO_DATES -> febrl(context, data.resolve(set.file()), settings, model, false);
      case RLDATA -> rldata(context, data.resolve(set.file()), settings, model);
      case GENERATOR -> generator(context, set.persons(), set.seed(), settings, model, set.dropDatesFrom());
      case FOLDER -> folder(context, Path.of(set.file()), settings, model);
    };
    if (e == null) {
      env.out().printf("%-14s (no data at %s)%n", name, data);
      return;
    }
    try {
      show(name, e.result());
      if (e.result().fellBack()) {
        env.out().printf("%-14s fitted model refused (%s): the bundled model linked%n", name,
            String.join("; ", e.result().fitProblems()));
      }
      if (showModels) {
        explainBlocking(e, settings);
      }
      for (Thresholds g : grid) {
        Dataset<Row> clusters = sweep ? e.result().recluster(g.link(), g.cluster()) : e.result().clusters();
        LinkQuality.Figures f = LinkQuality.pairwise(clusters.join(e.truth(), Records.RECORD_KEY)
            .select(col("component").as("cluster"), col("entity")));
        long ms = (System.nanoTime() - start) / 1_000_000;
        env.out().printf(Locale.ROOT, "%-14s %-7s %8d %9d %9d %9.4f %9.4f %7.4f %8.1f%s%n", name, which, f.records(),
            f.truePairs(), f.predictedPairs(), f.precision(), f.recall(), f.f1(), ms / 1000.0,
            sweep ? String.format(Locale.ROOT, "  %.4f  %.2f", g.link(), g.cluster()) : "");
      }
    } finally {
      if (e.folder() != null) {
        try {
          dk.thbstats.core.LocalFiles.deleteTree(e.folder());
        } catch (IOException ex) {
          out.println("could not remove " + e.folder());
        }
      }
    }
  }

  /** One point of a threshold sweep. */
  private record Thresholds(double link, double cluster) {}

  /**
   * Times the suppressor on the warehouse's count tables: each suppression group as a first
   * release (no previous one), as {@code StatisticsStep} builds and protects them.
   */
  private void disclose(RunContext context, Path dir) {
    SparkSession spark = context.spark();
    Warehouse w = Warehouse.existing(spark, dir.toString());
    Dataset<Row> persons = w.read(dk.thbstats.schema.Tables.PERSONS);
    Map<dk.thbstats.schema.Tables, Dataset<Row>> counts = AggregateStage.countTables(spark, new AggregateStage.Input(
        persons, w.read(dk.thbstats.schema.Tables.EVENTS), w.read(dk.thbstats.schema.Tables.LINKS), CodeLists.load(),
        StatisticsStep.victimYears(persons)));
    for (SuppressionGroup g : SuppressionGroup.values()) {
      List<dk.thbstats.schema.Tables> group = g.tables();
      List<Dataset<Row>> groupCounts = group.stream().map(counts::get).toList();
      groupCounts.forEach(Dataset::count); // aggregated before the clock starts
      long start = System.nanoTime();
      dk.thbstats.disclose.SuppressionStage.Output o = new dk.thbstats.disclose.SuppressionStage()
          .run(new dk.thbstats.disclose.SuppressionStage.Input(group, groupCounts), context);
      double seconds = (System.nanoTime() - start) / 1e9;
      int cells = o.tables().stream().mapToInt(dk.thbstats.disclose.SuppressionStage.Table::cells).sum();
      int primary = o.tables().stream().mapToInt(dk.thbstats.disclose.SuppressionStage.Table::primary).sum();
      int secondary = o.tables().stream().mapToInt(dk.thbstats.disclose.SuppressionStage.Table::secondary).sum();
      out.printf(Locale.ROOT, "disclose   %s: %d cells, %d suppressed (%d primary, %d secondary), %.1f s%n",
          String.join(" + ", group.stream().map(dk.thbstats.schema.Tables::table).toList()), cells,
          primary + secondary, primary, secondary, seconds);
      for (dk.thbstats.disclose.SuppressionStage.Table t : o.tables()) {
        out.printf(Locale.ROOT, "             %s: %d cells, %d suppressed%n", t.table().table(), t.cells(),
            t.suppressedCells());
      }
      out.printf("             audit %s%n", o.auditSummary());
    }
  }

  /** How many true pairs blocking made candidates of, and how many the model scored at all. */
  private void explainBlocking(Evaluation e, LinkSettings settings) {
    Dataset<Row> l = e.truth().select(col(Records.RECORD_KEY).as("l_key"), col("entity").as("le"));
    Dataset<Row> r = e.truth().select(col(Records.RECORD_KEY).as("r_key"), col("entity").as("re"));
    Dataset<Row> candidates = dk.thbstats.link.Blocking.pairs(e.result().records(), settings).pairs()
        .join(l, "l_key").join(r, "r_key").filter(col("le").equalTo(col("re")));
    Row sum = e.truth().groupBy("entity").count().selectExpr("sum(count * (count - 1) / 2)").first();
    long truePairs = sum.isNullAt(0) ? 0 : Math.round(sum.getDouble(0));
    long found = candidates.count();
    long scored = e.result().scored().join(l, "l_key").join(r, "r_key").filter(col("le").equalTo(col("re"))).count();
    out.printf(Locale.ROOT, "  blocking: %d of %d true pairs are candidates (%.4f); %d scored at or above %.3f%n",
        found, truePairs, truePairs == 0 ? 1.0 : (double) found / truePairs, scored, settings.reviewThreshold());
    candidates.groupBy("rule").count().orderBy("rule").collectAsList()
        .forEach(row -> out.printf("    first found by %-24s %d%n", row.getString(0), row.getLong(1)));
    // u of the name levels among strangers of each citizenship (the five with most records), against the model's.
    double[] modelU = e.result().model().u().get("name");
    Map<String, double[]> within = new LinkedHashMap<>();
    for (Row row : dk.thbstats.link.NamesWithinCitizenship.of(e.result().records(), settings, modelU,
        ProbabilisticLinkage.SEED).collectAsList()) {
      within.computeIfAbsent(row.getString(0), k -> modelU.clone())[row.getInt(1)] = row.getDouble(2);
    }
    List<String> largest = e.result().records().filter(col(Records.CITIZENSHIP).isNotNull()).groupBy(Records.CITIZENSHIP)
        .count().orderBy(col("count").desc()).limit(5).collectAsList().stream().map(row -> row.getString(0)).toList();
    List<String> levels = dk.thbstats.link.Comparisons.LEVELS.get("name");
    out.printf("  name u within a citizenship (model's u, then the five citizenships with most records):%n");
    for (int level = 0; level < levels.size() - 1; level++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-22s %9.6f", levels.get(level),
          modelU[level]));
      for (String c : largest) {
        double[] v = within.get(c);
        line.append(String.format(Locale.ROOT, "  %s %9.6f", c, v == null ? Double.NaN : v[level]));
      }
      out.println(line);
    }
    // The evidence (level names only) of the linked pairs of two persons and of the scored pairs of
    // one person left below the link threshold: where the model errs.
    calibration(e, settings, l, r);
    // Missed pairs are scored again without the review threshold, so the weakest show too.
    Dataset<Row> trueCandidates = candidates.select("l_key", "r_key", "rule");
    Dataset<Row> rescored = ProbabilisticLinkage.score(trueCandidates, e.result().records(),
        settings.withReviewThreshold(Double.MIN_VALUE), e.result().model());
    trueM(e.result().model(), rescored);
    Dataset<Row> judged = e.result().scored().join(l, "l_key").join(r, "r_key")
        .filter(col("le").notEqual(col("re"))).select("evidence", "probability", "le", "re")
        .unionByName(rescored.join(l, "l_key").join(r, "r_key").select("evidence", "probability", "le", "re"));
    Column same = col("le").equalTo(col("re"));
    Column linked = col("probability").geq(settings.linkThreshold());
    for (Map.Entry<String, Column> kind : Map.of("false links (two persons, linked)", linked.and(not(same)),
        "missed (one person, a candidate pair scored below the link threshold)", not(linked).and(same)).entrySet()) {
      List<Row> top = judged.filter(kind.getValue()).groupBy("evidence").count().orderBy(col("count").desc(),
          col("evidence")).limit(12).collectAsList();
      out.printf("  %s, most frequent evidence:%n", kind.getKey());
      top.forEach(row -> out.printf(Locale.ROOT, "    %5d  %s%n", row.getLong(1), row.getString(0)));
    }
  }

  /**
   * m as the truth gives it: each comparison's level shares among the candidate pairs of one person
   * compared on it, beside the model's m (EM's estimate, or the model file's).
   */
  private void trueM(dk.thbstats.link.FellegiSunter model, Dataset<Row> trueCandidates) {
    out.printf("  m against the truth (level: model's m, share among candidate pairs of one person):%n");
    for (String c : model.comparisons()) {
      long[] counts = new long[model.m().get(c).length];
      for (Row row : trueCandidates.filter(col("cmp_" + c).isNotNull()).groupBy("cmp_" + c).count().collectAsList()) {
        counts[row.getInt(0)] = row.getLong(1);
      }
      long total = java.util.Arrays.stream(counts).sum();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-12s %6d pairs ", c, total));
      List<String> names = dk.thbstats.link.Comparisons.LEVELS.get(c);
      for (int level = 0; level < counts.length; level++) {
        line.append(String.format(Locale.ROOT, " %s %.3f/%.3f", names.get(level), model.m().get(c)[level],
            total == 0 ? Double.NaN : (double) counts[level] / total));
      }
      out.println(line);
    }
  }

  /**
   * Calibration: every candidate pair scored, grouped by its evidence; the patterns where the
   * model's mean probability and the share of true matches differ by most pairs.
   */
  private void calibration(Evaluation e, LinkSettings settings, Dataset<Row> l, Dataset<Row> r) {
    Dataset<Row> all = ProbabilisticLinkage.score(dk.thbstats.link.Blocking.pairs(e.result().records(), settings)
            .pairs(), e.result().records(), settings.withReviewThreshold(Double.MIN_VALUE), e.result().model())
        .join(l, "l_key").join(r, "r_key");
    List<Row> rows = all.groupBy("evidence").agg(count(lit(1)).as("pairs"),
            sum(when(col("le").equalTo(col("re")), 1).otherwise(0)).as("matches"),
            avg("probability").as("p"))
        .withColumn("gap", abs(col("matches").minus(col("p").multiply(col("pairs")))))
        .orderBy(col("gap").desc(), col("evidence")).limit(15).collectAsList();
    out.printf("  calibration (evidence: pairs, true matches, expected by the model):%n");
    rows.forEach(row -> out.printf(Locale.ROOT, "    %7d %6d %8.1f  %s%n", row.getLong(1), row.getLong(2),
        row.getDouble(3) * row.getLong(1), row.getString(0)));
  }

  /**
   * What one data set's linkage produced, its truth ({@code record_key, entity}) and the temporary
   * folder its records were generated in (removed after measuring; null for a public file).
   */
  private record Evaluation(ProbabilisticLinkage.Result result, Dataset<Row> truth, Path folder) {}

  private void show(String name, ProbabilisticLinkage.Result r) {
    if (!showModels) {
      return;
    }
    out.printf(Locale.ROOT, "  model of %s: lambda %.4f%n", name, r.model().lambda());
    LinkFigures.modelLines(r.model()).forEach(line -> out.println("    " + line));
  }

  private static PersonFiles.Mapping febrlMapping(boolean birthDate) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("given_name", "given_name");
    fields.put("family_name", "surname");
    if (birthDate) {
      fields.put("birth_date", "date_of_birth");
    }
    fields.put("street", List.of("street_number", "address_1", "address_2"));
    fields.put("postcode", "postcode");
    fields.put("locality", "suburb");
    return new PersonFiles.Mapping(",", true, true, "rec_id", fields, "yyyyMMdd");
  }

  private Evaluation febrl(RunContext context, Path file, LinkSettings settings, FellegiSunter model,
      boolean birthDate) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    PersonFilesLinkage.Output o = new PersonFilesLinkage().run(
        new PersonFilesLinkage.Input(List.of(file), febrlMapping(birthDate), BENCH_KEY, settings, model), context);
    return new Evaluation(o.result(), o.keys().select(col(Records.RECORD_KEY),
        regexp_extract(col("record_id"), "rec-(\\d+)-", 1).as("entity")), null);
  }

  /** A {@code --set} folder's mapping file. */
  static final String MAPPING = "mapping.json";
  /** A {@code --set} folder's truth: {@code record_id,person} (and {@code source} when ids repeat across files). */
  static final String TRUTH = "truth.csv";

  /** Every person file of a {@code --set} folder, linked with its mapping and scored against its truth. */
  private Evaluation folder(RunContext context, Path dir, LinkSettings settings, FellegiSunter model) {
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().equals(MAPPING)
          && !p.getFileName().toString().equals(TRUTH) && !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot list " + dir, e);
    }
    PersonFilesLinkage.Output o = new PersonFilesLinkage().run(new PersonFilesLinkage.Input(files,
        PersonFiles.Mapping.read(dir.resolve(MAPPING)), BENCH_KEY, settings, model), context);
    Dataset<Row> truth = context.spark().read().option("header", "true").csv(dir.resolve(TRUTH).toUri().toString());
    Dataset<Row> t = truth.select(col("record_id").as("t_record_id"), col("person").as("entity"),
        List.of(truth.columns()).contains("source") ? col("source").as("t_source") : lit(null).cast("string").as("t_source"));
    Dataset<Row> keyed = o.keys().join(t, col("record_id").equalTo(col("t_record_id"))
        .and(col("t_source").isNull().or(col("source").equalTo(col("t_source")))));
    return new Evaluation(o.result(), keyed.select(col(Records.RECORD_KEY), col("entity")), null);
  }

  private Evaluation rldata(RunContext context, Path file, LinkSettings settings, FellegiSunter model) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("given_name", List.of("fname_c1", "fname_c2"));
    fields.put("family_name", List.of("lname_c1", "lname_c2"));
    fields.put("birth_year", "by");
    fields.put("birth_month", "bm");
    fields.put("birth_day", "bd");
    PersonFiles.Mapping mapping = new PersonFiles.Mapping(",", true, true, "rec_id", fields, null);
    PersonFilesLinkage.Output o = new PersonFilesLinkage().run(
        new PersonFilesLinkage.Input(List.of(file), mapping, BENCH_KEY, settings, model), context);
    Dataset<Row> truth = context.spark().read().option("header", "true").csv(file.toUri().toString())
        .select(col("rec_id").as("record_id"), col("ent_id").as("entity"));
    return new Evaluation(o.result(), o.keys().join(truth, "record_id").select(col(Records.RECORD_KEY), col("entity")),
        null);
  }

  /**
   * The nightly job night by night on the generator's deliveries (one night per delivery date, all
   * sources), then a night with {@code --relink}: time and linkage figures per night, and the
   * incremental result against the full one (pairwise quality, persons, records whose person key
   * differs).
   */
  private void nights(RunContext context, int persons, long seed) {
    SparkSession spark = context.spark();
    Path dir = tempFolder("thb-bench-nights-");
    try {
      Generator.generate(GeneratorOptions.builder().persons(persons).seed(seed).out(dir).build());
      Path all = dir.resolve("landing");
      Path landing = dir.resolve("nightly-landing");
      String warehouse = dir.resolve("warehouse").toString();
      java.util.TreeSet<String> dates = new java.util.TreeSet<>();
      for (Source s : Source.values()) {
        Path folder = all.resolve(s.folder());
        if (Files.isDirectory(folder)) {
          try (var list = Files.list(folder)) {
            list.forEach(d -> dates.add(d.getFileName().toString()));
          }
        }
      }
      Keyring keyring = BENCH_KEY;
      out.printf("nights: %d persons, seed %d, %d delivery dates%n", persons, seed, dates.size());
      out.printf("%-12s %-11s %8s %9s %12s %10s %9s %8s %8s%n", "night", "linkage", "records", "new/chg",
          "reclustered", "compared", "persons", "link s", "night s");
      NightlyJob.Summary last = null;
      for (String date : dates) {
        for (Source s : Source.values()) {
          Path from = all.resolve(s.folder()).resolve(date);
          if (Files.isDirectory(from)) {
            copyTree(from, landing.resolve(s.folder()).resolve(date));
          }
        }
        last = timedNight(context, keyring, landing, warehouse, false, date);
      }
      Dataset<Row> truth = generatorTruth(context, dir);
      Warehouse wh = Warehouse.existing(spark, warehouse);
      Dataset<Row> incremental = wh.read(dk.thbstats.schema.Tables.LINKS)
          .select(col(Records.RECORD_KEY), col("person_key").as("incremental")).localCheckpoint();
      timedNight(context, keyring, landing, warehouse, true, "relink");
      Dataset<Row> full = wh.read(dk.thbstats.schema.Tables.LINKS)
          .select(col(Records.RECORD_KEY), col("person_key").as("full")).localCheckpoint();
      LinkQuality.Figures fi = LinkQuality.pairwise(incremental.join(truth, Records.RECORD_KEY)
          .select(col("incremental").as("cluster"), col("entity")));
      LinkQuality.Figures ff = LinkQuality.pairwise(full.join(truth, Records.RECORD_KEY)
          .select(col("full").as("cluster"), col("entity")));
      long differ = incremental.join(full, Records.RECORD_KEY).filter(col("incremental").notEqual(col("full"))).count();
      out.printf(Locale.ROOT, "%-12s precision %.4f recall %.4f F1 %.4f, %d persons%n", "incremental", fi.precision(),
          fi.recall(), fi.f1(), incremental.select("incremental").distinct().count());
      out.printf(Locale.ROOT, "%-12s precision %.4f recall %.4f F1 %.4f, %d persons%n", "full", ff.precision(),
          ff.recall(), ff.f1(), full.select("full").distinct().count());
      out.printf(Locale.ROOT, "%d of %d records have another person key after the full linkage%n", differ,
          last == null ? 0 : incremental.count());
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot prepare the nights benchmark in " + dir, e);
    } finally {
      try {
        dk.thbstats.core.LocalFiles.deleteTree(dir);
      } catch (IOException e) {
        out.println("could not remove " + dir);
      }
    }
  }

  /** The scale benchmark (bench.ScaleBench), one size after the other, then a summary table. */
  private void scale(RunContext context, List<Integer> sizes, long seed) {
    List<ScaleBench.Size> done = new ArrayList<>();
    for (int persons : sizes) {
      ScaleBench.Size s = ScaleBench.measure(context.spark(), BENCH_KEY, persons, seed, tempFolder("thb-bench-scale-"),
          what -> out.printf("scale %,d persons: %s%n", persons, what));
      out.printf(Locale.ROOT, "scale %,d persons: %,d landing rows (%.1f MB), I/O floor %.1f s%n", persons,
          s.landingRows(), s.landingBytes() / 1e6, s.floorSeconds());
      out.printf("  %-26s %9s %9s%n", "stage", "full s", "incr s");
      for (ScaleBench.StageTime t : s.stages()) {
        out.printf(Locale.ROOT, "  %-26s %9.1f %9.1f%n", t.stage(), t.fullSeconds(), t.incrementalSeconds());
      }
      out.printf(Locale.ROOT, "  %-26s %9.1f %9.1f%n", "night (wall clock)", s.fullSeconds(), s.incrementalSeconds());
      done.add(s);
    }
    out.printf("%10s %10s %8s %8s %7s %8s %8s %13s %8s %8s%n", "persons", "rows", "floor s", "full s", "ratio",
        "incr s", "incr %", "link rec/min", "peak GB", "growth");
    ScaleBench.Size previous = null;
    for (ScaleBench.Size s : done) {
      String growth = previous == null || previous.persons() == s.persons() ? "-" : String.format(Locale.ROOT,
          "n^%.2f", Math.log(s.fullSeconds() / previous.fullSeconds())
              / Math.log((double) s.persons() / previous.persons()));
      out.printf(Locale.ROOT, "%,10d %,10d %8.1f %8.1f %6.1fx %8.1f %7.0f%% %,13.0f %7.1f%s %8s%n", s.persons(),
          s.landingRows(), s.floorSeconds(), s.fullSeconds(), s.ratioToFloor(), s.incrementalSeconds(),
          100 * s.incrementalShare(), s.linkRecordsPerMinute(), Math.max(0, s.peakRssBytes()) / 1e9,
          s.peakRssBytes() < 0 ? "?" : s.peakReset() ? " " : "*",
          growth);
      previous = s;
    }
    if (done.stream().anyMatch(s -> !s.peakReset())) {
      out.println("* peak memory since the process started (this system cannot reset it); ? not known here");
    }
    out.printf("incremental nights added %s of their records%n", done.stream().map(s -> String.format(Locale.ROOT,
        "%.1f %%", 100.0 * s.newRecords() / Math.max(1, s.records()))).collect(java.util.stream.Collectors.joining(", ")));
  }

  private NightlyJob.Summary timedNight(RunContext context, Keyring keyring, Path landing, String warehouse,
      boolean relink, String label) {
    long start = System.nanoTime();
    NightlyJob.Summary s = new NightlyJob(context.spark(), keyring, java.time.Clock.systemUTC())
        .run(landing.toString(), warehouse, relink, NightlyJob.StopAfter.PUBLISH);
    double seconds = (System.nanoTime() - start) / 1e9;
    dk.thbstats.link.LinkStage.Night n = s.linkage();
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("\\| link ([0-9.]+) s").matcher(s.text());
    out.printf(Locale.ROOT, "%-12s %-11s %8d %9d %12d %10d %9d %8s %8.1f%n", label, n.mode(), n.records(),
        n.newOrChanged(), n.reclustered(), n.comparedPairs(), s.persons(), link.find() ? link.group(1) : "?", seconds);
    return s;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Record key → true person of every record a night loaded (through the records' file and line). */
  private static Dataset<Row> generatorTruth(RunContext context, Path dir) {
    Dataset<Row> staged = staged(context, dir.resolve("nightly-landing"), dir.resolve("truth-metrics.json"));
    Dataset<Row> ids = staged.select(col(Staged.SOURCE), col(Staged.SOURCE_FILE), col(Staged.SOURCE_LINE),
        when(col(Staged.SOURCE).equalTo("ngo"), regexp_replace(col(Staged.RECORD_ID), "^[^/]*/", ""))
            .otherwise(col(Staged.RECORD_ID)).as("record_id"));
    Dataset<Row> truth = context.spark().read().option("header", "true")
        .csv(dir.resolve("truth/records.csv").toUri().toString())
        .select(col("source"), col("record_id"), col("person_id").as("entity"));
    Dataset<Row> records = Warehouse.existing(context.spark(), dir.resolve("warehouse").toString())
        .read(dk.thbstats.schema.Tables.RECORDS);
    return records.select(Records.RECORD_KEY, Records.SOURCE_FILE, Records.SOURCE_LINE)
        .join(ids, new String[] {Staged.SOURCE_FILE, Staged.SOURCE_LINE})
        .join(truth, new String[] {"source", "record_id"})
        .select(col(Records.RECORD_KEY), col("entity"))
        .localCheckpoint();
  }

  private static Path tempFolder(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot create a temporary folder", e);
    }
  }

  /** A landing area's rows as a night stages them: ingest, validation, canonicalisation (cleartext). */
  private static Dataset<Row> staged(RunContext context, Path landing, Path metrics) {
    CodeLists codeLists = CodeLists.load();
    IngestStage.Output in = new IngestStage(codeLists).run(new IngestStage.Input(landing.toString(), List.of()), context);
    Map<Source, List<LocalDate>> deliveries = new EnumMap<>(Source.class);
    for (FileInspection i : in.loadable()) {
      deliveries.computeIfAbsent(Source.fromFolder(i.file().source()), k -> new ArrayList<>()).add(i.file().deliveryDate());
    }
    ValidateStage.Output validated = new ValidateStage(metrics.toString())
        .run(new ValidateStage.Input(in.typed(), Contracts.loadAll(codeLists), deliveries), context);
    return new CanonicaliseStage(codeLists).run(validated.validated(), context);
  }

  /**
   * The generator's deliveries linked as a night links them; {@code dropDatesFrom} (a source, or
   * null): every record of that source without its birth date (the date, its year and precision).
   */
  private Evaluation generator(RunContext context, int persons, long seed, LinkSettings settings,
      FellegiSunter model, String dropDatesFrom) {
    SparkSession spark = context.spark();
    Path dir = tempFolder("thb-bench-");
    Generator.generate(GeneratorOptions.builder().persons(persons).seed(seed).out(dir).build());
    Dataset<Row> staged = staged(context, dir.resolve("landing"), dir.resolve("metrics.json"));
    if (dropDatesFrom != null) {
      for (String c : List.of(Staged.BIRTH_DATE, Staged.BIRTH_YEAR, Staged.BIRTH_DATE_PRECISION)) {
        staged = staged.withColumn(c, when(col(Staged.SOURCE).equalTo(dropDatesFrom), lit(null))
            .otherwise(col(c)).cast(staged.schema().apply(c).dataType()));
      }
    }
    Dataset<Row> pseudonymised = new PseudonymiseStage(BENCH_KEY).run(staged, context)
        .filter(org.apache.spark.sql.functions.size(col(Staged.PROBLEMS)).equalTo(0))
        .withColumn("rk", row_number().over(Window.partitionBy(Records.RECORD_KEY)
            .orderBy(col(Records.DELIVERY_DATE).desc(), col(Records.SOURCE_FILE).desc(), col(Records.SOURCE_LINE).desc())))
        .filter(col("rk").equalTo(1)).drop("rk")
        .localCheckpoint();
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(pseudonymised, settings, model, seed);
    Dataset<Row> ids = staged.select(col(Staged.SOURCE), col(Staged.SOURCE_FILE), col(Staged.SOURCE_LINE),
        when(col(Staged.SOURCE).equalTo("ngo"), regexp_replace(col(Staged.RECORD_ID), "^[^/]*/", ""))
            .otherwise(col(Staged.RECORD_ID)).as("record_id"));
    Dataset<Row> truth = spark.read().option("header", "true").csv(dir.resolve("truth/records.csv").toUri().toString())
        .select(col("source"), col("record_id"), col("person_id").as("entity"));
    Dataset<Row> keyed = pseudonymised.select(Records.RECORD_KEY, Records.SOURCE_FILE, Records.SOURCE_LINE)
        .join(ids, new String[] {Staged.SOURCE_FILE, Staged.SOURCE_LINE})
        .join(truth, new String[] {"source", "record_id"})
        .select(col(Records.RECORD_KEY), col("entity"))
        .localCheckpoint();
    return new Evaluation(result, keyed, dir);
  }
}
