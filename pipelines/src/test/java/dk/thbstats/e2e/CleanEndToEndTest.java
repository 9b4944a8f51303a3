package dk.thbstats.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.aggregate.VictimsProfile;
import dk.thbstats.aggregate.VictimsRegistered;
import dk.thbstats.aggregate.VictimsTrend;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
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

    // victims_registered_status (suppression, Eurostat's registered victims): every published value
    // is the truth's by year x sex x age x identified/presumed, and its victim_status = TOTAL rows are
    // victims_registered, number for number and flag for flag.
    Map<String, Long> statusTruth = new TreeMap<>();
    for (Truth.Person p : truth.persons().values()) {
      if (p.victimStatus() == null) {
        continue;
      }
      String sx = "F".equals(p.sex()) || "M".equals(p.sex()) ? p.sex() : "UNK";
      String a = p.ageAtReference() == null ? "UNK" : p.ageAtReference() < 18 ? "Y_LT18" : "Y_GE18";
      for (String yy : List.of(String.valueOf(p.referenceDate().getYear()), "TOTAL")) {
        for (String ss : List.of(sx, "TOTAL")) {
          for (String aa : List.of(a, "TOTAL")) {
            for (String st : List.of(p.victimStatus(), "TOTAL")) {
              statusTruth.merge(yy + "|" + ss + "|" + aa + "|" + st, 1L, Long::sum);
            }
          }
        }
      }
    }
    List<String> byStatus = DataSamplesEndToEndTest.csvLines(dir.resolve("export/victims_registered_status.csv"));
    assertEquals((years.size() + 1) * 4 * 4 * 3, byStatus.size() - 1, "years + TOTAL x 4 sexes x 4 ages x 3 statuses");
    Map<String, String> statusTotal = new TreeMap<>();
    int statusShown = 0;
    for (String line : byStatus.subList(1, byStatus.size())) {
      String[] f = line.split(",", -1);
      if (!f[4].isEmpty()) {
        assertEquals(statusTruth.getOrDefault(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[3], 0L), Long.valueOf(f[4]), line);
        statusShown++;
      }
      if ("TOTAL".equals(f[3])) {
        statusTotal.put(f[0] + "," + f[1] + "," + f[2], f[4] + "," + f[5]);
      }
    }
    assertTrue(statusShown > 50, statusShown + " published cells");
    Map<String, String> registeredCells = new TreeMap<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",", -1);
      registeredCells.put(f[0] + "," + f[1] + "," + f[2], f[3] + "," + f[4]);
    }
    assertEquals(registeredCells, statusTotal, "one number, one status in both tables");

    // trend_victims: before perturbation exactly the truth by year x quarter x sex x status;
    // published at most 2 off, never 1 or 2.
    Map<String, Long> trendTruth = new TreeMap<>();
    for (Truth.Person p : truth.persons().values()) {
      if (p.victimStatus() == null) {
        continue;
      }
      String y = String.valueOf(p.referenceDate().getYear());
      String q = "Q" + ((p.referenceDate().getMonthValue() - 1) / 3 + 1);
      String sx = "F".equals(p.sex()) || "M".equals(p.sex()) ? p.sex() : "UNK";
      for (String yy : List.of(y, "TOTAL")) {
        for (String qq : List.of(q, "TOTAL")) {
          for (String ss : List.of(sx, "TOTAL")) {
            for (String st : List.of(p.victimStatus(), "TOTAL")) {
              trendTruth.merge(yy + "|" + qq + "|" + ss + "|" + st, 1L, Long::sum);
            }
          }
        }
      }
    }
    Map<String, Long> before = new TreeMap<>();
    for (Row r : VictimsTrend.toCounts(spark, VictimsTrend.toFacts(persons), w.read(Tables.CKM_KEYS), years)
        .filter("exploitation = 'TOTAL'").collectAsList()) {
      before.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(4), r.getLong(5));
    }
    before.values().removeIf(v -> v == 0);
    assertEquals(trendTruth, before);
    List<String> trend = DataSamplesEndToEndTest.csvLines(dir.resolve("export/trend_victims.csv"));
    int compared = 0;
    int moved = 0;
    int withheld = 0;
    for (String line : trend.subList(1, trend.size())) {
      String[] f = line.split(",", -1);
      if (f[5].isEmpty()) {
        // A breakdown of a cell the suppression tables hide is withheld (flag c).
        assertEquals("c", f[6], line);
        withheld++;
        continue;
      }
      long v = Long.parseLong(f[5]);
      assertTrue(v != 1 && v != 2, line);
      // (The all-years rows are the sums of the published years: the publish audit checks them.)
      if ("TOTAL".equals(f[3]) && !"TOTAL".equals(f[0])) {
        long t = trendTruth.getOrDefault(f[0] + "|" + f[1] + "|" + f[2] + "|" + f[4], 0L);
        assertTrue(Math.abs(v - t) <= 2, line + " against the truth " + t);
        compared++;
        moved += v != t ? 1 : 0;
      }
    }
    assertTrue(compared > 50 && moved > 0, compared + " cells compared, " + moved + " moved by the noise, "
        + withheld + " withheld");

    // victims_nationality before perturbation: the truth's top citizenships by name, the rest by group.
    Map<String, Long> byCountry = new TreeMap<>();
    truth.persons().values().stream().filter(p -> p.victimStatus() != null && p.citizenship() != null
        && !List.of("DK", "XX").contains(p.citizenship())).forEach(p -> byCountry.merge(p.citizenship(), 1L, Long::sum));
    List<String> named = new ArrayList<>(List.of("DK"));
    byCountry.entrySet().stream().filter(e -> e.getValue() >= VictimsProfile.TOP_COUNTRY_MIN_PERSONS)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(VictimsProfile.TOP_COUNTRIES).forEach(e -> named.add(e.getKey()));
    assertEquals(named, VictimsProfile.topNationalities(persons));
    assertTrue(named.size() >= 3, "some countries are named: " + named);
    CodeLists codeLists = CodeLists.load();
    Map<String, Long> nationalityTruth = new TreeMap<>();
    for (Truth.Person p : truth.persons().values()) {
      if (p.victimStatus() == null) {
        continue;
      }
      String c = p.citizenship();
      String n = c == null ? "UNK" : named.contains(c) ? c : "XX".equals(c) ? "STLS"
          : codeLists.isEuMember(c, p.referenceDate()) ? "OTH_EU" : "OTH_NEU";
      String sx = "F".equals(p.sex()) || "M".equals(p.sex()) ? p.sex() : "UNK";
      for (String yy : List.of(String.valueOf(p.referenceDate().getYear()), "TOTAL")) {
        for (String ss : List.of(sx, "TOTAL")) {
          for (String nn : List.of(n, "TOTAL")) {
            nationalityTruth.merge(yy + "|" + ss + "|" + nn, 1L, Long::sum);
          }
        }
      }
    }
    Map<String, Long> nationality = new TreeMap<>();
    for (Row r : VictimsProfile.byNationality(spark, persons, w.read(Tables.CKM_KEYS), years, named, codeLists)
        .collectAsList()) {
      if (r.getLong(3) > 0) {
        nationality.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), r.getLong(3));
      }
    }
    assertEquals(nationalityTruth, nationality);

    // victims_form_combination before perturbation: the truth's combination of Eurostat groups;
    // and the primary group (the first of SEX, LAB, OTH recorded) for victims_exploitation_sex below.
    Map<String, String> groups = VictimsTrend.eurostatGroups();
    Map<String, Long> combinationTruth = new TreeMap<>();
    Map<String, Long> primaryTruth = new TreeMap<>();
    for (Truth.Person p : truth.persons().values()) {
      if (p.victimStatus() == null) {
        continue;
      }
      java.util.Set<String> g = new java.util.HashSet<>();
      p.exploitationForms().forEach(f -> g.add(groups.getOrDefault(f, "OTH")));
      List<String> recorded = java.util.stream.Stream.of("SEX", "LAB", "OTH").filter(g::contains).toList();
      String c = recorded.isEmpty() ? "UNK" : String.join("_", recorded);
      String primary = recorded.isEmpty() ? "UNK" : recorded.get(0);
      String sx = "F".equals(p.sex()) || "M".equals(p.sex()) ? p.sex() : "UNK";
      for (String yy : List.of(String.valueOf(p.referenceDate().getYear()), "TOTAL")) {
        for (String ss : List.of(sx, "TOTAL")) {
          for (String tt : List.of(c, "TOTAL")) {
            combinationTruth.merge(yy + "|" + ss + "|" + tt, 1L, Long::sum);
          }
          for (String tt : List.of(primary, "TOTAL")) {
            primaryTruth.merge(yy + "|" + ss + "|" + tt, 1L, Long::sum);
          }
        }
      }
    }
    Map<String, Long> combination = new TreeMap<>();
    for (Row r : VictimsTrend.byCombination(spark, VictimsTrend.toFacts(persons), w.read(Tables.CKM_KEYS), years)
        .collectAsList()) {
      if (r.getLong(3) > 0) {
        combination.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), r.getLong(3));
      }
    }
    assertEquals(combinationTruth, combination);

    // victims_exploitation_sex (suppression): every published value is the truth's, by the primary
    // form's group (sexual before labour before other, primaryTruth above), and its sex = TOTAL rows
    // are victims_exploitation.
    List<String> bySex = DataSamplesEndToEndTest.csvLines(dir.resolve("export/victims_exploitation_sex.csv"));
    assertEquals((years.size() + 1) * 4 * 5, bySex.size() - 1, "years + TOTAL x 4 sexes x 5 forms");
    Map<String, String> slice = new TreeMap<>();
    int shown = 0;
    for (String line : bySex.subList(1, bySex.size())) {
      String[] f = line.split(",", -1);
      if (!f[3].isEmpty()) {
        assertEquals(primaryTruth.getOrDefault(f[0] + "|" + f[1] + "|" + f[2], 0L), Long.valueOf(f[3]), line);
        shown++;
      }
      if ("TOTAL".equals(f[1])) {
        slice.put(f[0] + "," + f[2], f[3] + "," + f[4]);
      }
    }
    assertTrue(shown > 20, shown + " published cells");
    Map<String, String> exploitation = new TreeMap<>();
    List<String> byForm = DataSamplesEndToEndTest.csvLines(dir.resolve("export/victims_exploitation.csv"));
    for (String line : byForm.subList(1, byForm.size())) {
      String[] f = line.split(",", -1);
      exploitation.put(f[0] + "," + f[1], f[2] + "," + f[3]);
    }
    assertEquals(exploitation, slice, "one number, one status in both tables");
    assertTrue(combination.keySet().stream().map(k -> k.substring(k.lastIndexOf('|') + 1)).distinct().count() >= 4,
        "several classes besides TOTAL: " + combination.keySet());
  }
}
