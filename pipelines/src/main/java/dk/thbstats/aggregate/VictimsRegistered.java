package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables.Persons;

import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code victims_registered} before disclosure control: deduplicated persons registered as
 * victims (identified + presumed) by reference year × sex × child/adult, in long format with
 * {@code TOTAL} margins in every dimension and every combination present (zeros included), so the
 * table is fully additive.
 *
 * <p>Sex: F, M, and UNK for X and unknown (X is 0–4 persons a year: never shown alone). Age: at
 * the reference date, Y_LT18 / Y_GE18 / UNK. Years: every year from the first to the last
 * reference year present.
 */
public final class VictimsRegistered {
  /** Sex codes in display order. */
  public static final List<String> SEXES = List.of("F", "M", "UNK");
  /** Age-group codes in display order. */
  public static final List<String> AGE_GROUPS = List.of("Y_LT18", "Y_GE18", "UNK");
  /** The identified/presumed dimension of {@code victims_registered_status}. */
  public static final String VICTIM_STATUS = "victim_status";

  private VictimsRegistered() {}

  /** A person's sex as the tables publish it, unnamed: F, M, or UNK (X and unknown merged). */
  public static Column sex() {
    return when(col(Persons.SEX).isin("F", "M"), col(Persons.SEX)).otherwise(lit("UNK"));
  }

  /** The registered victims with their cell coordinates: {@code year, sex, age_group}. */
  public static Dataset<Row> toVictimCells(Dataset<Row> persons) {
    return toVictimCellsByStatus(persons).drop(VICTIM_STATUS);
  }

  /** A person's child/adult group at the reference date: Y_LT18, Y_GE18, or UNK. */
  public static Column ageGroup() {
    return when(col(Persons.AGE_AT_REFERENCE).isNull(), lit("UNK"))
        .when(col(Persons.AGE_AT_REFERENCE).lt(18), lit("Y_LT18"))
        .otherwise(lit("Y_GE18"));
  }

  /**
   * The full count table: columns {@code year, sex, age_group, value} (value a long), one row per
   * combination of the dimension values and TOTAL.
   *
   * @param years the reference years to show (the caller reads them from the data)
   */
  public static Dataset<Row> toCounts(SparkSession spark, Dataset<Row> victimCells, List<Integer> years) {
    LinkedHashMap<String, List<String>> values = byStatusValues(years);
    values.remove(VICTIM_STATUS);
    return CountCube.counts(spark, victimCells, values);
  }

  /**
   * The registered victims with {@code year, sex, age_group, victim_status} (IDENTIFIED or
   * PRESUMED): Eurostat's registered victims, whose {@code victim_status = TOTAL} cells are
   * {@link #toCounts}'s.
   */
  public static Dataset<Row> toVictimCellsByStatus(Dataset<Row> persons) {
    return persons.filter(col(Persons.IS_VICTIM))
        .select(
            year(col(Persons.REFERENCE_DATE)).cast("string").as(dk.thbstats.schema.Tables.VictimsRegistered.YEAR),
            sex().as(dk.thbstats.schema.Tables.VictimsRegistered.SEX),
            ageGroup().as(dk.thbstats.schema.Tables.VictimsRegistered.AGE_GROUP),
            col(Persons.VICTIM_STATUS).as(VICTIM_STATUS));
  }

  /** {@link #toCounts} with {@code victim_status} as a fourth dimension. */
  public static Dataset<Row> toCountsByStatus(SparkSession spark, Dataset<Row> victimCells, List<Integer> years) {
    return CountCube.counts(spark, victimCells, byStatusValues(years));
  }

  /** The values of year × sex × child/adult × identified/presumed, in display order (TOTAL is added by the cubes). */
  static LinkedHashMap<String, List<String>> byStatusValues(List<Integer> years) {
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put(dk.thbstats.schema.Tables.VictimsRegistered.YEAR, years(years));
    values.put(dk.thbstats.schema.Tables.VictimsRegistered.SEX, SEXES);
    values.put(dk.thbstats.schema.Tables.VictimsRegistered.AGE_GROUP, AGE_GROUPS);
    values.put(VICTIM_STATUS, VictimsTrend.STATUSES);
    return values;
  }

  /** The years as strings, in order. */
  static List<String> years(List<Integer> years) {
    return years.stream().sorted().map(String::valueOf).toList();
  }
}
