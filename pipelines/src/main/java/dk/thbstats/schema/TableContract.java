package dk.thbstats.schema;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A warehouse or published table as described by a file in {@code schemas/canonical/} or
 * {@code schemas/published/}: its columns with Spark DDL types, plus descriptive metadata
 * (unit, reference period, disclosure method) for published tables.
 */
public record TableContract(
    String table,
    String namespace,
    int version,
    String kind,
    String title,
    String grain,
    String unit,
    String referencePeriod,
    String population,
    String disclosure,
    Integer threshold,
    Integer perturbation,
    String description,
    List<Column> columns,
    List<Map<String, Object>> dimensions) {

  /** One column: name, Spark DDL type, nullability and meaning. */
  public record Column(String name, String type, boolean nullable, String description) {}

  /** Loads {@code schemas/<folder>/<table>.v<version>.json}. */
  public static TableContract load(String folder, String table, int version) {
    TableContract c = Schemas.read(folder + "/" + table + ".v" + version + ".json", TableContract.class);
    if (!table.equals(c.table())) {
      throw new PipelineException(
          ErrorCode.SCHEMA_MISMATCH,
          "schemas/" + folder + "/" + table + ".v" + version + ".json declares table " + c.table());
    }
    return c;
  }

  /** The Spark schema of the table. */
  public StructType schema() {
    StructField[] fields = new StructField[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Column col = columns.get(i);
      DataType type;
      try {
        type = col.type().startsWith(ROW_OF) ? rowOf(col.type().substring(ROW_OF.length()).trim())
            : DataType.fromDDL(col.type());
      } catch (RuntimeException e) {
        throw new PipelineException(
            ErrorCode.SCHEMA_MISMATCH,
            "table " + table + " column " + col.name() + ": bad type '" + col.type() + "'", e);
      }
      fields[i] = new StructField(col.name(), type, col.nullable(), Metadata.empty());
    }
    return new StructType(fields);
  }

  /** Type {@code ROW OF <namespace>.<table>}: a struct of that table's columns, all nullable. */
  public static final String ROW_OF = "ROW OF ";

  private static DataType rowOf(String table) {
    for (Tables t : Tables.values()) {
      if ((t.namespace() + "." + t.table()).equals(table)) {
        StructType s = t.contract().schema();
        StructField[] nullable = new StructField[s.size()];
        for (int i = 0; i < s.size(); i++) {
          nullable[i] = new StructField(s.fields()[i].name(), s.fields()[i].dataType(), true, Metadata.empty());
        }
        return new StructType(nullable);
      }
    }
    throw new IllegalArgumentException("unknown table " + table);
  }

  /** Column names in order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).collect(Collectors.toList());
  }
}
