package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.schema.CodeLists;
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
import org.apache.spark.sql.functions;

/**
 * The national profile of registered victims as cell-key tables ({@link TrendCube}): by sex ×
 * national age band × status ({@code victims_profile}), by identifying authority × status
 * ({@code victims_authority}), and by the combination of sources that reported them
 * ({@code victims_source_overlap}, the list overlap for multiple systems estimation), and by
 * nationality — the most frequent countries by name, the rest by group
 * ({@code victims_nationality}) — each by year of the reference date.
 */
public final class VictimsProfile {
  /** Source combinations in display order. */
  public static final List<String> COMBINATIONS =
      List.of("NGO", "POLICE", "DIS", "NGO_POLICE", "NGO_DIS", "POLICE_DIS", "NGO_POLICE_DIS");

  private VictimsProfile() {}

  /** The bands of an age-band scheme of {@code schemas/codelists/age_bands.json}: code, min, max (null: open). */
  private record Band(String code, int min, Integer max) {}

  private static List<Band> bands(String scheme) {
    List<Band> out = new ArrayList<>();
    for (JsonNode b : Schemas.read("codelists/age_bands.json", JsonNode.class).get("schemes").get(scheme)) {
      out.add(new Band(b.get("code").asText(), b.get("min").asInt(), b.get("max").isNull() ? null : b.get("max").asInt()));
    }
    return out;
  }

  /** The band of an age column in {@code scheme}, UNK when the age is unknown. */
  static Column band(Column age, String scheme) {
    Column out = when(age.isNull(), lit("UNK"));
    for (Band b : bands(scheme)) {
      Column in = age.geq(b.min());
      if (b.max() != null) {
        in = in.and(age.leq(b.max()));
      }
      out = out.when(in, lit(b.code()));
    }
    return out.otherwise(lit("UNK"));
  }

  private static Dataset<Row> victims(Dataset<Row> persons) {
    return persons.filter(col(Persons.IS_VICTIM).and(col(Persons.REFERENCE_DATE).isNotNull()));
  }

  private static Column referenceYear() {
    return year(col(Persons.REFERENCE_DATE)).cast("string").as(Published.YEAR);
  }

  /** {@code victims_profile} with cell keys. */
  public static Dataset<Row> byAgeBand(SparkSession spark, Dataset<Row> persons, Dataset<Row> recordKeys, List<Integer> years) {
    Dataset<Row> facts = victims(persons).select(col(Persons.PERSON_KEY), referenceYear(),
        VictimsRegistered.sex().as("sex"),
        band(col(Persons.AGE_AT_REFERENCE), "DK_PUBLIC").as("age_band"), col(Persons.VICTIM_STATUS).as("victim_status"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    List<String> bandCodes = new ArrayList<>(bands("DK_PUBLIC").stream().map(Band::code).toList());
    bandCodes.add("UNK");
    values.put("age_band", bandCodes);
    values.put("victim_status", VictimsTrend.STATUSES);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }

  /**
   * {@code victims_first_registered} with cell keys: the registered victims by the year they were
   * first registered — the earliest dated IDENTIFIED or PRESUMED event of any of their victim
   * records, whoever recorded it — × sex × child/adult (at the reference date, as in every victims
   * table) × status. The other victims tables count a person in the year of identification; a
   * person presumed in one year and identified in the next is in the earlier year here.
   *
   * @param events {@code restricted.events}
   * @param links {@code restricted.links} (record → person)
   */
  public static Dataset<Row> byFirstRegistration(SparkSession spark, Dataset<Row> persons, Dataset<Row> events,
      Dataset<Row> links, Dataset<Row> recordKeys, List<Integer> years) {
    Dataset<Row> first = events
        .filter(col(Events.ROLE).equalTo("VICTIM").and(col(Events.EVENT_TYPE).isin("IDENTIFIED", "PRESUMED"))
            .and(col(Events.EVENT_DATE).isNotNull()))
        .join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
        .groupBy(col(Links.PERSON_KEY))
        .agg(min(col(Events.EVENT_DATE)).as("registered_on"));
    // The reference date is itself such an event, so every victim has one; the fallback is defensive.
    Dataset<Row> facts = victims(persons).join(first, Persons.PERSON_KEY, "left")
        .select(col(Persons.PERSON_KEY),
            year(coalesce(col("registered_on"), col(Persons.REFERENCE_DATE))).cast("string").as(Published.YEAR),
            VictimsRegistered.sex().as("sex"), VictimsRegistered.ageGroup().as("age_group"),
            col(Persons.VICTIM_STATUS).as("victim_status"));
    return TrendCube.counts(spark, facts, recordKeys, VictimsRegistered.byStatusValues(years));
  }

  /** {@code victims_authority} with cell keys; {@code authorities}: the codes of the authority code list. */
  public static Dataset<Row> byAuthority(SparkSession spark, Dataset<Row> persons, Dataset<Row> recordKeys,
      List<Integer> years, List<String> authorities) {
    Dataset<Row> facts = victims(persons).select(col(Persons.PERSON_KEY), referenceYear(),
        when(col(Persons.IDENTIFYING_AUTHORITY).isin(authorities.toArray()), col(Persons.IDENTIFYING_AUTHORITY))
            .otherwise(lit("UNK")).as("identifying_authority"),
        col(Persons.VICTIM_STATUS).as("victim_status"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    List<String> codes = new ArrayList<>(authorities);
    codes.add("UNK");
    values.put("identifying_authority", codes);
    values.put("victim_status", VictimsTrend.STATUSES);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }

  /** How many citizenships besides DK {@code victims_nationality} names, and the persons each needs over all years. */
  public static final int TOP_COUNTRIES = 10;
  public static final int TOP_COUNTRY_MIN_PERSONS = 10;

  /**
   * The citizenships {@code victims_nationality} shows by name: DK, then the {@link #TOP_COUNTRIES}
   * most frequent others among registered victims over all years that have at least
   * {@link #TOP_COUNTRY_MIN_PERSONS} persons (ties by code). Only the count per citizenship (an
   * aggregate of at most a few hundred rows) reaches the driver.
   */
  public static List<String> topNationalities(Dataset<Row> persons) {
    List<String> out = new ArrayList<>();
    out.add("DK");
    for (Row r : victims(persons).filter(col(Persons.CITIZENSHIP).isNotNull()
            .and(functions.not(col(Persons.CITIZENSHIP).isin("DK", "XX"))))
        .groupBy(col(Persons.CITIZENSHIP)).count()
        .filter(col("count").geq(TOP_COUNTRY_MIN_PERSONS))
        .orderBy(col("count").desc(), col(Persons.CITIZENSHIP)).limit(TOP_COUNTRIES).collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  /** {@code victims_nationality} with cell keys; {@code named}: {@link #topNationalities}. */
  public static Dataset<Row> byNationality(SparkSession spark, Dataset<Row> persons, Dataset<Row> recordKeys,
      List<Integer> years, List<String> named, CodeLists codeLists) {
    Column group = VictimsByCitizenship.group(col(Persons.CITIZENSHIP), col(Persons.REFERENCE_DATE), codeLists);
    Dataset<Row> facts = victims(persons).select(col(Persons.PERSON_KEY), referenceYear(),
        VictimsRegistered.sex().as("sex"),
        when(col(Persons.CITIZENSHIP).isin(named.toArray()), col(Persons.CITIZENSHIP))
            .when(group.equalTo("EU27_2020_FOR"), lit("OTH_EU"))
            .when(group.equalTo("NEU27_2020_FOR"), lit("OTH_NEU"))
            .otherwise(group).as("nationality"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    List<String> codes = new ArrayList<>(named);
    codes.addAll(List.of("OTH_EU", "OTH_NEU", "STLS", "UNK"));
    values.put("nationality", codes);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }

  /** {@code victims_source_overlap} with cell keys. */
  public static Dataset<Row> bySources(SparkSession spark, Dataset<Row> persons, Dataset<Row> recordKeys, List<Integer> years) {
    Column s = col(Persons.SOURCES);
    Dataset<Row> facts = victims(persons).select(col(Persons.PERSON_KEY), referenceYear(),
        concat_ws("_", when(array_contains(s, "ngo"), lit("NGO")), when(array_contains(s, "police"), lit("POLICE")),
            when(array_contains(s, "dis"), lit("DIS"))).as("sources"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sources", COMBINATIONS);
    return TrendCube.counts(spark, facts, recordKeys, values);
  }
}
