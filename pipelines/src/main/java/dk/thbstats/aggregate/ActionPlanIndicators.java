package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Schemas;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Persons;
import dk.thbstats.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The action-plan indicator tables, one per focus area, as the versioned mapping in
 * {@code schemas/codelists/action_plan.json} defines them: persons with at least one event of an
 * indicator in a year and quarter, by the authority behind the event (or, when the event names
 * none, the source family that reported it); registered victims seen by
 * several sources (partnership); and indicators the case exports do not record, kept as rows
 * with no value (published with flag {@code :}). Distinct persons with cell keys
 * ({@link TrendCube}).
 */
public final class ActionPlanIndicators {
  /** One focus area: its table and its indicators. */
  public record Area(int number, String code, Tables table, List<Indicator> indicators) {}

  /** One indicator: its code, how it is measured ({@code events}, {@code multi_source}, or null), the events. */
  public record Indicator(String code, String measure, List<String> events) {}

  /** The mapping file as read. */
  public record Mapping(int version, String plan, List<String> actors, Map<String, String> sourceActor, List<Area> areas) {}

  private ActionPlanIndicators() {}

  /** Loads the mapping of indicators to focus areas. */
  public static Mapping mapping() {
    JsonNode root = Schemas.read("codelists/action_plan.json", JsonNode.class);
    List<String> actors = new ArrayList<>();
    root.get("actors").forEach(a -> actors.add(a.asText()));
    Map<String, String> sourceActor = new LinkedHashMap<>();
    root.get("source_actor").fields().forEachRemaining(e -> sourceActor.put(e.getKey(), e.getValue().asText()));
    List<Area> areas = new ArrayList<>();
    for (JsonNode a : root.get("focus_areas")) {
      Tables table = Tables.byName("published", a.get("table").asText());
      if (table == null) {
        throw new PipelineException(ErrorCode.SCHEMA_MISMATCH, "action_plan.json names table "
            + a.get("table").asText() + ", which has no contract in schemas/published/");
      }
      List<Indicator> indicators = new ArrayList<>();
      for (JsonNode i : a.get("indicators")) {
        List<String> events = new ArrayList<>();
        if (i.has("events")) {
          i.get("events").forEach(e -> events.add(e.asText()));
        }
        JsonNode m = i.get("measure");
        indicators.add(new Indicator(i.get("code").asText(), m == null || m.isNull() ? null : m.asText(), events));
      }
      areas.add(new Area(a.get("number").asInt(), a.get("code").asText(), table, indicators));
    }
    return new Mapping(root.get("version").asInt(), root.get("plan").asText(), actors, sourceActor, areas);
  }

  /**
   * One area's facts: {@code person_key, year, quarter, indicator, actor}, one row per person and
   * event (or source) behind an indicator.
   *
   * @param events {@code restricted.events}
   * @param links {@code restricted.links} (record → person)
   * @param persons {@code restricted.persons}
   */
  public static Dataset<Row> toFacts(SparkSession spark, Mapping mapping, Area area, Dataset<Row> events,
      Dataset<Row> links, Dataset<Row> persons) {
    Dataset<Row> facts = null;
    for (Indicator i : area.indicators()) {
      Dataset<Row> part = null;
      if ("events".equals(i.measure())) {
        part = events.filter(col(Events.EVENT_TYPE).isin(i.events().toArray()).and(col(Events.EVENT_DATE).isNotNull()))
            .join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
            .select(col(Links.PERSON_KEY), period(col(Events.EVENT_DATE))[0], period(col(Events.EVENT_DATE))[1],
                lit(i.code()).as("indicator"),
                when(col(Events.AUTHORITY).isin(mapping.actors().toArray()), col(Events.AUTHORITY))
                    .otherwise(sourceActor(mapping, col(Events.SOURCE))).as("actor"));
      } else if ("multi_source".equals(i.measure())) {
        part = persons.filter(col(Persons.IS_VICTIM).and(col(Persons.REFERENCE_DATE).isNotNull())
                .and(size(col(Persons.SOURCES)).geq(2)))
            .select(col(Persons.PERSON_KEY), period(col(Persons.REFERENCE_DATE))[0],
                period(col(Persons.REFERENCE_DATE))[1], lit(i.code()).as("indicator"),
                explode(col(Persons.SOURCES)).as("source"))
            .withColumn("actor", sourceActor(mapping, col("source"))).drop("source");
      } else if (i.measure() != null) {
        throw new PipelineException(ErrorCode.SCHEMA_MISMATCH, "action_plan.json: indicator " + i.code()
            + " has unknown measure '" + i.measure() + "'");
      }
      if (part != null) {
        facts = facts == null ? part : facts.unionByName(part);
      }
    }
    if (facts == null) {
      facts = spark.emptyDataFrame().select(lit("").as(Links.PERSON_KEY), lit("").as(Published.YEAR),
          lit("").as("quarter"), lit("").as("indicator"), lit("").as("actor"));
    }
    return facts;
  }

  /** The actor of a source family (ngo → NGO, …), UNK for any other. */
  private static Column sourceActor(Mapping mapping, Column source) {
    Column actor = lit("UNK");
    for (Map.Entry<String, String> e : mapping.sourceActor().entrySet()) {
      actor = when(source.equalTo(e.getKey()), lit(e.getValue())).otherwise(actor);
    }
    return actor;
  }

  private static Column[] period(Column date) {
    return new Column[] {year(date).cast("string").as(Published.YEAR),
        concat(lit("Q"), quarter(date).cast("string")).as("quarter")};
  }

  /**
   * The area's full table with cell keys: {@code year, quarter, indicator, actor, value, cell_key};
   * value null for indicators the exports do not record (and for the TOTAL indicator when none is).
   */
  public static Dataset<Row> toCounts(SparkSession spark, Mapping mapping, Area area, Dataset<Row> facts,
      Dataset<Row> recordKeys, List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("quarter", VictimsTrend.QUARTERS);
    values.put("indicator", area.indicators().stream().map(Indicator::code).toList());
    values.put("actor", mapping.actors());
    List<String> unrecorded = new ArrayList<>();
    area.indicators().stream().filter(i -> i.measure() == null).forEach(i -> unrecorded.add(i.code()));
    if (unrecorded.size() == area.indicators().size()) {
      unrecorded.add(Published.TOTAL);
    }
    Dataset<Row> counts = TrendCube.counts(spark, facts, recordKeys, values);
    return unrecorded.isEmpty() ? counts : counts.withColumn("value",
        when(col("indicator").isin(unrecorded.toArray()), lit(null).cast("long")).otherwise(col("value")));
  }
}
