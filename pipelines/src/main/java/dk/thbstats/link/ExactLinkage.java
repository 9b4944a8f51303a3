package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import dk.thbstats.schema.Tables.Records;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deterministic linkage on keyed tokens: records that share an identifier token (CPR, travel
 * document with type and issuing country, DIS case number) or both the name token and the full
 * birth-date token are the same person.
 *
 * <p>Blocking is by equi-join on the token: each token's records are joined to the token's
 * smallest record key (a star, not all pairs), and the stars are merged by connected components.
 * Keys shared by more than {@link #MAX_BLOCK} records are not used.
 */
public final class ExactLinkage {
  private ExactLinkage() {}

  /** The match keys of each record: columns {@code record_key}, {@code match_key}. */
  public static Dataset<Row> toMatchKeys(Dataset<Row> records) {
    Dataset<Row> ids = records
        .select(col(Records.RECORD_KEY), explode(col(Records.IDENTIFIERS)).as("id"))
        .select(col(Records.RECORD_KEY), concat(lit("id:"), col("id.type"), lit(":"), col("id.key")).as("match_key"));
    Dataset<Row> nameBirth = records
        .filter(col(Records.NAME_KEY).isNotNull().and(col(Records.BIRTH_DATE_KEY).isNotNull()))
        .select(col(Records.RECORD_KEY),
            concat(lit("nb:"), col(Records.NAME_KEY), lit(":"), col(Records.BIRTH_DATE_KEY)).as("match_key"));
    return ids.union(nameBirth);
  }

  /**
   * The most records one match key may join. A real person has a handful of records; a key
   * shared by more is a shared or filler identifier (an agency's phone, "0000000") and would
   * merge strangers, so it is not used (the run reports how many keys were dropped).
   */
  public static final int MAX_BLOCK = 50;

  /** Per match key its hub (smallest record) and size: {@code match_key, hub, block_size}. */
  public static Dataset<Row> toBlocks(Dataset<Row> matchKeys) {
    return matchKeys.groupBy("match_key")
        .agg(min(Records.RECORD_KEY).as("hub"), count(lit(1)).as("block_size"));
  }

  /** Star edges: columns {@code src}, {@code dst}; every record to its key's smallest record. */
  public static Dataset<Row> toEdges(Dataset<Row> matchKeys, Dataset<Row> blocks) {
    return matchKeys.join(blocks.filter(col("block_size").leq(MAX_BLOCK)), "match_key")
        .filter(col(Records.RECORD_KEY).notEqual(col("hub")))
        .select(col(Records.RECORD_KEY).as("src"), col("hub").as("dst"));
  }

  /** Each record with its component: columns {@code record_key}, {@code component}. */
  public static Dataset<Row> cluster(Dataset<Row> records) {
    Dataset<Row> matchKeys = toMatchKeys(records);
    return cluster(records, matchKeys, toBlocks(matchKeys));
  }

  /** As {@link #cluster(Dataset)}, with match keys and blocks computed by the caller. */
  public static Dataset<Row> cluster(Dataset<Row> records, Dataset<Row> matchKeys, Dataset<Row> blocks) {
    Dataset<Row> nodes = records.select(col(Records.RECORD_KEY).as("node")).distinct();
    Dataset<Row> edges = toEdges(matchKeys, blocks);
    return ConnectedComponents.run(nodes, edges, ConnectedComponents.MAX_ROUNDS)
        .select(col("node").as(Records.RECORD_KEY), col("component"));
  }
}
