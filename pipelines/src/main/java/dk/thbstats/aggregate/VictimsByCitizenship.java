package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables.Persons;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code victims_citizenship} before disclosure control: registered victims by reference year ×
 * sex × Eurostat citizenship group, with the group taken on the reference date (EU membership is
 * dated: a Croatian identified in 2012 is non-EU, in 2014 other EU). Shares its year × sex margins
 * with {@code victims_registered}; the two are suppressed and audited together.
 */
public final class VictimsByCitizenship {
  /** Citizenship groups in display order. */
  public static final List<String> GROUPS = List.of("NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS", "UNK");

  private VictimsByCitizenship() {}

  /** The registered victims with their cell coordinates: {@code year, sex, citizenship_group}. */
  public static Dataset<Row> toVictimCells(Dataset<Row> persons, CodeLists codeLists) {
    return persons.filter(col(Persons.IS_VICTIM))
        .select(
            year(col(Persons.REFERENCE_DATE)).cast("string").as(Published.YEAR),
            VictimsRegistered.sex().as("sex"),
            group(col(Persons.CITIZENSHIP), col(Persons.REFERENCE_DATE), codeLists).as("citizenship_group"));
  }

  /** The Eurostat group of a citizenship on a date. */
  static Column group(Column citizenship, Column date, CodeLists codeLists) {
    Column eu = lit(false);
    for (Map.Entry<String, LocalDate[]> m : codeLists.euMembership().entrySet()) {
      Column member = citizenship.equalTo(m.getKey()).and(date.geq(lit(m.getValue()[0])));
      if (m.getValue()[1] != null) {
        member = member.and(date.leq(lit(m.getValue()[1])));
      }
      eu = eu.or(member);
    }
    return when(citizenship.isNull().or(date.isNull()), lit("UNK"))
        .when(citizenship.equalTo("DK"), lit("NAT"))
        .when(citizenship.equalTo("XX"), lit("STLS"))
        .when(eu, lit("EU27_2020_FOR"))
        .otherwise(lit("NEU27_2020_FOR"));
  }

  /**
   * The Eurostat group of a citizenship for a whole reference year, as {@link #group} gives it for
   * every date of that year; null when membership changed within the year (the group then
   * depends on the date, not on the year).
   */
  public static String groupOfYear(String citizenship, int year, CodeLists codeLists) {
    if ("DK".equals(citizenship)) {
      return "NAT";
    }
    if ("XX".equals(citizenship)) {
      return "STLS";
    }
    LocalDate[] span = codeLists.euMembership().get(citizenship);
    if (span == null) {
      return "NEU27_2020_FOR";
    }
    LocalDate first = LocalDate.of(year, 1, 1);
    LocalDate last = LocalDate.of(year, 12, 31);
    boolean allYear = !span[0].isAfter(first) && (span[1] == null || !span[1].isBefore(last));
    boolean noneOfIt = span[0].isAfter(last) || span[1] != null && span[1].isBefore(first);
    return allYear ? "EU27_2020_FOR" : noneOfIt ? "NEU27_2020_FOR" : null;
  }

  /** The full count table: {@code year, sex, citizenship_group, value}. */
  public static Dataset<Row> toCounts(SparkSession spark, Dataset<Row> victimCells, List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(Published.YEAR, VictimsRegistered.years(years));
    values.put("sex", VictimsRegistered.SEXES);
    values.put("citizenship_group", GROUPS);
    return CountCube.counts(spark, victimCells, values);
  }
}
