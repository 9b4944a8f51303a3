package dk.thbstats.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The typed row of one source: one column per contract field, named by the canonical field and
 * typed by the contract ({@code string}, {@code date}, {@code integer} ...), plus technical
 * columns (underscore-prefixed). This is the row data-quality rules run on; it holds cleartext and
 * lives only in memory, inside the pipelined ingest stage.
 */
public final class Typed {
  private Typed() {}

  public static final String SOURCE = "_source";
  public static final String FILE = "_file";
  public static final String LINE = "_line";
  public static final String DELIVERY_DATE = "_delivery_date";
  /** Error-level problems: the row is quarantined when any. */
  public static final String PROBLEMS = "_problems";
  /** Names of warning-level rules the row broke: counted only. */
  public static final String WARNINGS = "_warnings";

  /** The element type of {@link #PROBLEMS}. */
  public static final StructType PROBLEM = DataTypes.createStructType(List.of(
      DataTypes.createStructField("rule", DataTypes.StringType, false),
      DataTypes.createStructField("column", DataTypes.StringType, true),
      DataTypes.createStructField("message", DataTypes.StringType, false)));

  /** The element type of a {@code document_list} field. */
  public static final StructType DOCUMENT = DataTypes.createStructType(List.of(
      DataTypes.createStructField("type", DataTypes.StringType, true),
      DataTypes.createStructField("country", DataTypes.StringType, true),
      DataTypes.createStructField("number", DataTypes.StringType, true)));

  /** The Spark type of a contract column type. */
  public static DataType typeOf(String contractType) {
    return switch (contractType) {
      case "date" -> DataTypes.DateType;
      case "integer" -> DataTypes.IntegerType;
      case "code_list", "string_list" -> DataTypes.createArrayType(DataTypes.StringType, false);
      case "document_list" -> DataTypes.createArrayType(DOCUMENT, false);
      default -> DataTypes.StringType;
    };
  }

  /** The typed schema of a source: technical columns, then one column per contract field. */
  public static StructType schema(SourceContract contract) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(SOURCE, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(LINE, DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField(DELIVERY_DATE, DataTypes.DateType, false));
    for (SourceContract.ColumnSpec c : contract.columns()) {
      fields.add(DataTypes.createStructField(c.field(), typeOf(c.type()), true));
    }
    fields.add(DataTypes.createStructField(PROBLEMS, DataTypes.createArrayType(PROBLEM, false), false));
    fields.add(DataTypes.createStructField(WARNINGS, DataTypes.createArrayType(DataTypes.StringType, false), false));
    return DataTypes.createStructType(fields);
  }
}
