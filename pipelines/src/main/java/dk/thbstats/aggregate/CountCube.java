package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dk.thbstats.core.SparkRows;
import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A fully additive count table in long format: persons counted by every combination of the
 * dimension values and {@code TOTAL} (the cube), with every combination present — zeros included —
 * so suppression sees the whole table.
 */
public final class CountCube {

  private CountCube() {}

  /**
   * @param cells one row per person with a column per dimension
   * @param values the values of each dimension in display order (TOTAL is added last)
   * @return {@code <dimensions>, value} (value a long)
   */
  public static Dataset<Row> counts(SparkSession spark, Dataset<Row> cells, LinkedHashMap<String, List<String>> values) {
    List<String> dims = new ArrayList<>(values.keySet());
    Column[] group = dims.stream().map(d -> col(d)).toArray(Column[]::new);
    List<Column> select = new ArrayList<>();
    for (String d : dims) {
      select.add(coalesce(col(d), lit(Published.TOTAL)).as(d));
    }
    select.add(col("n"));
    Dataset<Row> cube = cells.cube(group).agg(count(lit(1)).as("n")).select(select.toArray(new Column[0]));
    List<Column> out = new ArrayList<>();
    dims.forEach(d -> out.add(col(d)));
    out.add(coalesce(col("n"), lit(0L)).as("value"));
    return domain(spark, values)
        .join(cube, dims.toArray(String[]::new), "left")
        .select(out.toArray(new Column[0]));
  }

  /** Every combination of the dimensions' values and TOTAL, as rows of strings in dimension order. */
  static List<Row> domainRows(LinkedHashMap<String, List<String>> values) {
    List<String> dims = new ArrayList<>(values.keySet());
    List<Row> domain = new ArrayList<>();
    product(values, dims, 0, new Object[dims.size()], domain);
    return domain;
  }

  /** Every combination of the dimensions' values and TOTAL, one string column per dimension. */
  static Dataset<Row> domain(SparkSession spark, LinkedHashMap<String, List<String>> values) {
    List<String> dims = new ArrayList<>(values.keySet());
    List<Row> domain = domainRows(values);
    List<StructField> fields = new ArrayList<>();
    for (String d : dims) {
      fields.add(DataTypes.createStructField(d, DataTypes.StringType, false));
    }
    return spark.createDataFrame(domain, DataTypes.createStructType(fields));
  }

  private static void product(Map<String, List<String>> values, List<String> dims, int at, Object[] row,
      List<Row> out) {
    if (at == dims.size()) {
      out.add(RowFactory.create(row.clone()));
      return;
    }
    List<String> vs = new ArrayList<>(values.get(dims.get(at)));
    vs.add(Published.TOTAL);
    for (String v : vs) {
      row[at] = v;
      product(values, dims, at + 1, row, out);
    }
  }
}
