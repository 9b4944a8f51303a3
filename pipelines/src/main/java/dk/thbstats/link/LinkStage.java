package dk.thbstats.link;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deduplication of persons: clusters the pseudonymised records by exact keyed matches and gives
 * every cluster a stable person key. Reads records and the previous night's links; returns the
 * new links and redirects (lazy; the runner writes them).
 */
public final class LinkStage implements Stage<LinkStage.Input, LinkStage.Output> {

  /**
   * The night's linkage: the new assignment, and the blocks (match keys with their size) so the
   * runner can report oversized ones.
   */
  public record Output(StableKeys.Assignment assignment, Dataset<Row> blocks) {}

  /** The records to link and the previous night's state. */
  public record Input(Dataset<Row> records, Dataset<Row> previousLinks, Dataset<Row> previousRedirects,
      LocalDate vintage) {}

  @Override
  public String name() {
    return "link";
  }

  @Override
  public Output run(Input input, RunContext context) {
    Dataset<Row> matchKeys = ExactLinkage.toMatchKeys(input.records());
    Dataset<Row> blocks = ExactLinkage.toBlocks(matchKeys).localCheckpoint();
    Dataset<Row> clusters = ExactLinkage.cluster(input.records(), matchKeys, blocks);
    return new Output(StableKeys.assign(clusters, input.previousLinks(), input.previousRedirects(), input.vintage()),
        blocks);
  }
}
