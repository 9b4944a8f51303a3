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

/** traffickers_stages: every stage and offence of a year's events, each person once per TOTAL. */
@ExtendWith(SharedSpark.class)
class TraffickersStagesTest {
  @Test
  void byStage_multiFlagPerYear_personsOnceInEachTotal_victimsLeftOut(SparkSession spark) {
    Dataset<Row> events = spark.createDataFrame(List.of(
            // S: suspected and charged under § 262 a in 2024 (two records), convicted under § 262 b in 2025.
            RowFactory.create("r1", "SUSPECTED", "DK_SL_262A", LocalDate.of(2024, 2, 1)),
            RowFactory.create("r2", "CHARGED", "DK_SL_262A", LocalDate.of(2024, 3, 1)),
            RowFactory.create("r2", "CONVICTED", "DK_SL_262B", LocalDate.of(2025, 1, 9)),
            // T: charged with no offence recorded in 2024; a victim-side event is not a stage.
            RowFactory.create("r3", "CHARGED", null, LocalDate.of(2024, 5, 1)),
            RowFactory.create("r4", "IDENTIFIED", null, LocalDate.of(2024, 5, 1))),
        StructType.fromDDL("record_key STRING, event_type STRING, offence STRING, event_date DATE"));
    Dataset<Row> links = spark.createDataFrame(List.of(RowFactory.create("r1", "S"), RowFactory.create("r2", "S"),
            RowFactory.create("r3", "T"), RowFactory.create("r4", "V")),
        StructType.fromDDL("record_key STRING, person_key STRING"));
    Dataset<Row> persons = spark.createDataFrame(List.of(RowFactory.create("S", "M"), RowFactory.create("T", "F"),
            RowFactory.create("V", "F")),
        StructType.fromDDL("person_key STRING, sex STRING"));
    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("S", new byte[] {0, 0, 0, 1}),
            RowFactory.create("T", new byte[] {0, 0, 0, 2}), RowFactory.create("V", new byte[] {0, 0, 0, 4})),
        StructType.fromDDL("person_key STRING, ckm_key BINARY"));
    Map<String, Long> cells = new TreeMap<>();
    for (Row r : Traffickers.byStage(spark, events, links, persons, keys, List.of(2024, 2025)).collectAsList()) {
      if (r.getLong(4) > 0) {
        cells.put(r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3), r.getLong(4));
      }
    }
    assertEquals(2L, cells.get("2024/TOTAL/TOTAL/TOTAL"), "S and T in 2024, the victim not");
    assertEquals(1L, cells.get("2024/M/DK_SL_262A/SUSPECTED"));
    assertEquals(1L, cells.get("2024/M/DK_SL_262A/CHARGED"));
    assertEquals(1L, cells.get("2024/M/DK_SL_262A/TOTAL"), "suspected and charged: one person");
    assertEquals(2L, cells.get("2024/TOTAL/TOTAL/CHARGED"));
    assertEquals(1L, cells.get("2024/F/UNK/CHARGED"));
    assertEquals(1L, cells.get("2025/M/DK_SL_262B/CONVICTED"));
    assertEquals(2L, cells.get("TOTAL/TOTAL/TOTAL/TOTAL"), "S counts once over both years");
    assertEquals(null, cells.get("TOTAL/TOTAL/TOTAL/ACQUITTED"));
  }
}
