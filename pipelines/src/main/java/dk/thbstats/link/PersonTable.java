package dk.thbstats.link;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.pseudonymise.Ages;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Persons;
import dk.thbstats.schema.Tables.Records;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Resolves person-level attributes from a person's records (the {@code restricted.persons}
 * table). Rules, each documented in {@code schemas/canonical/persons.v1.json}:
 * sex and citizenship are the most frequent known value (ties to the latest delivery, then the
 * smaller code); the birth information comes from the most precise record (exact, then 1 January
 * placeholder, then estimated; ties to the latest delivery); the reference date is the first
 * IDENTIFIED event on a victim record, else the first PRESUMED one; the age at that date is
 * computed from the sealed birth date inside the pseudonymisation package. Only CMM and DIS
 * decisions are formal: an IDENTIFIED event of any other authority counts as PRESUMED, and a
 * person with a formal NOT_VICTIM decision and no identification is not a registered victim.
 */
public final class PersonTable {
  /** The authorities whose decisions are formal (since 2022 only CMM and DIS identify victims). */
  static final Object[] FORMAL_AUTHORITIES = {"CMM", "DIS"};

  private PersonTable() {}

  /**
   * @param records {@code restricted.records}
   * @param links {@code restricted.links} of the same night
   * @param ages exact ages from sealed birth dates ({@code pseudonymise} makes it from the key; the
   *     dates and the key never leave that package)
   */
  public static Dataset<Row> build(Dataset<Row> records, Dataset<Row> links, Ages ages) {
    Dataset<Row> r = records.join(links.select(Links.RECORD_KEY, Links.PERSON_KEY), Records.RECORD_KEY);

    Dataset<Row> base = r.groupBy(Links.PERSON_KEY).agg(
        count(lit(1)).cast("int").as(Persons.RECORD_COUNT),
        array_sort(collect_set(col(Records.SOURCE))).as(Persons.SOURCES),
        max(when(col(Records.ROLE).equalTo("SUSPECT"), lit(true)).otherwise(lit(false))).as(Persons.IS_SUSPECT),
        array_sort(array_distinct(flatten(collect_list(
            when(col(Records.ROLE).equalTo("VICTIM"), col(Records.EXPLOITATION_FORMS))
                .otherwise(org.apache.spark.sql.functions.array().cast("array<string>"))))))
            .as(Persons.EXPLOITATION_FORMS));

    Dataset<Row> sex = mostFrequent(r.filter(col(Records.SEX).notEqual("U")), Records.SEX);
    Dataset<Row> citizenship = mostFrequent(r.filter(col(Records.CITIZENSHIP).isNotNull()), Records.CITIZENSHIP);

    Column precisionRank = when(col(Records.BIRTH_DATE_PRECISION).equalTo("exact"), 1)
        .when(col(Records.BIRTH_DATE_PRECISION).equalTo("placeholder_jan1"), 2)
        .when(col(Records.BIRTH_DATE_PRECISION).equalTo("estimated"), 3)
        .otherwise(9);
    WindowSpec bestBirth = Window.partitionBy(Links.PERSON_KEY)
        // Ties go to the file and line, not to the record key: a keyed token would make a person's
        // birth date (and the published age group) depend on the key.
        .orderBy(precisionRank.asc(), col(Records.DELIVERY_DATE).desc(), col(Records.SOURCE_FILE).asc(),
            col(Records.SOURCE_LINE).asc(), col(Records.RECORD_KEY).asc());
    Dataset<Row> birth = r.filter(col(Records.BIRTH_YEAR).isNotNull())
        .withColumn("rk", row_number().over(bestBirth))
        .filter(col("rk").equalTo(1))
        .select(col(Links.PERSON_KEY), col(Records.BIRTH_YEAR).as(Persons.BIRTH_YEAR),
            col(Records.BIRTH_DATE_PRECISION).as(Persons.BIRTH_DATE_PRECISION),
            col(Records.BIRTH_DATE_SEALED).as("sealed"));

    // Only CMM and DIS formally identify; an "identified" from anyone else counts as presumed.
    Column formal = col(Events.AUTHORITY).isin(FORMAL_AUTHORITIES);
    Dataset<Row> victimEvents = r.filter(col(Records.ROLE).equalTo("VICTIM"))
        .select(col(Links.PERSON_KEY), explode(col(Records.EVENTS)).as("e"))
        .select(col(Links.PERSON_KEY), col("e.event_type").as(Events.EVENT_TYPE),
            col("e.event_date").as(Events.EVENT_DATE), col("e.authority").as(Events.AUTHORITY))
        .withColumn(Events.EVENT_TYPE,
            when(col(Events.EVENT_TYPE).equalTo("IDENTIFIED").and(formal.isNull().or(formal.equalTo(false))),
                lit("PRESUMED")).otherwise(col(Events.EVENT_TYPE)));
    // A formal negative decision (NOT_VICTIM by CMM or DIS) without any identification excludes the person.
    Dataset<Row> decisions = victimEvents.groupBy(Links.PERSON_KEY).agg(
        max(when(col(Events.EVENT_TYPE).equalTo("IDENTIFIED"), lit(true)).otherwise(lit(false))).as("ever_identified"),
        max(when(col(Events.EVENT_TYPE).equalTo("NOT_VICTIM").and(formal), lit(true)).otherwise(lit(false)))
            .as("formally_rejected"));
    WindowSpec firstEvent = Window.partitionBy(Links.PERSON_KEY).orderBy(
        when(col(Events.EVENT_TYPE).equalTo("IDENTIFIED"), 0).otherwise(1).asc(),
        col(Events.EVENT_DATE).asc(),
        col(Events.AUTHORITY).asc_nulls_last());
    Dataset<Row> reference = victimEvents.filter(col(Events.EVENT_TYPE).isin("IDENTIFIED", "PRESUMED"))
        .withColumn("rk", row_number().over(firstEvent))
        .filter(col("rk").equalTo(1))
        .join(decisions, Links.PERSON_KEY)
        .filter(col("ever_identified").or(col("formally_rejected").equalTo(false)))
        .select(col(Links.PERSON_KEY), col(Events.EVENT_TYPE).as(Persons.VICTIM_STATUS),
            col(Events.EVENT_DATE).as(Persons.REFERENCE_DATE),
            col(Events.AUTHORITY).as(Persons.IDENTIFYING_AUTHORITY));

    Dataset<Row> joined = base
        .join(sex, Links.PERSON_KEY, "left")
        .join(citizenship, Links.PERSON_KEY, "left")
        .join(birth, Links.PERSON_KEY, "left")
        .join(reference, Links.PERSON_KEY, "left");
    Column fullDate = col(Persons.BIRTH_DATE_PRECISION).isin("exact", "placeholder_jan1");
    Column age = when(col(Persons.REFERENCE_DATE).isNull(), lit(null).cast("int"))
        .when(fullDate, ages.ageAt(col("sealed"), col(Persons.REFERENCE_DATE)))
        .when(col(Persons.BIRTH_YEAR).isNotNull(), year(col(Persons.REFERENCE_DATE)).minus(col(Persons.BIRTH_YEAR)))
        .otherwise(lit(null).cast("int"));
    return joined.select(
        col(Links.PERSON_KEY).as(Persons.PERSON_KEY),
        col(Persons.RECORD_COUNT),
        col(Persons.SOURCES),
        org.apache.spark.sql.functions.coalesce(col("sex_value"), lit("U")).as(Persons.SEX),
        col("citizenship_value").as(Persons.CITIZENSHIP),
        col(Persons.BIRTH_YEAR),
        col(Persons.BIRTH_DATE_PRECISION),
        col(Persons.VICTIM_STATUS).isNotNull().as(Persons.IS_VICTIM),
        col(Persons.VICTIM_STATUS),
        col(Persons.REFERENCE_DATE),
        col(Persons.IDENTIFYING_AUTHORITY),
        age.cast("int").as(Persons.AGE_AT_REFERENCE),
        col(Persons.IS_SUSPECT),
        col(Persons.EXPLOITATION_FORMS));
  }

  /** Per person the most frequent value of {@code column} (ties: latest delivery, then smaller value). */
  private static Dataset<Row> mostFrequent(Dataset<Row> r, String column) {
    WindowSpec w = Window.partitionBy(Links.PERSON_KEY)
        .orderBy(col("n").desc(), col("latest").desc(), col(column).asc());
    return r.groupBy(col(Links.PERSON_KEY), col(column))
        .agg(count(lit(1)).as("n"), max(col(Records.DELIVERY_DATE)).as("latest"))
        .withColumn("rk", row_number().over(w))
        .filter(col("rk").equalTo(1))
        .select(col(Links.PERSON_KEY), col(column).as(column + "_value"));
  }

}
