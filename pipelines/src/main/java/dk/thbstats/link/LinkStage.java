package dk.thbstats.link;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.Tables.LinkReview;
import dk.thbstats.schema.Tables.Records;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deduplication of persons: probabilistic linkage of the pseudonymised records (blocking,
 * Fellegi–Sunter scores, clustering; {@link ProbabilisticLinkage}) and a stable person key for
 * every cluster ({@link StableKeys}). Returns the new links and redirects, the pairs for clerical
 * review, and the block sizes (lazy; the runner writes them).
 */
public final class LinkStage implements Stage<LinkStage.Input, LinkStage.Output> {

  /** The night's linkage. */
  public record Output(StableKeys.Assignment assignment, Dataset<Row> blockSizes, Dataset<Row> review,
      FellegiSunter model, Dataset<Row> clusters) {}

  /**
   * The records to link, the previous night's state, the settings, and the model (null: fit one on
   * these records, unsupervised).
   */
  public record Input(Dataset<Row> records, Dataset<Row> previousLinks, Dataset<Row> previousRedirects,
      LocalDate vintage, LinkSettings settings, FellegiSunter model) {}

  @Override
  public String name() {
    return "link";
  }

  @Override
  public Output run(Input input, RunContext context) {
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(input.records(), input.settings(), input.model(),
        ProbabilisticLinkage.SEED);
    Dataset<Row> clusters = result.clusters().localCheckpoint();
    return new Output(StableKeys.assign(clusters, input.previousLinks(), input.previousRedirects(), input.vintage()),
        result.blockSizes(), review(result.scored(), clusters, input.records(), input.settings()), result.model(),
        clusters);
  }

  /** The scored pairs in the review band, with their evidence as level names ({@code restricted.link_review}). */
  static Dataset<Row> review(Dataset<Row> scored, Dataset<Row> clusters, Dataset<Row> records, LinkSettings settings) {
    List<Column> evidence = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : Comparisons.LEVELS.entrySet()) {
      Column names = array(e.getValue().stream().map(n -> lit(e.getKey() + "=" + n)).toArray(Column[]::new));
      Column level = col("cmp_" + e.getKey());
      evidence.add(when(level.isNotNull(), element_at(names, level.plus(1))));
    }
    Dataset<Row> ls = records.select(col(Records.RECORD_KEY).as("l_key"), col(Records.SOURCE).as("l_source"));
    Dataset<Row> rs = records.select(col(Records.RECORD_KEY).as("r_key"), col(Records.SOURCE).as("r_source"));
    Dataset<Row> lc = clusters.select(col(Records.RECORD_KEY).as("l_key"), col("component").as("l_component"));
    Dataset<Row> rc = clusters.select(col(Records.RECORD_KEY).as("r_key"), col("component").as("r_component"));
    return scored.filter(col("probability").lt(settings.linkThreshold()))
        .join(ls, "l_key").join(rs, "r_key").join(lc, "l_key").join(rc, "r_key")
        .select(col("l_key").as(LinkReview.LEFT_RECORD_KEY), col("r_key").as(LinkReview.RIGHT_RECORD_KEY),
            col("l_source").as(LinkReview.LEFT_SOURCE), col("r_source").as(LinkReview.RIGHT_SOURCE),
            col("probability").as(LinkReview.MATCH_PROBABILITY), col("weight").as(LinkReview.MATCH_WEIGHT),
            col("rule").as(LinkReview.BLOCKING_RULE),
            concat_ws("; ", evidence.toArray(new Column[0])).as(LinkReview.EVIDENCE),
            col("l_component").equalTo(col("r_component")).as(LinkReview.LINKED));
  }
}
