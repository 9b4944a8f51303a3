package dk.thbstats.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.thbstats.schema.Population;
import dk.thbstats.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class RegisteredChangeTest {

  @Test
  void of_ratesFromPublishedCellsAndPopulation_suppressedOrWithoutFigureStayEmpty(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (String year : List.of("2023", "2024", "TOTAL")) {
      for (String sex : List.of("F", "M", "UNK", "TOTAL")) {
        Integer v = switch (year + sex) {
          case "2023TOTAL" -> 40;
          case "2024TOTAL" -> 50;
          case "2024M" -> 30;
          case "2023F", "2023M", "2024F" -> null; // suppressed
          default -> 0;
        };
        rows.add(RowFactory.create(year, sex, "TOTAL", v, v == null ? "c" : null));
      }
    }
    var published = spark.createDataFrame(rows, DataTypes.createStructType(List.of(
        DataTypes.createStructField("year", DataTypes.StringType, false),
        DataTypes.createStructField("sex", DataTypes.StringType, false),
        DataTypes.createStructField("age_group", DataTypes.StringType, false),
        DataTypes.createStructField("value", DataTypes.IntegerType, true),
        DataTypes.createStructField("flag", DataTypes.StringType, true))));
    // synthetic figures, not Denmark's
    Population population = Population.of(List.of(
        new Population.Figure(2024, "TOTAL", "TOTAL", 4_000_000),
        new Population.Figure(2024, "F", "TOTAL", 2_000_000),
        new Population.Figure(2023, "TOTAL", "TOTAL", 3_000_000)));

    Map<String, String> got = new TreeMap<>();
    for (Row r : RegisteredChange.of(published, population).collectAsList()) {
      got.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(3), r.get(4) + "|" + r.get(5));
    }

    assertEquals("1.25|null", got.get("2024|TOTAL|RATE_PER_100K"), "100,000 x 50 / 4,000,000");
    assertEquals("1.33|null", got.get("2023|TOTAL|RATE_PER_100K"), "100,000 x 40 / 3,000,000, rounded");
    assertEquals("null|c", got.get("2024|F|RATE_PER_100K"), "the count is suppressed");
    assertEquals("null|:", got.get("2024|M|RATE_PER_100K"), "no population figure");
    assertEquals("null|:", got.get("2024|UNK|RATE_PER_100K"), "UNK never has one");
    assertEquals("10.0|null", got.get("2024|TOTAL|YOY_CHANGE"));
    assertEquals(null, got.get("TOTAL|TOTAL|RATE_PER_100K"), "no rate over all years");
    assertEquals(4 * 2 + 4 * 2, got.keySet().stream().filter(k -> !k.endsWith("ROLLING_MEAN_3Y")).count(),
        "2024 changes and percentages, 2023 and 2024 rates, for F, M, UNK, TOTAL");
  }
}
