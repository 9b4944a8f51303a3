package dk.thbstats.link;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components on Spark (GraphFrames is not available): every node ends with the
 * smallest node id of its component as its label.
 *
 * <p>Each round propagates the minimum label along every edge in both directions, then jumps
 * pointers (a node takes its label's label), which shortens chains geometrically; rounds repeat
 * until no label changes. Lineage is cut with {@code localCheckpoint()} every round. Labels only
 * decrease and always name a node of the same component, so at the fix point each component
 * carries its minimum.
 */
public final class ConnectedComponents {
  private ConnectedComponents() {}

  /** Default upper bound on rounds; exact-token graphs converge in 2–4. */
  public static final int MAX_ROUNDS = 50;

  /**
   * Labels the nodes.
   *
   * @param nodes one column {@code node} (string), distinct
   * @param edges columns {@code src}, {@code dst} (strings); direction is ignored
   * @return columns {@code node}, {@code component}
   */
  public static Dataset<Row> run(Dataset<Row> nodes, Dataset<Row> edges, int maxRounds) {
    // Both directions plus a self loop per node, so one join propagates a node's own label too.
    Dataset<Row> both = edges.select(col("src"), col("dst"))
        .union(edges.select(col("dst").as("src"), col("src").as("dst")))
        .filter(col("src").notEqual(col("dst")))
        .union(nodes.select(col("node").as("src"), col("node").as("dst")))
        .distinct()
        .localCheckpoint();
    Dataset<Row> labels = both.filter(col("src").equalTo(col("dst")))
        .select(col("src").as("node"), col("dst").as("label"))
        .localCheckpoint();
    for (int round = 1; round <= maxRounds; round++) {
      Dataset<Row> propagated = both.join(labels, both.col("src").equalTo(labels.col("node")))
          .groupBy(both.col("dst").as("node"))
          .agg(min(labels.col("label")).as("label"))
          .localCheckpoint();
      Dataset<Row> a = propagated.as("a");
      Dataset<Row> b = propagated.as("b");
      Dataset<Row> jumped = a.join(b, col("a.label").equalTo(col("b.node")), "left")
          .select(col("a.node").as("node"),
              least(col("a.label"), coalesce(col("b.label"), col("a.label"))).as("label"))
          .localCheckpoint();
      long changed = jumped.as("n").join(labels.as("o"), col("n.node").equalTo(col("o.node")))
          .filter(col("n.label").notEqual(col("o.label")))
          .count();
      labels = jumped;
      if (changed == 0) {
        return labels.select(col("node"), col("label").as("component"));
      }
    }
    throw new PipelineException(ErrorCode.INTERNAL,
        "connected components did not converge in " + maxRounds + " rounds");
  }
}
