package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.LinkPairs;
import dk.thbstats.schema.Tables.LinkReview;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Records;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Deduplication of persons: probabilistic linkage of the pseudonymised records (blocking,
 * Fellegi–Sunter scores, clustering; {@link ProbabilisticLinkage}) and a stable person key for
 * every cluster ({@link StableKeys}).
 *
 * <p>A night is <em>incremental</em> when the previous night left a linkage state scored with the
 * same settings and model: it scores only the candidate pairs that involve a new or changed record
 * (a record whose encodings differ from when it was last linked), keeps the other scored pairs, and
 * re-clusters only the connected components those records touch — every other person keeps its
 * records and its key by construction. The first night, a change of settings or model, growth of
 * the records beyond {@code full_relink_growth} since the last full linkage, and an explicit
 * request link every record again ({@code full}). Returns lazily computed tables; the runner
 * writes them.
 */
public final class LinkStage implements Stage<LinkStage.Input, LinkStage.Output> {

  /** What the previous night left: links (with components and encoding hashes), pairs, redirects, state. */
  public record Previous(Dataset<Row> links, Dataset<Row> pairs, Dataset<Row> redirects, LinkState state) {

    /** Nothing before: the first night. */
    public static Previous none(SparkSession spark) {
      return new Previous(empty(spark, Tables.LINKS), empty(spark, Tables.LINK_PAIRS),
          empty(spark, Tables.PERSON_REDIRECTS), null);
    }

    private static Dataset<Row> empty(SparkSession spark, Tables t) {
      return spark.createDataFrame(List.of(), t.contract().schema());
    }
  }

  /**
   * The records to link, the previous night's state, the vintage (stamped on redirects), the
   * settings, the model (null: fit one on these records, unsupervised, and link in full), and
   * whether a full linkage was asked for.
   */
  public record Input(Dataset<Row> records, Previous previous, LocalDate vintage, LinkSettings settings,
      FellegiSunter model, boolean relink) {}

  /**
   * The night's linkage: {@code links} ({@code restricted.links} columns but source), the new
   * redirects, the scored pairs to keep ({@code restricted.link_pairs}), the review band
   * ({@code restricted.link_review}), block sizes per rule, the model as applied, the state for the
   * next night and the night's figures.
   */
  public record Output(Dataset<Row> links, Dataset<Row> redirects, Dataset<Row> pairs, Dataset<Row> review,
      Dataset<Row> blockSizes, FellegiSunter model, List<String> fitProblems, LinkState state, Night night) {}

  /** How a night linked its records. */
  public enum Mode {
    /** Every record scored and clustered again. */
    FULL("full"),
    /** Only the records new or changed since the last night scored, only the persons they touch re-clustered. */
    INCREMENTAL("incremental"),
    /** Nothing new since the last complete night: the links stand. */
    UNCHANGED("unchanged"),
    /** The night stopped before linkage ({@code --stop-after load}). */
    NOT_LINKED("not linked");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    /** The mode as run.json, the console and the linkage page name it. */
    public String label() {
      return label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * How the night linked ({@link Mode}) and why, the records, those new or changed since they were
   * last linked, those withdrawn, the records re-clustered, the candidate pairs compared tonight,
   * and the scored pairs the state holds afterwards.
   */
  public record Night(Mode mode, String reason, long records, long newOrChanged, long withdrawn, long reclustered,
      long comparedPairs, long keptPairs) {

    /** One line for the console. */
    public String line() {
      return String.format(Locale.ROOT,
          "%s (%s): %d new or changed of %d records, %d re-clustered, %d candidate pairs compared", mode, reason,
          newOrChanged, records, reclustered, comparedPairs);
    }
  }

  /** The column of the records' encoding hash. */
  static final String HASH = Links.ENCODING_HASH;

  @Override
  public String name() {
    return "link";
  }

  @Override
  public Output run(Input input, RunContext context) {
    Dataset<Row> linkRecords = ProbabilisticLinkage.linkColumns(input.records()).localCheckpoint();
    // Apart from the records: a checkpoint keeps its plan's constraints, and the optimizer's
    // constraint propagation over a hash of every column, aliased l_/r_ in each comparison join,
    // grows combinatorially (it exhausted a 3 GB heap on 1,000 records).
    Dataset<Row> hashes = ProbabilisticLinkage.linkColumns(input.records())
        .select(col(Records.RECORD_KEY), encodingHash().as(HASH))
        .localCheckpoint();
    long n = linkRecords.count();
    String fingerprint = LinkState.fingerprint(input.settings(), input.model());
    String reason = fullReason(input, fingerprint, n);
    return reason != null
        ? full(input, linkRecords, hashes, n, fingerprint, reason)
        : incremental(input, linkRecords, hashes, n);
  }

  /**
   * A 64-bit hash of everything linkage reads of a record (its tokens, Bloom filters and codes):
   * when it differs from the hash stored with the record's link, the record is linked again.
   */
  static Column encodingHash() {
    return xxhash64(Comparisons.COLUMNS.stream().filter(c -> !Records.RECORD_KEY.equals(c)).map(c -> col(c))
        .toArray(Column[]::new));
  }

  /** Why this night links every record, or null for an incremental night. */
  static String fullReason(Input input, String fingerprint, long records) {
    LinkState previous = input.previous().state();
    if (input.relink()) {
      return "requested";
    }
    if (fingerprint == null) {
      return "model fitted on tonight's records";
    }
    if (previous == null) {
      return "no linkage state yet";
    }
    if (!fingerprint.equals(previous.fingerprint())) {
      return "linkage settings or model changed";
    }
    if (records > previous.recordsAtFull() * (1 + input.settings().fullRelinkGrowth())) {
      return String.format(Locale.ROOT, "records grew from %d to %d since the last full linkage",
          previous.recordsAtFull(), records);
    }
    return null;
  }

  private Output full(Input input, Dataset<Row> linkRecords, Dataset<Row> hashes, long n, String fingerprint,
      String reason) {
    LinkSettings settings = input.settings();
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(linkRecords, settings, input.model(),
        ProbabilisticLinkage.SEED);
    Dataset<Row> clusters = result.clusters().localCheckpoint();
    Dataset<Row> scored = pairColumns(result.scored());
    StableKeys.Assignment a = StableKeys.assign(clusters.select(Records.RECORD_KEY, "component"),
        input.previous().links(), input.previous().redirects(), input.vintage());
    Dataset<Row> links = withState(a.links(), clusters, hashes).localCheckpoint();
    long withdrawn = input.previous().links().select(Links.RECORD_KEY)
        .join(linkRecords, new String[] {Records.RECORD_KEY}, "left_anti").count();
    Night night = new Night(Mode.FULL, reason, n, n, withdrawn, n, result.candidatePairs(), scored.count());
    LinkState state = new LinkState(fingerprint == null ? "fitted" : fingerprint, result.model().lambda(),
        result.model().u(), n);
    return new Output(links, a.redirects(), scored, review(scored, links, input.records(), settings),
        result.blockSizes(), result.model(), result.fitProblems(), state, night);
  }

  private Output incremental(Input input, Dataset<Row> linkRecords, Dataset<Row> hashes, long n) {
    LinkSettings settings = input.settings();
    Previous previous = input.previous();
    // The same model, u and λ as the kept pairs: every pair of the state is scored alike.
    FellegiSunter fs = input.model().withU(previous.state().u()).withLambda(previous.state().lambda());
    Dataset<Row> before = previous.links()
        .select(Links.RECORD_KEY, Links.PERSON_KEY, Links.LINK_COMPONENT, Links.ENCODING_HASH);

    // New or changed records (their encodings differ from when they were linked), and withdrawn ones.
    Dataset<Row> dirty = hashes
        .join(before.select(Links.RECORD_KEY, Links.ENCODING_HASH), new String[] {Records.RECORD_KEY, HASH},
            "left_anti")
        .select(Records.RECORD_KEY).localCheckpoint();
    Dataset<Row> withdrawn = before.select(Links.RECORD_KEY)
        .join(linkRecords, new String[] {Records.RECORD_KEY}, "left_anti").localCheckpoint();
    long dirtyCount = dirty.count();
    long withdrawnCount = withdrawn.count();
    Dataset<Row> stale = dirty.union(withdrawn);

    // Score only the candidate pairs of new or changed records; keep the pairs of the others.
    Blocking.Result blocks = Blocking.pairs(linkRecords, settings, dirty);
    Dataset<Row> candidates = blocks.pairs().localCheckpoint();
    Dataset<Row> scoredNew = pairColumns(ProbabilisticLinkage.score(candidates, linkRecords, settings, fs))
        .localCheckpoint();
    Dataset<Row> kept = previous.pairs().select(col(LinkPairs.LEFT_RECORD_KEY).as("l_key"),
            col(LinkPairs.RIGHT_RECORD_KEY).as("r_key"), col(LinkPairs.MATCH_PROBABILITY).as("probability"),
            col(LinkPairs.MATCH_WEIGHT).as("weight"), col(LinkPairs.BLOCKING_RULE).as("rule"),
            col(LinkPairs.EVIDENCE).as("evidence"))
        .join(stale.select(col(Records.RECORD_KEY).as("l_key")), new String[] {"l_key"}, "left_anti")
        .join(stale.select(col(Records.RECORD_KEY).as("r_key")), new String[] {"r_key"}, "left_anti");
    Dataset<Row> pairs = kept.unionByName(scoredNew).localCheckpoint();

    // The components to re-cluster: those of changed and withdrawn records, and those a new
    // auto-link pair reaches. Every other component keeps its persons as they are.
    Dataset<Row> linked = scoredNew.filter(col("probability").geq(settings.linkThreshold()));
    Dataset<Row> reached = stale
        .union(linked.select(col("l_key").as(Records.RECORD_KEY)))
        .union(linked.select(col("r_key").as(Records.RECORD_KEY)));
    // (Checkpointed: joined back to the links it came from, the plan would be a self-join.)
    Dataset<Row> components = before.join(reached, Records.RECORD_KEY).select(Links.LINK_COMPONENT).distinct()
        .localCheckpoint();
    Dataset<Row> touched = before.join(components, Links.LINK_COMPONENT).select(Records.RECORD_KEY)
        .union(dirty).distinct()
        .join(linkRecords.select(Records.RECORD_KEY), Records.RECORD_KEY)
        .localCheckpoint();
    long touchedCount = touched.count();
    Dataset<Row> touchedRecords = linkRecords.join(touched, new String[] {Records.RECORD_KEY}, "left_semi");
    Dataset<Row> touchedPairs = pairs
        .join(touched.select(col(Records.RECORD_KEY).as("l_key")), new String[] {"l_key"}, "left_semi")
        .join(touched.select(col(Records.RECORD_KEY).as("r_key")), new String[] {"r_key"}, "left_semi");
    Dataset<Row> clusters = Clustering.cluster(touchedRecords, touchedPairs, settings.linkThreshold(),
            settings.clusterThreshold())
        .select(col(Records.RECORD_KEY), col("cluster").as("component"), col(Clustering.LINK_COMPONENT))
        .localCheckpoint();
    StableKeys.Assignment a = StableKeys.assign(clusters.select(Records.RECORD_KEY, "component"), before,
        previous.redirects(), input.vintage());
    Dataset<Row> untouched = before.join(touched, new String[] {Records.RECORD_KEY}, "left_anti")
        .join(withdrawn, new String[] {Records.RECORD_KEY}, "left_anti");
    Dataset<Row> links = untouched.unionByName(withState(a.links(), clusters, hashes)).localCheckpoint();

    Night night = new Night(Mode.INCREMENTAL, "same settings and model as the last night", n, dirtyCount,
        withdrawnCount, touchedCount, candidates.count(), pairs.count());
    LinkState state = new LinkState(previous.state().fingerprint(), fs.lambda(), fs.u(),
        previous.state().recordsAtFull());
    return new Output(links, a.redirects(), pairs, review(pairs, links, input.records(), settings),
        blocks.blockSizes(), fs, List.of(), state, night);
  }

  /** Scored pairs reduced to what the state keeps: keys, probability, weight, rule, evidence. */
  private static Dataset<Row> pairColumns(Dataset<Row> scored) {
    return scored.select(col("l_key"), col("r_key"), col("probability"), col("weight"), col("rule"), col("evidence"));
  }

  /** Person keys with each record's component and encoding hash. */
  private static Dataset<Row> withState(Dataset<Row> keyed, Dataset<Row> clusters, Dataset<Row> hashes) {
    return keyed.join(clusters.select(Records.RECORD_KEY, Clustering.LINK_COMPONENT), Records.RECORD_KEY)
        .join(hashes, Records.RECORD_KEY)
        .select(col(Links.RECORD_KEY), col(Links.PERSON_KEY), col(Clustering.LINK_COMPONENT).as(Links.LINK_COMPONENT),
            col(HASH).as(Links.ENCODING_HASH));
  }

  /** The scored pairs to keep, in the columns of {@code restricted.link_pairs}. */
  public static Dataset<Row> pairsTable(Dataset<Row> pairs) {
    return pairs.select(col("l_key").as(LinkPairs.LEFT_RECORD_KEY), col("r_key").as(LinkPairs.RIGHT_RECORD_KEY),
        col("probability").as(LinkPairs.MATCH_PROBABILITY), col("weight").as(LinkPairs.MATCH_WEIGHT),
        col("rule").as(LinkPairs.BLOCKING_RULE), col("evidence").as(LinkPairs.EVIDENCE));
  }

  /** The pairs in the review band, with sources and whether they ended in one person ({@code restricted.link_review}). */
  static Dataset<Row> review(Dataset<Row> pairs, Dataset<Row> links, Dataset<Row> records, LinkSettings settings) {
    Dataset<Row> ls = records.select(col(Records.RECORD_KEY).as("l_key"), col(Records.SOURCE).as("l_source"));
    Dataset<Row> rs = records.select(col(Records.RECORD_KEY).as("r_key"), col(Records.SOURCE).as("r_source"));
    Dataset<Row> lp = links.select(col(Links.RECORD_KEY).as("l_key"), col(Links.PERSON_KEY).as("l_person"));
    Dataset<Row> rp = links.select(col(Links.RECORD_KEY).as("r_key"), col(Links.PERSON_KEY).as("r_person"));
    return pairs.filter(col("probability").lt(settings.linkThreshold()))
        .join(ls, "l_key").join(rs, "r_key").join(lp, "l_key").join(rp, "r_key")
        .select(col("l_key").as(LinkReview.LEFT_RECORD_KEY), col("r_key").as(LinkReview.RIGHT_RECORD_KEY),
            col("l_source").as(LinkReview.LEFT_SOURCE), col("r_source").as(LinkReview.RIGHT_SOURCE),
            col("probability").as(LinkReview.MATCH_PROBABILITY), col("weight").as(LinkReview.MATCH_WEIGHT),
            col("rule").as(LinkReview.BLOCKING_RULE), col("evidence").as(LinkReview.EVIDENCE),
            col("l_person").equalTo(col("r_person")).as(LinkReview.LINKED));
  }
}
