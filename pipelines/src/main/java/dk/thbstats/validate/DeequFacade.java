package dk.thbstats.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import dk.thbstats.schema.Typed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that speaks Deequ: turns {@link Rule}s into Deequ {@code Check}s (one per rule
 * and field, so every failure names its rule and column), runs a {@code VerificationSuite}, and
 * gives back plain Java results: row-level outcomes as problem and warning columns, dataset-level
 * outcomes, and metrics. Deequ computes only aggregates and per-row booleans; no value leaves.
 */
final class DeequFacade {
  private static final scala.Function1<Object, Object> ALL_ROWS = v -> ((Double) v) == 1.0;

  private DeequFacade() {}

  /** A row-level or dataset-level check for one rule; {@code where} restricts it to a delivery. */
  static Check check(Rule rule, String where, String description) {
    Check base = new Check(rule.error() ? CheckLevel.Error() : CheckLevel.Warning(), description,
        Scala.seq(new ArrayList<Constraint>()));
    if (rule.rowLevel()) {
      return base.satisfies(rule.predicate(), rule.name(), ALL_ROWS, Scala.none(), Scala.emptyList(), Scala.none());
    }
    double min = rule.minimum() == null ? 1.0 : rule.minimum();
    scala.Function1<Object, Object> atLeast = v -> ((Double) v) >= min;
    return base.hasCompleteness(rule.field(), atLeast, Scala.none(), Scala.none()).where(where);
  }

  /** What one verification run produced. */
  record Run(VerificationResult result, Map<String, Rule> rowRules) {}

  /** Runs row-level checks, dataset checks per delivery and the given analyzers over {@code data}. */
  static Run run(Dataset<Row> data, List<Rule> rowRules, Map<String, Rule> datasetChecks,
      Map<String, String> datasetWhere, List<Analyzer<?, Metric<?>>> analyzers) {
    VerificationRunBuilder builder = new VerificationSuite().onData(data);
    Map<String, Rule> byName = new LinkedHashMap<>();
    for (Rule r : rowRules) {
      builder = builder.addCheck(check(r, null, r.checkName()));
      byName.put(r.checkName(), r);
    }
    for (Map.Entry<String, Rule> e : datasetChecks.entrySet()) {
      builder = builder.addCheck(check(e.getValue(), datasetWhere.get(e.getKey()), e.getKey()));
    }
    builder = builder.addRequiredAnalyzers(Scala.seq(analyzers));
    return new Run(builder.run(), byName);
  }

  /**
   * The data with the row-level outcomes folded in: a failed error rule appends a problem
   * (rule, column, message) to {@code problems}; a failed warning rule appends {@code rule|column}
   * to {@code warnings}. The Deequ result columns are dropped again.
   */
  static Dataset<Row> withOutcomes(SparkSession spark, Run run, Dataset<Row> data, String problems,
      String warnings) {
    Dataset<Row> rows = VerificationResult.rowLevelResultsAsDataFrame(spark, run.result(), data);
    Column emptyProblems = array().cast(data.schema().apply(problems).dataType());
    Column emptyWarnings = array().cast("array<string>");
    List<Column> problemParts = new ArrayList<>();
    List<Column> warningParts = new ArrayList<>();
    problemParts.add(col(problems));
    warningParts.add(col(warnings));
    for (Map.Entry<String, Rule> e : run.rowRules().entrySet()) {
      Rule r = e.getValue();
      Column failed = not(col("`" + e.getKey() + "`"));
      if (r.error()) {
        problemParts.add(when(failed, array(struct(lit(r.name()).as("rule"), lit(r.column()).as("column"),
            lit(r.message()).as("message")))).otherwise(emptyProblems));
      } else {
        warningParts.add(when(failed, array(lit(r.name() + "|" + r.column()))).otherwise(emptyWarnings));
      }
    }
    Dataset<Row> out = rows
        .withColumn(problems, concat(problemParts.toArray(new Column[0])))
        .withColumn(warnings, concat(warningParts.toArray(new Column[0])));
    return out.select(java.util.Arrays.stream(data.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /** Dataset-level outcome per check description: passed, the metric value, Deequ's message. */
  record Outcome(boolean passed, Double value, String message) {}

  static Map<String, Outcome> outcomes(Run run) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (Map.Entry<Check, CheckResult> e : Scala.javaMap(run.result().checkResults()).entrySet()) {
      CheckResult cr = e.getValue();
      Double value = null;
      String message = null;
      for (ConstraintResult c : Scala.list(cr.constraintResults())) {
        if (c.metric().isDefined() && c.metric().get().value().isSuccess()) {
          value = ((Number) c.metric().get().value().get()).doubleValue();
        }
        if (c.message().isDefined()) {
          message = c.message().get();
        }
      }
      out.put(e.getKey().description(), new Outcome(cr.status() == CheckStatus.Success(), value, message));
    }
    return out;
  }

  /** The value of an analyzer's metric in a run, or null. */
  static Double metric(Run run, Analyzer<?, Metric<?>> analyzer) {
    scala.Option<Metric<?>> m = run.result().metrics().get(analyzer);
    if (m.isEmpty() || m.get().value().isFailure()) {
      return null;
    }
    return ((Number) m.get().value().get()).doubleValue();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Analyzer<?, Metric<?>> size(String where) {
    return (Analyzer) new Size(Scala.some(where));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Analyzer<?, Metric<?>> completeness(String field, String where) {
    return (Analyzer) new Completeness(field, Scala.some(where), Scala.none());
  }

  /** The filter selecting one delivery of the typed rows. */
  static String deliveryFilter(java.time.LocalDate delivery) {
    return Typed.DELIVERY_DATE + " = DATE '" + delivery + "'";
  }
}
