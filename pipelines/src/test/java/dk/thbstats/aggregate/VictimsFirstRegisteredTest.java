package dk.thbstats.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.thbstats.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The second time basis: registered victims by the year of their first registration, not of identification. */
@ExtendWith(SharedSpark.class)
class VictimsFirstRegisteredTest {
  @Test
  void firstRegistration_earliestIdentifiedOrPresumedOfAnyVictimRecord_victimsOnly(SparkSession spark) {
    Dataset<Row> events = spark.createDataFrame(List.of(
            // A: presumed by an NGO in 2024, identified by CMM in 2025 (reference year 2025).
            RowFactory.create("rA1", "VICTIM", "SIGNAL", LocalDate.of(2023, 12, 1)),
            RowFactory.create("rA1", "VICTIM", "PRESUMED", LocalDate.of(2024, 11, 2)),
            RowFactory.create("rA2", "VICTIM", "IDENTIFIED", LocalDate.of(2025, 2, 1)),
            // B: presumed in 2025 only; an undated presumption does not count.
            RowFactory.create("rB", "VICTIM", "PRESUMED", null),
            RowFactory.create("rB", "VICTIM", "PRESUMED", LocalDate.of(2025, 3, 6)),
            // C: presumed, then formally rejected: not a registered victim.
            RowFactory.create("rC", "VICTIM", "PRESUMED", LocalDate.of(2024, 5, 5)),
            // D: identified in 2025; an earlier event on a perpetrator record of the same person does not count.
            RowFactory.create("rD1", "VICTIM", "IDENTIFIED", LocalDate.of(2025, 8, 1)),
            RowFactory.create("rD2", "PERPETRATOR", "PRESUMED", LocalDate.of(2024, 1, 1))),
        StructType.fromDDL("record_key STRING, role STRING, event_type STRING, event_date DATE"));
    Dataset<Row> links = spark.createDataFrame(List.of(RowFactory.create("rA1", "A"), RowFactory.create("rA2", "A"),
            RowFactory.create("rB", "B"), RowFactory.create("rC", "C"), RowFactory.create("rD1", "D"),
            RowFactory.create("rD2", "D")),
        StructType.fromDDL("record_key STRING, person_key STRING"));
    Dataset<Row> persons = spark.createDataFrame(List.of(
            RowFactory.create("A", "F", true, "IDENTIFIED", LocalDate.of(2025, 2, 1), 17),
            RowFactory.create("B", "M", true, "PRESUMED", LocalDate.of(2025, 3, 6), 30),
            RowFactory.create("C", "F", false, null, null, null),
            RowFactory.create("D", "X", true, "IDENTIFIED", LocalDate.of(2025, 8, 1), null)),
        StructType.fromDDL("person_key STRING, sex STRING, is_victim BOOLEAN, victim_status STRING,"
            + " reference_date DATE, age_at_reference INT"));
    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("A", new byte[] {0, 0, 0, 1}),
            RowFactory.create("B", new byte[] {0, 0, 0, 2}), RowFactory.create("C", new byte[] {0, 0, 0, 4}),
            RowFactory.create("D", new byte[] {0, 0, 0, 8})),
        StructType.fromDDL("person_key STRING, ckm_key BINARY"));

    Map<String, Long> cells = new TreeMap<>();
    for (Row r : VictimsProfile.byFirstRegistration(spark, persons, events, links, keys, List.of(2024, 2025))
        .collectAsList()) {
      cells.put(String.join("/", r.getString(0), r.getString(1), r.getString(2), r.getString(3)), r.getLong(4));
    }
    assertEquals(3 * 4 * 4 * 3, cells.size(), "(2024, 2025, TOTAL) x 4 sexes x 4 age groups x 3 statuses");
    Map<String, Long> nonZero = new TreeMap<>(cells);
    nonZero.values().removeIf(v -> v == 0);
    Map<String, Long> expected = new TreeMap<>();
    String[][] persons4 = {{"2024", "F", "Y_LT18", "IDENTIFIED"}, {"2025", "M", "Y_GE18", "PRESUMED"},
        {"2025", "UNK", "UNK", "IDENTIFIED"}};
    for (String[] p : persons4) {
      for (String y : List.of(p[0], "TOTAL")) {
        for (String sx : List.of(p[1], "TOTAL")) {
          for (String a : List.of(p[2], "TOTAL")) {
            for (String st : List.of(p[3], "TOTAL")) {
              expected.merge(String.join("/", y, sx, a, st), 1L, Long::sum);
            }
          }
        }
      }
    }
    assertEquals(expected, nonZero);
    assertEquals(1L, cells.get("2024/TOTAL/TOTAL/IDENTIFIED"), "identified in 2025, first registered in 2024");
  }
}
