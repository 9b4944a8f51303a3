package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.core.SparkRows;
import dk.thbstats.schema.Tables.Persons;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
  /** The margin value of every dimension. */
  public static final String TOTAL = "TOTAL";
  /** Sex codes in display order. */
  public static final List<String> SEXES = List.of("F", "M", "UNK");
  /** Age-group codes in display order. */
  public static final List<String> AGE_GROUPS = List.of("Y_LT18", "Y_GE18", "UNK");

  private VictimsRegistered() {}

  /** The registered victims with their cell coordinates: {@code year, sex, age_group}. */
  public static Dataset<Row> toVictimCells(Dataset<Row> persons) {
    return persons.filter(col(Persons.IS_VICTIM))
        .select(
            year(col(Persons.REFERENCE_DATE)).cast("string").as(dk.thbstats.schema.Tables.VictimsRegistered.YEAR),
            when(col(Persons.SEX).isin("F", "M"), col(Persons.SEX)).otherwise(lit("UNK"))
                .as(dk.thbstats.schema.Tables.VictimsRegistered.SEX),
            when(col(Persons.AGE_AT_REFERENCE).isNull(), lit("UNK"))
                .when(col(Persons.AGE_AT_REFERENCE).lt(18), lit("Y_LT18"))
                .otherwise(lit("Y_GE18"))
                .as(dk.thbstats.schema.Tables.VictimsRegistered.AGE_GROUP));
  }

  /**
   * The full count table: columns {@code year, sex, age_group, value} (value a long), one row per
   * combination of the dimension values and TOTAL.
   *
   * @param years the reference years to show (the caller reads them from the data)
   */
  public static Dataset<Row> toCounts(SparkSession spark, Dataset<Row> victimCells, List<Integer> years) {
    String y = dk.thbstats.schema.Tables.VictimsRegistered.YEAR;
    String s = dk.thbstats.schema.Tables.VictimsRegistered.SEX;
    String a = dk.thbstats.schema.Tables.VictimsRegistered.AGE_GROUP;
    Dataset<Row> cube = victimCells.cube(y, s, a).agg(count(lit(1)).as("n"))
        .select(coalesce(col(y), lit(TOTAL)).as(y), coalesce(col(s), lit(TOTAL)).as(s),
            coalesce(col(a), lit(TOTAL)).as(a), col("n"));
    List<Row> domain = new ArrayList<>();
    List<String> yearValues = new ArrayList<>();
    years.stream().sorted().forEach(v -> yearValues.add(String.valueOf(v)));
    yearValues.add(TOTAL);
    List<String> sexValues = new ArrayList<>(SEXES);
    sexValues.add(TOTAL);
    List<String> ageValues = new ArrayList<>(AGE_GROUPS);
    ageValues.add(TOTAL);
    for (String yv : yearValues) {
      for (String sv : sexValues) {
        for (String av : ageValues) {
          domain.add(RowFactory.create(yv, sv, av));
        }
      }
    }
    StructType domainSchema = DataTypes.createStructType(List.of(
        DataTypes.createStructField(y, DataTypes.StringType, false),
        DataTypes.createStructField(s, DataTypes.StringType, false),
        DataTypes.createStructField(a, DataTypes.StringType, false)));
    return spark.createDataFrame(domain, domainSchema)
        .join(cube, SparkRows.seq(List.of(y, s, a)), "left")
        .select(col(y), col(s), col(a), coalesce(col("n"), lit(0L)).as("value"));
  }
}
