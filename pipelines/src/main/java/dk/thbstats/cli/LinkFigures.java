package dk.thbstats.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.LinkStage;
import dk.thbstats.link.ModelFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The linkage figures of a night for the run report: per blocking rule the candidate pairs it
 * produced, its blocks and the blocks skipped for exceeding {@code max_block}, the largest blocks,
 * the pairs sent to review, the model and its λ, and whether the night linked in full or
 * incrementally (records new or changed, re-clustered, pairs scored). Only aggregates (one small
 * row per rule) reach the driver. In an incremental night the per-rule figures still describe the
 * blocks over all records; {@code pairs_scored} is what the night actually compared.
 */
record LinkFigures(long redirects, long reviewPairs, List<Rule> rules, List<long[]> largest, LinkSettings settings,
    double lambda, boolean bundledModel, LinkStage.Night night, ClusterSizes clusters) {

  /** One blocking rule's figures. */
  record Rule(String name, long blocks, long pairs, long skippedBlocks, long largestBlock) {}

  /** The bands of the cluster-size distribution (records per person), the last open-ended. */
  static final List<Integer> SIZE_BANDS = List.of(1, 2, 3, 4, 5, 10);

  /**
   * Persons per band of records ({@link #SIZE_BANDS}), the largest person, and the link components
   * that clustering split into more than one person (at weak links, or where members carry evidence
   * against each other).
   */
  record ClusterSizes(java.util.Map<String, Long> persons, long largest, long componentsSplit) {
    static ClusterSizes of(Dataset<Row> links) {
      Dataset<Row> sizes = links.groupBy(dk.thbstats.schema.Tables.Links.PERSON_KEY).agg(count(lit(1)).as("n"));
      org.apache.spark.sql.Column band = lit(label(SIZE_BANDS.size() - 1));
      for (int i = SIZE_BANDS.size() - 2; i >= 0; i--) {
        band = when(col("n").lt(SIZE_BANDS.get(i + 1)), lit(label(i))).otherwise(band);
      }
      java.util.Map<String, Long> persons = new java.util.LinkedHashMap<>();
      for (int i = 0; i < SIZE_BANDS.size(); i++) {
        persons.put(label(i), 0L);
      }
      long largest = 0;
      for (Row r : sizes.groupBy(band.as("band")).agg(count(lit(1)), max(col("n"))).collectAsList()) {
        persons.put(r.getString(0), r.getLong(1));
        largest = Math.max(largest, r.getLong(2));
      }
      long split = links.groupBy(dk.thbstats.schema.Tables.Links.LINK_COMPONENT)
          .agg(org.apache.spark.sql.functions.countDistinct(col(dk.thbstats.schema.Tables.Links.PERSON_KEY)).as("p"))
          .filter(col("p").gt(1)).count();
      return new ClusterSizes(persons, largest, split);
    }

    private static String label(int i) {
      int from = SIZE_BANDS.get(i);
      if (i == SIZE_BANDS.size() - 1) {
        return from + "+";
      }
      int to = SIZE_BANDS.get(i + 1) - 1;
      return from == to ? String.valueOf(from) : from + "-" + to;
    }

    String line() {
      StringBuilder b = new StringBuilder("persons by records:");
      persons.forEach((k, v) -> b.append(' ').append(k).append(':').append(v));
      return b.append(String.format(Locale.ROOT, "; largest %d; %d link component(s) split into several persons",
          largest, componentsSplit)).toString();
    }
  }

  static LinkFigures of(long redirects, long reviewPairs, Dataset<Row> blockSizes, LinkSettings settings,
      FellegiSunter model, boolean bundledModel, LinkStage.Night night, Dataset<Row> links) {
    Dataset<Row> sizes = blockSizes.localCheckpoint();
    List<Rule> rules = new ArrayList<>();
    for (Row r : sizes.groupBy("rule").agg(count(lit(1)),
            sum(when(col("n").leq(settings.maxBlock()), col("n").multiply(col("n").minus(1)).divide(2)).otherwise(0)),
            sum(when(col("n").gt(settings.maxBlock()), 1L).otherwise(0L)), max(col("n")))
        .collectAsList()) {
      rules.add(new Rule(r.getString(0), r.getLong(1), r.isNullAt(2) ? 0 : Math.round(r.getDouble(2)),
          r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4)));
    }
    List<String> order = settings.blocking().stream().map(LinkSettings.BlockingRule::name).toList();
    rules.sort((a, b) -> Integer.compare(order.indexOf(a.name()), order.indexOf(b.name())));
    List<long[]> largest = new ArrayList<>();
    for (Row r : sizes.orderBy(col("n").desc(), col("rule")).limit(5).collectAsList()) {
      largest.add(new long[] {order.indexOf(r.getString(0)), r.getLong(2)});
    }
    return new LinkFigures(redirects, reviewPairs, rules, largest, settings, model.lambda(), bundledModel, night,
        ClusterSizes.of(links));
  }

  long skippedBlocks() {
    return rules.stream().mapToLong(Rule::skippedBlocks).sum();
  }

  void writeTo(ObjectNode linkage) {
    linkage.put("method", "fellegi-sunter");
    linkage.put("mode", night.mode());
    linkage.put("mode_reason", night.reason());
    linkage.put("records", night.records());
    linkage.put("records_new_or_changed", night.newOrChanged());
    linkage.put("records_withdrawn", night.withdrawn());
    linkage.put("records_reclustered", night.reclustered());
    linkage.put("candidate_pairs_compared", night.comparedPairs());
    linkage.put("scored_pairs_kept", night.keptPairs());
    linkage.put("model", bundledModel ? "schemas/" + ModelFile.BUNDLED : "fitted on this night's records");
    linkage.put("lambda", lambda);
    linkage.put("link_threshold", settings.linkThreshold());
    linkage.put("cluster_threshold", settings.clusterThreshold());
    linkage.put("review_threshold", settings.reviewThreshold());
    linkage.put("review_pairs", reviewPairs);
    linkage.put("max_block", settings.maxBlock());
    linkage.put("blocks_skipped_oversized", skippedBlocks());
    ArrayNode rs = linkage.putArray("blocking_rules");
    for (Rule r : rules) {
      rs.addObject().put("rule", r.name()).put("blocks", r.blocks()).put("candidate_pairs", r.pairs())
          .put("blocks_skipped_oversized", r.skippedBlocks()).put("largest_block", r.largestBlock());
    }
    ObjectNode sizes = linkage.putObject("persons_by_records");
    clusters.persons().forEach(sizes::put);
    linkage.put("largest_person_records", clusters.largest());
    linkage.put("components_split", clusters.componentsSplit());
    ArrayNode big = linkage.putArray("largest_blocks");
    for (long[] b : largest) {
      big.addObject().put("rule", settings.blocking().get((int) b[0]).name()).put("records", b[1]);
    }
  }

  /** One line for the console summary. */
  String line() {
    long pairs = rules.stream().mapToLong(Rule::pairs).sum();
    String skipped = skippedBlocks() == 0 ? ""
        : String.format(Locale.ROOT, ", %d block(s) over %d records skipped", skippedBlocks(), settings.maxBlock());
    return String.format(Locale.ROOT, "blocks: %d candidate pairs over %d rules%s; %d pair(s) for review; model %s",
        pairs, rules.size(), skipped, reviewPairs, bundledModel ? "schemas/" + ModelFile.BUNDLED : "fitted tonight");
  }
}
