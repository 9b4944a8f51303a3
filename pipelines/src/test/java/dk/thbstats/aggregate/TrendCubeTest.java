package dk.thbstats.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.thbstats.testing.SharedSpark;
import java.util.LinkedHashMap;
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

/** Distinct persons and cell keys for the cell key method. */
@ExtendWith(SharedSpark.class)
class TrendCubeTest {
  private static byte[] bytes(long key) {
    return new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
  }

  @Test
  void counts_personsInSeveralCells_countOnceInTheMargin_andKeysSumModulo2to32(SparkSession spark) {
    long big = (1L << 32) - 10;
    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("P1", bytes(big)),
        RowFactory.create("P2", bytes(30)), RowFactory.create("P3", bytes(7))),
        StructType.fromDDL("person_key STRING, ckm_key BINARY"));
    // P1 has two forms in Q1; P2 one form in Q1 and another in Q2; P3 a form outside the table's values.
    Dataset<Row> facts = spark.createDataFrame(List.of(
        RowFactory.create("P1", "Q1", "SEX"), RowFactory.create("P1", "Q1", "LAB"), RowFactory.create("P1", "Q1", "SEX"),
        RowFactory.create("P2", "Q1", "LAB"), RowFactory.create("P2", "Q2", "OTH"), RowFactory.create("P3", "Q3", "XXX")),
        StructType.fromDDL("person_key STRING, quarter STRING, form STRING"));
    LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
    values.put("quarter", List.of("Q1", "Q2"));
    values.put("form", List.of("SEX", "LAB", "OTH"));
    Map<String, String> cells = new TreeMap<>();
    for (Row r : TrendCube.counts(spark, facts, keys, values).collectAsList()) {
      cells.put(r.getString(0) + "/" + r.getString(1), r.getLong(2) + " " + r.getLong(3));
    }
    assertEquals(12, cells.size(), "3 x 4 cells, zeros included");
    assertEquals("1 " + big, cells.get("Q1/SEX"));
    assertEquals("2 20", cells.get("Q1/LAB"), "(2^32 - 10 + 30) mod 2^32");
    assertEquals("2 20", cells.get("Q1/TOTAL"), "P1 once though in two forms");
    assertEquals("0 0", cells.get("Q2/SEX"));
    assertEquals("1 30", cells.get("TOTAL/OTH"));
    assertEquals("2 20", cells.get("TOTAL/LAB"));
    assertEquals("2 20", cells.get("TOTAL/TOTAL"), "P2 once though in two quarters; P3 outside the table");
  }
}
