package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Schemas;
import dk.thbstats.schema.Tables.Persons;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code trend_victims} before the cell key method: registered victims by year and quarter of the
 * reference date × sex × Eurostat group of each recorded form of exploitation (multi-flag) ×
 * identified or presumed, as distinct persons with cell keys ({@link TrendCube}).
 */
public final class VictimsTrend {
  /** Eurostat groups of forms, in display order (UNK: no form recorded). */
  public static final List<String> GROUPS = List.of("SEX", "LAB", "OTH", "UNK");
  public static final List<String> QUARTERS = List.of("Q1", "Q2", "Q3", "Q4");
  public static final List<String> STATUSES = List.of("IDENTIFIED", "PRESUMED");

  private VictimsTrend() {}

  /** Canonical form → Eurostat group, from {@code schemas/codelists/exploitation_form.json}. */
  public static Map<String, String> eurostatGroups() {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode c : Schemas.read("codelists/exploitation_form.json", JsonNode.class).get("codes")) {
      out.put(c.get("code").asText(), c.get("eurostat").asText());
    }
    return out;
  }

  /** The Eurostat group of a canonical form column. */
  static Column group(Column form) {
    Column g = null;
    for (Map.Entry<String, String> e : eurostatGroups().entrySet()) {
      g = g == null ? when(form.equalTo(e.getKey()), lit(e.getValue())) : g.when(form.equalTo(e.getKey()), lit(e.getValue()));
    }
    return g.otherwise(lit("OTH"));
  }

  /**
   * One row per registered victim and Eurostat group of their forms:
   * {@code person_key, year, quarter, sex, exploitation, victim_status}.
   */
  public static Dataset<Row> toFacts(Dataset<Row> persons) {
    return persons.filter(col(Persons.IS_VICTIM).and(col(Persons.REFERENCE_DATE).isNotNull()))
        .select(col(Persons.PERSON_KEY),
            year(col(Persons.REFERENCE_DATE)).cast("string").as(Published.YEAR),
            concat(lit("Q"), quarter(col(Persons.REFERENCE_DATE)).cast("string")).as("quarter"),
            VictimsRegistered.sex().as("sex"),
            explode_outer(col(Persons.EXPLOITATION_FORMS)).as("form"),
            col(Persons.VICTIM_STATUS).as("victim_status"))
        .withColumn("exploitation", when(col("form").isNull(), lit("UNK")).otherwise(group(col("form"))))
        .drop("form");
  }

  /** Combination classes of the Eurostat groups of a person's recorded forms, in display order. */
  public static final List<String> COMBINATIONS =
      List.of("SEX", "LAB", "OTH", "SEX_LAB", "SEX_OTH", "LAB_OTH", "SEX_LAB_OTH", "UNK");

  /**
   * {@code victims_form_combination} with cell keys: registered victims by year × sex × the
   * combination of groups among their recorded forms (mutually exclusive: SEX_LAB is a person
   * with sexual and labour exploitation recorded; UNK none recorded).
   *
   * @param facts {@link #toFacts}
   */
  public static Dataset<Row> byCombination(SparkSession spark, Dataset<Row> facts, Dataset<Row> recordKeys,
      List<Integer> years) {
    Dataset<Row> perPerson = facts.groupBy(col(Persons.PERSON_KEY), col(Published.YEAR), col("sex"))
        .agg(org.apache.spark.sql.functions.max(when(col("exploitation").equalTo("SEX"), 1).otherwise(0)).as("s"),
            org.apache.spark.sql.functions.max(when(col("exploitation").equalTo("LAB"), 1).otherwise(0)).as("l"),
            org.apache.spark.sql.functions.max(when(col("exploitation").equalTo("OTH"), 1).otherwise(0)).as("o"));
    Column combination = org.apache.spark.sql.functions.concat_ws("_", when(col("s").equalTo(1), lit("SEX")),
        when(col("l").equalTo(1), lit("LAB")), when(col("o").equalTo(1), lit("OTH")));
    Dataset<Row> classes = perPerson.select(col(Persons.PERSON_KEY), col(Published.YEAR), col("sex"),
        when(combination.equalTo(""), lit("UNK")).otherwise(combination).as("combination"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    values.put("combination", COMBINATIONS);
    return TrendCube.counts(spark, classes, recordKeys, values);
  }

  /** The full table with cell keys: {@code year, quarter, sex, exploitation, victim_status, value, cell_key}. */
  public static Dataset<Row> toCounts(SparkSession spark, Dataset<Row> facts, Dataset<Row> recordKeys,
      List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("quarter", QUARTERS);
    values.put("sex", VictimsRegistered.SEXES);
    values.put("exploitation", GROUPS);
    values.put("victim_status", STATUSES);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }
}
