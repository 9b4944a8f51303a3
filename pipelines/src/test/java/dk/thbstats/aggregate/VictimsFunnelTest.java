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

/** The funnel: a cohort by the year of the first victim-side event, counted in every stage reached. */
@ExtendWith(SharedSpark.class)
class VictimsFunnelTest {
  @Test
  void funnel_cohortByFirstVictimSideEvent_stagesEverReached_perpetratorsLeftOut(SparkSession spark) {
    Dataset<Row> events = spark.createDataFrame(List.of(
            // A: contact 2024 (NGO record), interview and identification 2025 (other record), support, return.
            RowFactory.create("rA1", "SIGNAL", LocalDate.of(2024, 11, 2)),
            RowFactory.create("rA2", "SCREENED", LocalDate.of(2025, 1, 10)),
            RowFactory.create("rA2", "IDENTIFIED", LocalDate.of(2025, 2, 1)),
            RowFactory.create("rA2", "SUPPORT_ACCEPTED", LocalDate.of(2025, 2, 3)),
            RowFactory.create("rA2", "PREPARED_RETURN", LocalDate.of(2025, 6, 3)),
            // B: contact and interview 2025, presumed only.
            RowFactory.create("rB", "SIGNAL", LocalDate.of(2025, 3, 1)),
            RowFactory.create("rB", "SCREENED", LocalDate.of(2025, 3, 5)),
            RowFactory.create("rB", "PRESUMED", LocalDate.of(2025, 3, 6)),
            // C: a contact in 2025 that went no further; an undated interview does not count.
            RowFactory.create("rC", "SIGNAL", LocalDate.of(2025, 5, 5)),
            RowFactory.create("rC", "SCREENED", null),
            // D: a suspect only.
            RowFactory.create("rD", "SUSPECTED", LocalDate.of(2025, 1, 1))),
        StructType.fromDDL("record_key STRING, event_type STRING, event_date DATE"));
    Dataset<Row> links = spark.createDataFrame(List.of(RowFactory.create("rA1", "A"), RowFactory.create("rA2", "A"),
            RowFactory.create("rB", "B"), RowFactory.create("rC", "C"), RowFactory.create("rD", "D")),
        StructType.fromDDL("record_key STRING, person_key STRING"));
    Dataset<Row> persons = spark.createDataFrame(List.of(RowFactory.create("A", "F", true, "IDENTIFIED"),
            RowFactory.create("B", "M", true, "PRESUMED"), RowFactory.create("C", "X", false, null),
            RowFactory.create("D", "M", false, null)),
        StructType.fromDDL("person_key STRING, sex STRING, is_victim BOOLEAN, victim_status STRING"));
    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("A", new byte[] {0, 0, 0, 1}),
            RowFactory.create("B", new byte[] {0, 0, 0, 2}), RowFactory.create("C", new byte[] {0, 0, 0, 4}),
            RowFactory.create("D", new byte[] {0, 0, 0, 8})),
        StructType.fromDDL("person_key STRING, ckm_key BINARY"));

    Map<String, Long> cells = new TreeMap<>();
    for (Row r : VictimsFunnel.toCounts(spark, VictimsFunnel.toFacts(events, links, persons), keys, List.of(2024, 2025))
        .collectAsList()) {
      cells.put(r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2), r.getLong(3));
    }
    assertEquals(3 * 4 * 7, cells.size(), "(2024, 2025, TOTAL) x (F, M, UNK, TOTAL) x (6 stages, TOTAL)");
    Map<String, Long> nonZero = new TreeMap<>(cells);
    nonZero.values().removeIf(v -> v == 0);
    Map<String, Long> expected = new TreeMap<>();
    for (String sx : List.of("F", "TOTAL")) {
      for (String y : List.of("2024", "TOTAL")) {
        for (String st : List.of("SIGNAL", "SCREENED", "REGISTERED", "IDENTIFIED", "SUPPORT_ACCEPTED",
            "PREPARED_RETURN", "TOTAL")) {
          expected.merge(y + "/" + sx + "/" + st, 1L, Long::sum);
        }
      }
    }
    for (String sx : List.of("M", "TOTAL")) {
      for (String y : List.of("2025", "TOTAL")) {
        for (String st : List.of("SIGNAL", "SCREENED", "REGISTERED", "TOTAL")) {
          expected.merge(y + "/" + sx + "/" + st, 1L, Long::sum);
        }
      }
    }
    for (String sx : List.of("UNK", "TOTAL")) {
      for (String y : List.of("2025", "TOTAL")) {
        for (String st : List.of("SIGNAL", "TOTAL")) {
          expected.merge(y + "/" + sx + "/" + st, 1L, Long::sum);
        }
      }
    }
    assertEquals(expected, nonZero);
    assertEquals(3L, cells.get("TOTAL/TOTAL/SIGNAL"), "every person of a cohort made contact; the suspect is not one");
    assertEquals(1L, cells.get("2024/TOTAL/IDENTIFIED"), "identified in 2025, counted in the 2024 cohort");
  }
}
