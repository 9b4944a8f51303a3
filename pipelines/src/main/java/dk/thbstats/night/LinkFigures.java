package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.LinkStage;
import dk.thbstats.link.LinkSummary;
import dk.thbstats.link.LinkSummary.ClusterSizes;
import dk.thbstats.link.LinkSummary.Rule;
import dk.thbstats.link.ModelFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
public record LinkFigures(long redirects, long reviewPairs, List<Rule> rules, List<long[]> largest, LinkSettings settings,
    double lambda, boolean bundledModel, LinkStage.Night night, ClusterSizes clusters) {

  static LinkFigures of(long redirects, long reviewPairs, Dataset<Row> blockSizes, LinkSettings settings,
      FellegiSunter model, boolean bundledModel, LinkStage.Night night, Dataset<Row> links) {
    Dataset<Row> sizes = blockSizes.localCheckpoint();
    List<Rule> rules = LinkSummary.rules(sizes, settings);
    List<String> order = settings.blocking().stream().map(LinkSettings.BlockingRule::name).toList();
    List<long[]> largest = new ArrayList<>();
    for (Row r : sizes.orderBy(col("n").desc(), col("rule")).limit(5).collectAsList()) {
      largest.add(new long[] {order.indexOf(r.getString(0)), r.getLong(2)});
    }
    return new LinkFigures(redirects, reviewPairs, rules, largest, settings, model.lambda(), bundledModel, night,
        ClusterSizes.of(links, dk.thbstats.schema.Tables.Links.PERSON_KEY,
            dk.thbstats.schema.Tables.Links.LINK_COMPONENT));
  }

  long skippedBlocks() {
    return rules.stream().mapToLong(Rule::skippedBlocks).sum();
  }

  void writeTo(ObjectNode linkage) {
    linkage.put("method", "fellegi-sunter");
    linkage.put("mode", night.mode().label());
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

  /** The model as lines: per comparison and level m, u and weight, and where m came from when not EM. */
  public static List<String> modelLines(FellegiSunter model) {
    List<String> out = new java.util.ArrayList<>();
    for (Map<String, Object> row : model.describe()) {
      String from = (String) row.get("m_from");
      out.add(String.format(Locale.ROOT, "%-12s %-26s m %.4f  u %.5f  weight %6.2f%s", row.get("comparison"),
          row.get("level"), row.get("m"), row.get("u"), row.get("weight"), "em".equals(from) ? "" : "  (m: " + from + ")"));
    }
    return out;
  }
}
