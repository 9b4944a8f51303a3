package dk.thbstats.aggregate;

import static org.apache.spark.sql.functions.bround;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Population;
import dk.thbstats.schema.Published;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code victims_registered_change}: year-on-year change (persons and per cent), three-year
 * rolling mean and rate per 100,000 inhabitants of {@code victims_registered}, computed from its
 * <em>published</em> rows only — a measure with a suppressed input is empty with flag {@code c} —
 * so it reveals nothing the published table does not. Linear combinations of published cells need
 * no disclosure control of their own ({@code disclosure: none}); a rate divides a published cell
 * by a public population figure. A rate without a population figure is empty with flag {@code :}.
 */
public final class RegisteredChange {
  private RegisteredChange() {}

  /**
   * @param published the published {@code victims_registered} rows ({@code year, sex, age_group, value, flag})
   * @param population the denominators of the rates (persons on 1 January)
   * @return {@code year, sex, age_group, measure, value (double), flag}
   */
  public static Dataset<Row> of(Dataset<Row> published, Population population) {
    Dataset<Row> years = published.filter(col(Published.YEAR).notEqual(lit(Published.TOTAL)))
        .select(col(Published.YEAR).cast("int").as("y"), col("sex"), col("age_group"),
            col("value").cast("double").as("v"));
    Dataset<Row> back1 = years.select(col("y").plus(1).as("y"), col("sex"), col("age_group"), col("v").as("v1"));
    Dataset<Row> back2 = years.select(col("y").plus(2).as("y"), col("sex"), col("age_group"), col("v").as("v2"));
    String[] keys = {"y", "sex", "age_group"};
    Dataset<Row> withPrevious = years.join(back1, keys);
    Column v = col("v");
    Column v1 = col("v1");
    Column hidden = v.isNull().or(v1.isNull());
    Dataset<Row> change = withPrevious.select(col("y"), col("sex"), col("age_group"), lit("YOY_CHANGE").as("measure"),
        when(hidden, lit(null)).otherwise(v.minus(v1)).as("value"),
        when(hidden, lit("c")).as("flag"));
    Dataset<Row> percent = withPrevious.select(col("y"), col("sex"), col("age_group"), lit("YOY_CHANGE_PCT").as("measure"),
        when(hidden.or(v1.equalTo(0)), lit(null)).otherwise(bround(v.minus(v1).multiply(100).divide(v1), 2)).as("value"),
        when(hidden, lit("c")).when(v1.equalTo(0), lit(":")).as("flag"));
    Column hidden3 = hidden.or(col("v2").isNull());
    Dataset<Row> rolling = withPrevious.join(back2, keys)
        .select(col("y"), col("sex"), col("age_group"), lit("ROLLING_MEAN_3Y").as("measure"),
            when(hidden3, lit(null)).otherwise(bround(v.plus(v1).plus(col("v2")).divide(3), 2)).as("value"),
            when(hidden3, lit("c")).as("flag"));
    List<Row> figures = population.figures().stream()
        .map(f -> RowFactory.create(f.year(), f.sex(), f.ageGroup(), (double) f.persons())).toList();
    Dataset<Row> persons = published.sparkSession().createDataFrame(figures, DataTypes.createStructType(List.of(
        DataTypes.createStructField("y", DataTypes.IntegerType, false),
        DataTypes.createStructField("sex", DataTypes.StringType, false),
        DataTypes.createStructField("age_group", DataTypes.StringType, false),
        DataTypes.createStructField("p", DataTypes.DoubleType, false))));
    Column p = col("p");
    Dataset<Row> rate = years.join(persons, keys, "left")
        .select(col("y"), col("sex"), col("age_group"), lit("RATE_PER_100K").as("measure"),
            when(p.isNull().or(v.isNull()), lit(null)).otherwise(bround(v.multiply(100_000).divide(p), 2)).as("value"),
            when(p.isNull(), lit(":")).when(v.isNull(), lit("c")).as("flag"));
    return change.unionByName(percent).unionByName(rolling).unionByName(rate)
        .select(col("y").cast("string").as(Published.YEAR), col("sex"), col("age_group"), col("measure"),
            col("value").cast("double").as("value"), col("flag").cast("string").as("flag"));
  }
}
