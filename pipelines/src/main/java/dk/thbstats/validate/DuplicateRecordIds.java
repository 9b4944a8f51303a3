package dk.thbstats.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables.Records;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Uniqueness of the source record id within a delivery: when two rows of one source and delivery
 * date carry the same record id, neither can be trusted to be "the" record, so both are
 * quarantined with rule {@code duplicate_record_id}. Works on pseudonymised rows (the record
 * key), so the shuffle it needs never carries cleartext.
 */
public final class DuplicateRecordIds {
  /** The rule name. */
  public static final String RULE = "duplicate_record_id";

  private DuplicateRecordIds() {}

  /**
   * Adds the problem to every row whose record key occurs more than once in its source and
   * delivery date.
   *
   * @param recordIdColumn per source, the delivered name of the record id column (for the report)
   */
  public static Dataset<Row> withProblems(Dataset<Row> pseudonymised, Map<String, String> recordIdColumn) {
    Column columnName = lit(null).cast("string");
    for (Map.Entry<String, String> e : recordIdColumn.entrySet()) {
      columnName = when(col(Records.SOURCE).equalTo(e.getKey()), lit(e.getValue())).otherwise(columnName);
    }
    Column problem = struct(lit(RULE).as("rule"), columnName.as("column"),
        lit("the record id occurs more than once in this delivery").as("message"));
    Column n = count(lit(1)).over(Window.partitionBy(col(Records.SOURCE), col(Records.RECORD_KEY), col(Records.DELIVERY_DATE)));
    return pseudonymised.withColumn(Staged.PROBLEMS,
        when(col(Records.RECORD_KEY).isNotNull().and(n.gt(1)), concat(col(Staged.PROBLEMS), array(problem)))
            .otherwise(col(Staged.PROBLEMS)));
  }
}
