package dk.thbstats.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code vintage} and {@code status} of published rows.
 *
 * <ul>
 *   <li>vintage: the newest delivery date loaded (the same on every row of a night);
 *   <li>provisional: the row's reference year is still open — late registrations for year Y are
 *       expected until 1 April of Y + 1, so the year closes once a delivery of that date or later
 *       is loaded. A TOTAL year is open while any year is;
 *   <li>final: the year is closed, and the row is as in the previous release (or the previous
 *       release did not hold it as final);
 *   <li>revised: the year is closed, the previous release held the row as final, and its value
 *       or flag has changed since.
 * </ul>
 *
 * The previous release is the table's newest release tag. Nothing about the run (id, clock)
 * enters the rows.
 */
public final class ReleaseStatus {
  public static final String VINTAGE = "vintage";
  public static final String STATUS = "status";
  public static final String PROVISIONAL = "provisional";
  public static final String FINAL = "final";
  public static final String REVISED = "revised";

  private ReleaseStatus() {}

  /** The newest reference year that is closed at {@code vintage} (none: {@code Integer.MIN_VALUE}). */
  static int closedThrough(LocalDate vintage) {
    if (vintage == null) {
      return Integer.MIN_VALUE;
    }
    return vintage.isBefore(LocalDate.of(vintage.getYear(), 4, 1)) ? vintage.getYear() - 2 : vintage.getYear() - 1;
  }

  /** The table's newest release tag's snapshot, or null. */
  public static Long previousRelease(Warehouse warehouse, Tables t) {
    Map<String, Long> tags = warehouse.tags(t);
    org.apache.iceberg.Table table = warehouse.iceberg(t);
    return tags.values().stream()
        .max((a, b) -> Long.compare(table.snapshot(a).sequenceNumber(), table.snapshot(b).sequenceNumber()))
        .orElse(null);
  }

  /** {@code rows} with the {@code vintage} and {@code status} columns. */
  static Dataset<Row> stamp(Warehouse warehouse, Tables t, Dataset<Row> rows, LocalDate vintage) {
    TableContract contract = t.contract();
    List<String> dims = PublishedOrder.dimensions(contract);
    int closed = closedThrough(vintage);
    // A TOTAL year is closed when the newest year is (a one-row aggregate joined in: no extra job).
    Dataset<Row> newest = rows.filter(col("year").notEqual(lit("TOTAL")))
        .agg(max(col("year").cast("int")).as("_newest"));
    Column yearClosed = when(col("year").equalTo(lit("TOTAL")),
            col("_newest").isNull().or(col("_newest").leq(lit(closed))))
        .otherwise(col("year").cast("int").leq(lit(closed)));
    Dataset<Row> out = rows.crossJoin(newest).withColumn(VINTAGE, lit(vintage == null ? "" : vintage.toString()))
        .withColumn("_closed", yearClosed).drop("_newest");
    Long previous = previousRelease(warehouse, t);
    Dataset<Row> before = previous == null ? null : warehouse.readSnapshot(t, previous);
    if (before == null || !Arrays.asList(before.columns()).contains(STATUS)) {
      return out.withColumn(STATUS, when(col("_closed"), lit(FINAL)).otherwise(lit(PROVISIONAL))).drop("_closed");
    }
    List<Column> prev = new ArrayList<>();
    dims.forEach(d -> prev.add(col(d)));
    prev.add(col("value").as("_prev_value"));
    prev.add(col("flag").as("_prev_flag"));
    prev.add(col(STATUS).as("_prev_status"));
    Column changed = not(col("value").eqNullSafe(col("_prev_value")).and(col("flag").eqNullSafe(col("_prev_flag"))));
    Column wasFinal = col("_prev_status").isin(FINAL, REVISED);
    return out.join(before.select(prev.toArray(new Column[0])), dk.thbstats.core.SparkRows.seq(dims), "left")
        .withColumn(STATUS, when(not(col("_closed")), lit(PROVISIONAL))
            .when(wasFinal.and(changed), lit(REVISED))
            .otherwise(lit(FINAL)))
        .drop("_closed", "_prev_value", "_prev_flag", "_prev_status");
  }

  /** The status of a whole table from its stamped rows: provisional if any row is, else revised if any is, else final. */
  static String ofTable(List<Row> stamped) {
    java.util.Set<String> statuses = new java.util.HashSet<>();
    stamped.forEach(r -> statuses.add(r.getAs(STATUS)));
    return statuses.contains(PROVISIONAL) ? PROVISIONAL : statuses.contains(REVISED) ? REVISED : FINAL;
  }
}
