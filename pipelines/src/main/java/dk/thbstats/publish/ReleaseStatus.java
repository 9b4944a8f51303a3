package dk.thbstats.publish;


import dk.thbstats.schema.Published;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /** Stamped rows and their schema (the input's columns, then {@code vintage} and {@code status}). */
  record Stamped(List<Row> rows, StructType schema) {}

  /**
   * {@code rows} (a published table: an aggregate, stamped on the driver) with the {@code vintage}
   * and {@code status} columns; {@code previous}: the rows of the table's newest release, or null.
   */
  static Stamped stamp(List<Row> rows, StructType schema, TableContract contract, LocalDate vintage,
      List<Row> previous) {
    List<String> dims = PublishedOrder.dimensions(contract);
    int closed = closedThrough(vintage);
    int year = schema.fieldIndex(Published.YEAR);
    // A TOTAL year is closed when the newest year is.
    Integer newest = null;
    for (Row r : rows) {
      if (!Published.TOTAL.equals(r.getString(year))) {
        int y = Integer.parseInt(r.getString(year));
        newest = newest == null ? y : Math.max(newest, y);
      }
    }
    Map<List<Object>, Row> before = new HashMap<>();
    boolean withStatus = previous != null && !previous.isEmpty()
        && Arrays.asList(previous.get(0).schema().fieldNames()).contains(STATUS);
    if (withStatus) {
      for (Row r : previous) {
        before.put(dims.stream().map(d -> (Object) r.getAs(d)).toList(), r);
      }
    }
    StructType out = schema.add(VINTAGE, DataTypes.StringType, false).add(STATUS, DataTypes.StringType, false);
    String vintageText = vintage == null ? "" : vintage.toString();
    List<Row> stamped = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String y = r.getString(year);
      boolean yearClosed = Published.TOTAL.equals(y) ? newest == null || newest <= closed
          : Integer.parseInt(y) <= closed;
      String status = yearClosed ? FINAL : PROVISIONAL;
      if (yearClosed && withStatus) {
        Row prev = before.get(dims.stream().map(d -> (Object) r.getAs(d)).toList());
        boolean wasFinal = prev != null && List.of(FINAL, REVISED).contains(prev.<String>getAs(STATUS));
        boolean changed = prev == null || !sameNumber(r.getAs("value"), prev.getAs("value"))
            || !java.util.Objects.equals(r.getAs("flag"), prev.getAs("flag"));
        status = wasFinal && changed ? REVISED : FINAL;
      }
      Object[] values = new Object[out.size()];
      for (int i = 0; i < schema.size(); i++) {
        values[i] = r.get(i);
      }
      values[schema.size()] = vintageText;
      values[schema.size() + 1] = status;
      stamped.add(new GenericRowWithSchema(values, out));
    }
    return new Stamped(stamped, out);
  }

  /** Two values of a {@code value} column (an int, long or double, or null) are the same figure. */
  private static boolean sameNumber(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    return a == null && b == null;
  }

  /** The status of a whole table from its stamped rows: provisional if any row is, else revised if any is, else final. */
  static String ofTable(List<Row> stamped) {
    java.util.Set<String> statuses = new java.util.HashSet<>();
    stamped.forEach(r -> statuses.add(r.getAs(STATUS)));
    return statuses.contains(PROVISIONAL) ? PROVISIONAL : statuses.contains(REVISED) ? REVISED : FINAL;
  }
}
