package dk.thbstats.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.Typed;
import dk.thbstats.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/** The Deequ facade on hand-made typed rows: rules from data, row and dataset level. */
@ExtendWith(SharedSpark.class)
class ValidateStageTest {
  @TempDir Path dir;

  private static Dataset<Row> policeRows(SparkSession spark, SourceContract c, List<Object[]> values) {
    StructType schema = Typed.schema(c);
    List<Row> rows = new ArrayList<>();
    int line = 2;
    for (Object[] v : values) {
      Object[] out = new Object[schema.size()];
      out[schema.fieldIndex(Typed.SOURCE)] = "police";
      out[schema.fieldIndex(Typed.FILE)] = "police/2026-01-15/x.csv";
      out[schema.fieldIndex(Typed.LINE)] = line++;
      out[schema.fieldIndex(Typed.DELIVERY_DATE)] = LocalDate.of(2026, 1, 15);
      out[schema.fieldIndex("record_id")] = v[0];
      out[schema.fieldIndex("source_org")] = "KBH";
      out[schema.fieldIndex("role")] = "SUSPECT";
      out[schema.fieldIndex("offence")] = "DK_SL_262A";
      out[schema.fieldIndex("report_date")] = LocalDate.of(2025, 1, 5);
      out[schema.fieldIndex("sex")] = v[1];
      out[schema.fieldIndex("charge_date")] = v[2];
      out[schema.fieldIndex("verdict_date")] = v[3];
      out[schema.fieldIndex("exploitation_forms")] = JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq();
      out[schema.fieldIndex(Typed.PROBLEMS)] = JavaConverters.asScalaBuffer(new ArrayList<Row>()).toSeq();
      out[schema.fieldIndex(Typed.WARNINGS)] = JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq();
      rows.add(RowFactory.create(out));
    }
    return spark.createDataFrame(rows, schema);
  }

  private ValidateStage.Output validate(SparkSession spark, SourceContract contract, Dataset<Row> rows) {
    RunContext ctx = new RunContext(spark, new RunId("20261129T023000Z"), Clock.systemUTC());
    return new ValidateStage(dir.resolve("metrics.json").toString()).run(new ValidateStage.Input(
        Map.of(Source.POLICE, rows), Map.of(Source.POLICE, contract),
        Map.of(Source.POLICE, List.of(LocalDate.of(2026, 1, 15)))), ctx);
  }

  @Test
  void run_rowRules_addProblemsNamingRuleAndColumnAndKeepEveryRow(SparkSession spark) {
    SourceContract police = Contracts.load(Source.POLICE, CodeLists.load());
    Dataset<Row> rows = policeRows(spark, police, List.of(
        new Object[] {"A", "M", LocalDate.of(2025, 2, 1), LocalDate.of(2025, 6, 1)},
        new Object[] {"B", "M", LocalDate.of(2025, 2, 1), LocalDate.of(2025, 1, 1)},
        new Object[] {null, "M", null, null}));
    ValidateStage.Output out = validate(spark, police, rows);
    List<Row> validated = out.validated().get(Source.POLICE).orderBy(Typed.LINE).collectAsList();
    assertEquals(3, validated.size(), "validation never drops a row");
    assertTrue(validated.get(0).getList(validated.get(0).fieldIndex(Typed.PROBLEMS)).isEmpty());
    Row verdict = (Row) validated.get(1).getList(validated.get(1).fieldIndex(Typed.PROBLEMS)).get(0);
    assertEquals("verdict_after_charge", verdict.getString(0));
    assertEquals("afgørelsesdato", verdict.getString(1));
    Row required = (Row) validated.get(2).getList(validated.get(2).fieldIndex(Typed.PROBLEMS)).get(0);
    assertEquals("required", required.getString(0));
    assertEquals("journalnummer", required.getString(1));
    Findings.DeliveryMetrics m = out.findings().metrics().get(0);
    assertEquals(3, m.rows());
    assertEquals(1.0, m.completeness().get("sex"));
    assertEquals(0.0, m.completeness().get("birth_date"));
    assertTrue(out.rejectedDeliveries().isEmpty());
  }

  @Test
  void run_errorLevelDatasetRuleFails_rejectsThatDeliveryAndDropsItsRows(SparkSession spark) {
    SourceContract police = Contracts.load(Source.POLICE, CodeLists.load());
    List<SourceContract.RuleSpec> rules = new ArrayList<>(police.rules());
    rules.add(new SourceContract.RuleSpec("sex_must_be_given", "error", "completeness", List.of("sex"), null, null,
        0.9, null, null, null, null, "sex must be given for 90 % of rows"));
    SourceContract strict = new SourceContract(police.contract(), police.version(), police.title(), police.description(),
        police.format(), police.extension(), police.csv(), police.dateFormat(), police.defaultRole(),
        police.recordIdScope(), police.defaults(), police.columns(), police.events(), rules, police.monitor());
    Dataset<Row> rows = policeRows(spark, strict, List.of(
        new Object[] {"A", "M", null, null}, new Object[] {"B", null, null, null}));
    ValidateStage.Output out = validate(spark, strict, rows);
    String why = out.rejectedDeliveries().get(Source.POLICE).get(LocalDate.of(2026, 1, 15));
    assertTrue(why.contains("sex_must_be_given") && why.contains("køn") && why.contains("0.50"), why);
    assertEquals(0, out.validated().get(Source.POLICE).count());
    Findings.RuleOutcome o = out.findings().outcomes().stream()
        .filter(x -> x.rule().equals("sex_must_be_given")).findFirst().orElseThrow();
    assertFalse(o.passed());
    assertEquals(0.5, o.value());
  }
}
