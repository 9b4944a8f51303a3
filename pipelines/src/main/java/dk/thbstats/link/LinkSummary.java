package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Tables.Records;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Aggregates of one linkage for the run report and {@code linkage.html}: per blocking rule its
 * blocks and candidate pairs, the cluster-size distribution, and the distribution of match
 * probabilities. Only aggregates (a row per rule, band or bin) reach the driver; no token, key or
 * value of a record is in any of them.
 */
public final class LinkSummary {
  private LinkSummary() {}

  /** One blocking rule: its blocks, the pairs of the blocks kept, blocks skipped as oversized, the largest. */
  public record Rule(String name, long blocks, long pairs, long skippedBlocks, long largestBlock) {}

  /** Per rule of {@code settings}, in settings order, from the block sizes ({@code rule, block, n}). */
  public static List<Rule> rules(Dataset<Row> blockSizes, LinkSettings settings) {
    List<Rule> rules = new ArrayList<>();
    for (Row r : blockSizes.groupBy("rule").agg(count(lit(1)),
            sum(when(col("n").leq(settings.maxBlock()), col("n").multiply(col("n").minus(1)).divide(2)).otherwise(0)),
            sum(when(col("n").gt(settings.maxBlock()), 1L).otherwise(0L)), max(col("n")))
        .collectAsList()) {
      rules.add(new Rule(r.getString(0), r.getLong(1), r.isNullAt(2) ? 0 : Math.round(r.getDouble(2)),
          r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4)));
    }
    List<String> order = settings.blocking().stream().map(LinkSettings.BlockingRule::name).toList();
    rules.sort((a, b) -> Integer.compare(order.indexOf(a.name()), order.indexOf(b.name())));
    return rules;
  }

  /** The bands of the cluster-size distribution (records per person), the last open-ended. */
  public static final List<Integer> SIZE_BANDS = List.of(1, 2, 3, 4, 5, 10);

  /**
   * Persons per band of records ({@link #SIZE_BANDS}), the largest person, and the link components
   * that clustering split into more than one person (at weak links, or where members carry evidence
   * against each other).
   */
  public record ClusterSizes(Map<String, Long> persons, long largest, long componentsSplit) {

    /** From one row per record with its person ({@code person}) and link component ({@code component}). */
    public static ClusterSizes of(Dataset<Row> records, String person, String component) {
      Dataset<Row> sizes = records.groupBy(person).agg(count(lit(1)).as("n"));
      Column band = lit(label(SIZE_BANDS.size() - 1));
      for (int i = SIZE_BANDS.size() - 2; i >= 0; i--) {
        band = when(col("n").lt(SIZE_BANDS.get(i + 1)), lit(label(i))).otherwise(band);
      }
      Map<String, Long> persons = new LinkedHashMap<>();
      for (int i = 0; i < SIZE_BANDS.size(); i++) {
        persons.put(label(i), 0L);
      }
      long largest = 0;
      for (Row r : sizes.groupBy(band.as("band")).agg(count(lit(1)), max(col("n"))).collectAsList()) {
        persons.put(r.getString(0), r.getLong(1));
        largest = Math.max(largest, r.getLong(2));
      }
      long split = records.groupBy(component).agg(countDistinct(col(person)).as("p")).filter(col("p").gt(1)).count();
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

    /** One line for the console. */
    public String line() {
      StringBuilder b = new StringBuilder("persons by records:");
      persons.forEach((k, v) -> b.append(' ').append(k).append(':').append(v));
      return b.append(String.format(Locale.ROOT, "; largest %d; %d link component(s) split into several persons",
          largest, componentsSplit)).toString();
    }
  }

  /** Bins of the match-probability histogram over [0, 1]. */
  public static final int BINS = 20;

  /** Scored pairs ({@code probability}) per bin of width 1/{@link #BINS}; the last bin holds 1.0. */
  public static long[] probabilities(Dataset<Row> scored) {
    long[] bins = new long[BINS];
    Column bin = least(floor(col("probability").multiply(BINS)).cast("int"), lit(BINS - 1));
    for (Row r : scored.groupBy(bin.as("bin")).agg(count(lit(1))).collectAsList()) {
      if (!r.isNullAt(0)) {
        bins[Math.max(0, r.getInt(0))] += r.getLong(1);
      }
    }
    return bins;
  }

  /**
   * Per rule, how many of the linked pairs ({@code l_key, r_key} at or above the link threshold) its
   * blocks hold — the rule's recall measured against what linkage accepted, since no truth is known.
   */
  public static Map<String, Long> linkedPairsHeld(Dataset<Row> linkRecords, Dataset<Row> scored,
      LinkSettings settings) {
    Dataset<Row> linked = scored.filter(col("probability").geq(settings.linkThreshold())).select("l_key", "r_key")
        .localCheckpoint();
    // Every rule's blocks in one table and one job (a job per rule was 60 jobs for 11 rules).
    Dataset<Row> blocks = null;
    for (LinkSettings.BlockingRule rule : settings.blocking()) {
      Dataset<Row> keys = Blocking.blockKeys(linkRecords, rule);
      Dataset<Row> small = keys.groupBy("block").agg(count(lit(1)).as("n")).filter(col("n").leq(settings.maxBlock()))
          .select("block");
      Dataset<Row> kept = keys.join(small, "block").select(col(Records.RECORD_KEY), col("block"),
          lit(rule.name()).as("rule"));
      blocks = blocks == null ? kept : blocks.unionByName(kept);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    settings.blocking().forEach(rule -> out.put(rule.name(), 0L));
    if (blocks == null) {
      return out;
    }
    Dataset<Row> l = blocks.select(col(Records.RECORD_KEY).as("l_key"), col("block"), col("rule"));
    Dataset<Row> r = blocks.select(col(Records.RECORD_KEY).as("rk"), col("block").as("rb"), col("rule").as("rr"));
    // Block and rule in the join keys: a pair meets the right record's blocks of its own rule only.
    linked.join(l, "l_key").join(r, col("r_key").equalTo(col("rk")).and(col("block").equalTo(col("rb")))
            .and(col("rule").equalTo(col("rr"))))
        .select("rule", "l_key", "r_key").distinct().groupBy("rule").count().collectAsList()
        .forEach(row -> out.put(row.getString(0), row.getLong(1)));
    return out;
  }
}
