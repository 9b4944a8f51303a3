package dk.thbstats.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Published;
import dk.thbstats.schema.TableContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The row order of a published table: by each dimension in the contract's order; within a
 * dimension by the contract's code order (or the value, e.g. years), with {@code TOTAL} last.
 * Exports use it so that the same table always gives the same bytes.
 */
public final class PublishedOrder {
  /** Ranks within a dimension: a listed code by its position, any other value after them, TOTAL last. */
  private static final int UNLISTED = 50_000;
  private static final int TOTAL = 100_000;

  private PublishedOrder() {}

  /** Sort columns for {@code Dataset.orderBy}. */
  public static Column[] of(TableContract contract) {
    List<Column> order = new ArrayList<>();
    for (Map<String, Object> dim : contract.dimensions()) {
      String name = (String) dim.get("name");
      Column c = col(name);
      @SuppressWarnings("unchecked")
      List<String> codes = (List<String>) dim.get("codes");
      Column rank = when(c.equalTo(Published.TOTAL), lit(TOTAL));
      if (codes != null) {
        for (int i = 0; i < codes.size(); i++) {
          rank = rank.when(c.equalTo(codes.get(i)), lit(i));
        }
      }
      order.add(rank.otherwise(lit(UNLISTED)).asc());
      order.add(c.asc());
    }
    return order.toArray(new Column[0]);
  }

  /** The same order for rows on the driver (dimension values are ASCII codes and years). */
  public static java.util.Comparator<Row> comparator(TableContract contract) {
    java.util.Comparator<Row> order = (a, b) -> 0;
    for (Map<String, Object> dim : contract.dimensions()) {
      String name = (String) dim.get("name");
      @SuppressWarnings("unchecked")
      List<String> codes = (List<String>) dim.get("codes");
      java.util.function.Function<Row, String> value = r -> r.getAs(name);
      java.util.function.ToIntFunction<Row> rank = r -> {
        String v = r.getAs(name);
        int i = codes == null ? -1 : codes.indexOf(v);
        return Published.TOTAL.equals(v) ? TOTAL : i >= 0 ? i : UNLISTED;
      };
      order = order.thenComparingInt(rank).thenComparing(value, java.util.Comparator.nullsFirst(String::compareTo));
    }
    return order;
  }

  /** The dimension column names in order. */
  public static List<String> dimensions(TableContract contract) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> dim : contract.dimensions()) {
      names.add((String) dim.get("name"));
    }
    return names;
  }
}
