package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Schemas;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Persons;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code victims_funnel}: the national profile's funnel as a cohort table with cell keys
 * ({@link TrendCube}). A person enters the cohort of the year of their first dated victim-side
 * event (a contact, an interview, a presumption, a decision or support) and counts in every stage
 * reached by the vintage — contact, identification interview, registered as a victim, formally
 * identified, support accepted, prepared return — so each stage divided by the cohort is the share
 * of that year's contacts that got so far. Stages are "ever reached", not "reached in the year".
 */
public final class VictimsFunnel {
  /** The stages in order. */
  public static final List<String> STAGES =
      List.of("SIGNAL", "SCREENED", "REGISTERED", "IDENTIFIED", "SUPPORT_ACCEPTED", "PREPARED_RETURN");

  private VictimsFunnel() {}

  /** The victim-side event types of {@code schemas/codelists/event_type.json}. */
  static List<String> victimSide() {
    List<String> out = new ArrayList<>();
    for (JsonNode c : Schemas.read("codelists/event_type.json", JsonNode.class).get("codes")) {
      if ("VICTIM".equals(c.path("side").asText())) {
        out.add(c.get("code").asText());
      }
    }
    return out;
  }

  /**
   * One row per person and stage reached: {@code person_key, year (cohort), sex, stage}.
   *
   * @param events {@code restricted.events}
   * @param links {@code restricted.links} (record → person)
   * @param persons {@code restricted.persons}
   */
  public static Dataset<Row> toFacts(Dataset<Row> events, Dataset<Row> links, Dataset<Row> persons) {
    Column type = col(Events.EVENT_TYPE);
    Dataset<Row> perPerson = events
        .filter(type.isin(victimSide().toArray()).and(col(Events.EVENT_DATE).isNotNull()))
        .join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
        .groupBy(col(Links.PERSON_KEY))
        .agg(min(col(Events.EVENT_DATE)).as("first"),
            max(when(type.equalTo("SCREENED"), 1).otherwise(0)).as("screened"),
            max(when(type.equalTo("SUPPORT_ACCEPTED"), 1).otherwise(0)).as("support"),
            max(when(type.equalTo("PREPARED_RETURN"), 1).otherwise(0)).as("returned"));
    Column stages = org.apache.spark.sql.functions.array(lit("SIGNAL"),
        when(col("screened").equalTo(1), lit("SCREENED")),
        when(col(Persons.IS_VICTIM), lit("REGISTERED")),
        when(col(Persons.IS_VICTIM).and(col(Persons.VICTIM_STATUS).equalTo("IDENTIFIED")), lit("IDENTIFIED")),
        when(col("support").equalTo(1), lit("SUPPORT_ACCEPTED")),
        when(col("returned").equalTo(1), lit("PREPARED_RETURN")));
    return perPerson.join(persons.select(Persons.PERSON_KEY, Persons.SEX, Persons.IS_VICTIM, Persons.VICTIM_STATUS),
            Persons.PERSON_KEY)
        .select(col(Persons.PERSON_KEY), year(col("first")).cast("string").as(Published.YEAR),
            VictimsRegistered.sex().as("sex"),
            explode(filter(stages, s -> s.isNotNull())).as("stage"));
  }

  /** {@code victims_funnel} with cell keys, over the cohort years {@code years}. */
  public static Dataset<Row> toCounts(SparkSession spark, Dataset<Row> facts, Dataset<Row> recordKeys,
      List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    values.put("stage", STAGES);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }
}
