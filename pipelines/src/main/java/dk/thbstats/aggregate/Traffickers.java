package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Persons;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code traffickers} and {@code traffickers_sex} before disclosure control: persons in the
 * criminal-justice chain by year × legal status × offence, and by year × legal status × sex (two
 * tables sharing their year × legal status margins, protected together: one four-way table took
 * the suppressor more than ten minutes). A person counts once in each year in which the chain moved, at
 * the furthest stage reached that year — SUSPECTED (registered as suspect or charged, "sigtet"),
 * PROSECUTED (indicted, "tiltalt", whatever the verdict), CONVICTED — and under the most serious
 * offence of that year's events (§ 262 a before § 262 b). Mutually exclusive, so the table is
 * additive; its all-years TOTAL counts person-years.
 */
public final class Traffickers {
  /** Legal statuses in display order (Eurostat: suspected, prosecuted, convicted). */
  public static final List<String> STATUSES = List.of("SUSPECTED", "PROSECUTED", "CONVICTED");
  /** Offences in display order; UNK when not recorded. */
  public static final List<String> OFFENCES = List.of("DK_SL_262A", "DK_SL_262B", "UNK");

  private Traffickers() {}

  /**
   * One row per person and year: {@code year, sex, legal_status, offence}.
   *
   * @param events {@code restricted.events}
   * @param links {@code restricted.links}
   * @param persons {@code restricted.persons} (for sex)
   */
  public static Dataset<Row> toCells(Dataset<Row> events, Dataset<Row> links, Dataset<Row> persons) {
    Column type = col(Events.EVENT_TYPE);
    Column rank = when(type.isin("SUSPECTED", "CHARGED"), lit(1)).when(type.isin("PROSECUTED", "ACQUITTED"), lit(2))
        .when(type.equalTo("CONVICTED"), lit(3));
    Column offenceRank = when(col(Events.OFFENCE).equalTo("DK_SL_262A"), lit(2))
        .when(col(Events.OFFENCE).equalTo("DK_SL_262B"), lit(1)).otherwise(lit(0));
    Dataset<Row> perYear = events.filter(rank.isNotNull().and(col(Events.EVENT_DATE).isNotNull()))
        .join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
        .groupBy(col(Links.PERSON_KEY), year(col(Events.EVENT_DATE)).cast("string").as(Published.YEAR))
        .agg(max(rank).as("stage"), max(offenceRank).as("offence_rank"));
    return perYear.join(persons.select(Persons.PERSON_KEY, Persons.SEX), Persons.PERSON_KEY)
        .select(col(Published.YEAR),
            VictimsRegistered.sex().as("sex"),
            when(col("stage").equalTo(3), lit("CONVICTED")).when(col("stage").equalTo(2), lit("PROSECUTED"))
                .otherwise(lit("SUSPECTED")).as("legal_status"),
            when(col("offence_rank").equalTo(2), lit("DK_SL_262A")).when(col("offence_rank").equalTo(1),
                lit("DK_SL_262B")).otherwise(lit("UNK")).as("offence"));
  }

  /** The stages of {@code traffickers_stages} in order (every perpetrator-side event type). */
  public static final List<String> STAGES = List.of("SUSPECTED", "CHARGED", "PROSECUTED", "CONVICTED", "ACQUITTED");

  /**
   * {@code traffickers_stages} with cell keys: persons by year × sex × offence × stage, multi-flag —
   * a person counts in every stage and offence with an event in the year, once in each TOTAL —
   * for the national reading of the chain (the suppressed tables keep Eurostat's three exclusive
   * statuses).
   */
  public static Dataset<Row> byStage(SparkSession spark, Dataset<Row> events, Dataset<Row> links, Dataset<Row> persons,
      Dataset<Row> recordKeys, List<Integer> years) {
    Dataset<Row> facts = events.filter(col(Events.EVENT_TYPE).isin(STAGES.toArray()).and(col(Events.EVENT_DATE).isNotNull()))
        .join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
        .join(persons.select(Persons.PERSON_KEY, Persons.SEX), Persons.PERSON_KEY)
        .select(col(Persons.PERSON_KEY), year(col(Events.EVENT_DATE)).cast("string").as(Published.YEAR),
            VictimsRegistered.sex().as("sex"),
            when(col(Events.OFFENCE).isin("DK_SL_262A", "DK_SL_262B"), col(Events.OFFENCE)).otherwise(lit("UNK"))
                .as("offence"),
            col(Events.EVENT_TYPE).as("stage"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    values.put("offence", OFFENCES);
    values.put("stage", STAGES);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }

  /** {@code traffickers}: {@code year, legal_status, offence, value}. */
  public static Dataset<Row> byOffence(SparkSession spark, Dataset<Row> cells, List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("legal_status", STATUSES);
    values.put("offence", OFFENCES);
    return CountCube.counts(spark, cells.select(Published.YEAR, "legal_status", "offence"), values);
  }

  /** {@code traffickers_sex}: {@code year, legal_status, sex, value}. */
  public static Dataset<Row> bySex(SparkSession spark, Dataset<Row> cells, List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("legal_status", STATUSES);
    values.put("sex", VictimsRegistered.SEXES);
    return CountCube.counts(spark, cells.select(Published.YEAR, "legal_status", "sex"), values);
  }
}
