package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import dk.thbstats.schema.Tables.Records;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;

/**
 * Candidate pairs by blocking: for each rule, records are keyed by the values of the rule's
 * columns (an array column contributes each element; one used twice contributes each pair of
 * distinct elements) and joined on that key — an equi-join, never all pairs. Blocks with more
 * than {@code max_block} records are skipped (a shared or filler value) and counted.
 */
public final class Blocking {
  private Blocking() {}

  /** The block keys of one rule: {@code record_key, block}. */
  static Dataset<Row> blockKeys(Dataset<Row> records, LinkSettings.BlockingRule rule) {
    StructType schema = records.schema();
    List<Column> columns = new ArrayList<>();
    columns.add(col(Records.RECORD_KEY));
    rule.keys().stream().distinct().forEach(k -> columns.add(col(k)));
    Dataset<Row> keyed = records.select(columns.toArray(new Column[0]));
    List<Column> parts = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    for (int i = 0; i < rule.keys().size(); i++) {
      String k = rule.keys().get(i);
      String part = "k" + i;
      boolean array = schema.apply(k).dataType() instanceof ArrayType;
      if (array) {
        keyed = keyed.withColumn(part, explode(col(k)));
        if (Records.IDENTIFIERS.equals(k)) {
          keyed = keyed.withColumn(part, concat_ws(":", col(part + ".type"), col(part + ".country"), col(part + ".key")));
        }
        Integer previous = used.put(k, i);
        if (previous != null) {
          keyed = keyed.filter(col("k" + previous).lt(col(part)));
        }
      } else {
        keyed = keyed.withColumn(part, col(k).cast("string")).filter(col(part).isNotNull());
      }
      parts.add(col(part));
    }
    return keyed.select(col(Records.RECORD_KEY), concat_ws("|", parts.toArray(new Column[0])).as("block"))
        .distinct();
  }

  /** What blocking produced. */
  public record Result(Dataset<Row> pairs, Dataset<Row> blockSizes) {}

  /**
   * Candidate pairs {@code l_key, r_key, rule} (l_key &lt; r_key, one row per pair and first rule
   * in settings order), and block sizes per rule ({@code rule, block, n}).
   */
  public static Result pairs(Dataset<Row> records, LinkSettings settings) {
    return pairs(records, settings, null);
  }

  /**
   * As {@link #pairs(Dataset, LinkSettings)}, but only the pairs with at least one record in
   * {@code only} (a column {@code record_key}; null: all pairs): an incremental night's candidates.
   * Blocks are still sized over all records, so a block is skipped exactly when a full night would
   * skip it.
   */
  public static Result pairs(Dataset<Row> records, LinkSettings settings, Dataset<Row> only) {
    Dataset<Row> pairs = null;
    Dataset<Row> sizes = null;
    int order = 0;
    for (LinkSettings.BlockingRule rule : settings.blocking()) {
      Dataset<Row> keys = blockKeys(records, rule);
      Dataset<Row> n = sizes(keys);
      Dataset<Row> p = joinBlocks(keys, n, settings.maxBlock(), only)
          .withColumn("rule_order", lit(order)).withColumn("rule", lit(rule.name()));
      Dataset<Row> s = n.select(lit(rule.name()).as("rule"), col("block"), col("n"));
      pairs = pairs == null ? p : pairs.union(p);
      sizes = sizes == null ? s : sizes.union(s);
      order++;
    }
    Dataset<Row> first = pairs.groupBy("l_key", "r_key").agg(org.apache.spark.sql.functions.min("rule_order").as("rule_order"));
    Dataset<Row> names = records.sparkSession().createDataFrame(
        java.util.stream.IntStream.range(0, settings.blocking().size())
            .mapToObj(i -> org.apache.spark.sql.RowFactory.create(i, settings.blocking().get(i).name()))
            .collect(java.util.stream.Collectors.toList()),
        org.apache.spark.sql.types.DataTypes.createStructType(List.of(
            org.apache.spark.sql.types.DataTypes.createStructField("rule_order", org.apache.spark.sql.types.DataTypes.IntegerType, false),
            org.apache.spark.sql.types.DataTypes.createStructField("rule", org.apache.spark.sql.types.DataTypes.StringType, false))));
    return new Result(first.join(org.apache.spark.sql.functions.broadcast(names), "rule_order").drop("rule_order"), sizes);
  }

  /** The pairs of one rule only (training rounds). */
  public static Dataset<Row> rulePairs(Dataset<Row> records, LinkSettings settings, String ruleName) {
    LinkSettings.BlockingRule rule = settings.blocking().stream().filter(r -> r.name().equals(ruleName))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no blocking rule " + ruleName));
    Dataset<Row> keys = blockKeys(records, rule);
    return joinBlocks(keys, sizes(keys), settings.maxBlock(), null).distinct();
  }

  /** Records per block: {@code block, n}. */
  private static Dataset<Row> sizes(Dataset<Row> keys) {
    return keys.groupBy("block").agg(count(lit(1)).as("n"));
  }

  /**
   * The pairs within the blocks of at most {@code maxBlock} records: {@code l_key < r_key}; with
   * {@code only}, the pairs with at least one record in it (distinct).
   */
  private static Dataset<Row> joinBlocks(Dataset<Row> keys, Dataset<Row> sizes, int maxBlock, Dataset<Row> only) {
    Dataset<Row> small = keys.join(sizes.filter(col("n").leq(maxBlock)), "block");
    if (only == null) {
      Dataset<Row> a = small.as("a");
      Dataset<Row> b = small.as("b");
      return a.join(b, col("a.block").equalTo(col("b.block"))
              .and(col("a." + Records.RECORD_KEY).lt(col("b." + Records.RECORD_KEY))))
          .select(col("a." + Records.RECORD_KEY).as("l_key"), col("b." + Records.RECORD_KEY).as("r_key"));
    }
    Dataset<Row> a = small.join(only.select(Records.RECORD_KEY), new String[] {Records.RECORD_KEY}, "left_semi").as("a");
    Dataset<Row> b = small.as("b");
    return a.join(b, col("a.block").equalTo(col("b.block"))
            .and(col("a." + Records.RECORD_KEY).notEqual(col("b." + Records.RECORD_KEY))))
        .select(least(col("a." + Records.RECORD_KEY), col("b." + Records.RECORD_KEY)).as("l_key"),
            greatest(col("a." + Records.RECORD_KEY), col("b." + Records.RECORD_KEY)).as("r_key"))
        .distinct();
  }
}
