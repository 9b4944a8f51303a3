package dk.thbstats.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.constraints.Constraint;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rules on keys, run after pseudonymisation so that the shuffle they need carries keyed tokens,
 * never cleartext: {@code unique_in_delivery} — a record id occurring twice in one source and
 * delivery quarantines both rows (neither can be trusted to be the record). A Deequ uniqueness
 * check over (source, delivery date, record key) with row-level results.
 */
public final class KeyChecks {
  private KeyChecks() {}

  /**
   * Adds the problem to every duplicated row.
   *
   * @param rows pseudonymised rows with {@code source}, {@code delivery_date}, {@code record_key}
   *     and an array column {@code problems}
   */
  public static Dataset<Row> withProblems(SparkSession spark, Dataset<Row> rows, Map<Source, SourceContract> contracts,
      String problems) {
    Rule rule = null;
    Column column = lit(null).cast("string");
    for (Map.Entry<Source, SourceContract> e : contracts.entrySet()) {
      for (Rule r : RuleSet.of(e.getValue())) {
        if (r.onKeys()) {
          rule = r;
          column = when(col("source").equalTo(e.getKey().folder()), lit(r.column())).otherwise(column);
        }
      }
    }
    if (rule == null) {
      return rows;
    }
    Check check = new Check(rule.error() ? CheckLevel.Error() : CheckLevel.Warning(), rule.name(),
        Scala.seq(new ArrayList<Constraint>()))
        .hasUniqueness(Scala.seq(List.of("source", "delivery_date", "record_key")), v -> ((Double) v) == 1.0,
            Scala.none());
    VerificationResult result = new VerificationSuite().onData(rows).addCheck(check).run();
    Dataset<Row> withResult = VerificationResult.rowLevelResultsAsDataFrame(spark, result, rows);
    Column failed = not(col("`" + rule.name() + "`")).and(col("record_key").isNotNull());
    Column problem = array(struct(lit(rule.name()).as("rule"), column.as("column"), lit(rule.message()).as("message")));
    return withResult
        .withColumn(problems, when(failed, concat(col(problems), problem)).otherwise(col(problems)))
        .drop(rule.name());
  }
}
