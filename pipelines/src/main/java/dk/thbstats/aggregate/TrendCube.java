package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables.CkmKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A count table for the cell key method: distinct persons by every combination of the dimension
 * values and {@code TOTAL}, with each cell's key — the sum of its persons' record keys modulo
 * 2^32. A person may sit in several cells of one dimension (several forms of exploitation, events
 * in several quarters) and still counts once in the margin: every person-row is expanded to its
 * 2^k margin cells in one pass and made distinct per cell before counting, so margins are exact
 * distinct counts, computed on the executors; the aggregate comes to the driver, which adds every
 * combination of the values that has no person (zeros with key 0).
 */
public final class TrendCube {
  /** The cell key column. */
  public static final String CELL_KEY = "cell_key";
  private static final long KEY_SPACE = 1L << 32;

  private TrendCube() {}

  /**
   * @param facts one row per person and finest cell: {@code person_key} and a column per dimension
   *     (values outside {@code values} are dropped)
   * @param recordKeys {@code restricted.ckm_keys}: {@code person_key, ckm_key} (4 bytes, big-endian)
   * @param values the values of each dimension in display order (TOTAL is added)
   * @return {@code <dimensions>, value, cell_key} (value and key longs)
   */
  public static Dataset<Row> counts(SparkSession spark, Dataset<Row> facts, Dataset<Row> recordKeys,
      LinkedHashMap<String, List<String>> values) {
    List<String> dims = new ArrayList<>(values.keySet());
    Column inDomain = lit(true);
    for (String d : dims) {
      inDomain = inDomain.and(col(d).isin(values.get(d).toArray()));
    }
    List<Column> margins = new ArrayList<>();
    for (int mask = 0; mask < (1 << dims.size()); mask++) {
      List<Column> fields = new ArrayList<>();
      for (int i = 0; i < dims.size(); i++) {
        fields.add(((mask >> i) & 1) == 1 ? lit(Published.TOTAL).as(dims.get(i)) : col(dims.get(i)).as(dims.get(i)));
      }
      margins.add(struct(fields.toArray(new Column[0])));
    }
    List<Column> cellCols = new ArrayList<>();
    cellCols.add(col(CkmKeys.PERSON_KEY));
    cellCols.add(col(CkmKeys.CKM_KEY));
    dims.forEach(d -> cellCols.add(col("cell." + d).as(d)));
    List<String> distinctOn = new ArrayList<>(dims);
    distinctOn.add(CkmKeys.PERSON_KEY);
    Dataset<Row> cells = facts.filter(inDomain)
        .join(recordKeys.select(col(CkmKeys.PERSON_KEY),
            conv(hex(col(CkmKeys.CKM_KEY)), 16, 10).cast("long").as(CkmKeys.CKM_KEY)), CkmKeys.PERSON_KEY)
        .select(col(CkmKeys.PERSON_KEY), col(CkmKeys.CKM_KEY), explode(array(margins.toArray(new Column[0]))).as("cell"))
        .select(cellCols.toArray(new Column[0]))
        .dropDuplicates(distinctOn.toArray(new String[0]))
        .groupBy(dims.stream().map(d -> col(d)).toArray(Column[]::new))
        .agg(count(lit(1)).as("n"), pmod(sum(col(CkmKeys.CKM_KEY)), lit(KEY_SPACE)).as("k"));

    // The non-empty cells are an aggregate (at most the product of the dimensions' sizes): the
    // driver fills in the empty ones, which spares a join per table.
    java.util.Map<List<String>, Row> found = new java.util.HashMap<>();
    for (Row r : cells.collectAsList()) {
      List<String> at = new ArrayList<>();
      for (int i = 0; i < dims.size(); i++) {
        at.add(r.getString(i));
      }
      found.put(at, r);
    }
    List<Row> rows = new ArrayList<>();
    for (Row d : CountCube.domainRows(values)) {
      List<String> at = new ArrayList<>();
      Object[] v = new Object[dims.size() + 2];
      for (int i = 0; i < dims.size(); i++) {
        at.add(d.getString(i));
        v[i] = d.getString(i);
      }
      Row hit = found.get(at);
      v[dims.size()] = hit == null ? 0L : hit.getLong(dims.size());
      v[dims.size() + 1] = hit == null ? 0L : ((Number) hit.get(dims.size() + 1)).longValue();
      rows.add(org.apache.spark.sql.RowFactory.create(v));
    }
    List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>();
    dims.forEach(d -> fields.add(org.apache.spark.sql.types.DataTypes.createStructField(d,
        org.apache.spark.sql.types.DataTypes.StringType, false)));
    fields.add(org.apache.spark.sql.types.DataTypes.createStructField("value",
        org.apache.spark.sql.types.DataTypes.LongType, false));
    fields.add(org.apache.spark.sql.types.DataTypes.createStructField(CELL_KEY,
        org.apache.spark.sql.types.DataTypes.LongType, false));
    return spark.createDataFrame(rows, org.apache.spark.sql.types.DataTypes.createStructType(fields));
  }
}
