package dk.thbstats.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.aggregate.VictimsRegistered;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import dk.thbstats.testing.Truth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** On a {@code --clean} set, exact linkage must recover the truth exactly. */
@ExtendWith(SharedSpark.class)
class CleanEndToEndTest {
  @TempDir Path dir;

  @Test
  void nightly_cleanSet_countsBeforeDisclosureEqualTheTruthAndPublishedValuesToo(SparkSession spark)
      throws IOException {
    TestCli cli = new TestCli(dir);
    TestCli.Result gen = cli.run("generate", "--persons", "300", "--seed", "11", "--clean", "--out", "gen");
    assertEquals(0, gen.status(), gen.out() + gen.err());
    TestCli.Result night = cli.run("nightly", "--landing", "gen/landing", "--warehouse", "wh");
    assertEquals(0, night.status(), night.out() + night.err());
    TestCli.Result export = cli.run("export", "--warehouse", "wh", "--out", "export");
    assertEquals(0, export.status(), export.out() + export.err());

    Truth truth = new Truth(dir.resolve("gen/truth"));
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    Dataset<Row> persons = w.read(Tables.PERSONS);
    assertEquals(truth.persons().size(), persons.count(), "one deduplicated person per true person");

    List<Integer> years = new ArrayList<>();
    int first = truth.persons().values().stream().filter(p -> p.referenceDate() != null)
        .mapToInt(p -> p.referenceDate().getYear()).min().orElseThrow();
    int last = truth.persons().values().stream().filter(p -> p.referenceDate() != null)
        .mapToInt(p -> p.referenceDate().getYear()).max().orElseThrow();
    for (int y = first; y <= last; y++) {
      years.add(y);
    }
    Map<String, Long> expected = new TreeMap<>(truth.victimsRegistered(years));
    Map<String, Long> actual = new TreeMap<>();
    for (Row r : VictimsRegistered.toCounts(spark, VictimsRegistered.toVictimCells(persons), years).collectAsList()) {
      actual.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), r.getLong(3));
    }
    assertEquals(expected, actual);
    assertTrue(expected.get("TOTAL|TOTAL|TOTAL") > 50, "a meaningful number of victims: " + expected.get("TOTAL|TOTAL|TOTAL"));

    List<String> csv = DataSamplesEndToEndTest.csvLines(dir.resolve("export/victims_registered.csv"));
    int published = 0;
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",", -1);
      if (!f[3].isEmpty()) {
        assertEquals(expected.get(f[0] + "|" + f[1] + "|" + f[2]), Long.valueOf(f[3]), line);
        published++;
      }
    }
    assertEquals(expected.size(), csv.size() - 1);
    assertTrue(published > 0);
  }
}
