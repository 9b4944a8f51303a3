package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.disclose.PublishAudit;
import dk.thbstats.night.StatisticsStep;
import dk.thbstats.night.SuppressionGroup;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Releases (tags), exports of a release, and thb sql on published tables and releases. */
@ExtendWith(SharedSpark.class)
class ReleaseTest {

  private static void copyDelivery(Path gen, Path landing, String date) throws IOException {
    for (String source : List.of("ngo", "police", "dis")) {
      Path from = gen.resolve("landing").resolve(source).resolve(date);
      if (!Files.isDirectory(from)) {
        continue;
      }
      Path to = landing.resolve(source).resolve(date);
      Files.createDirectories(to);
      try (Stream<Path> files = Files.list(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }

  private static List<String> dates(Path gen) throws IOException {
    try (Stream<Path> d = Files.list(gen.resolve("landing/police"))) {
      return d.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every file of {@code a} (at least three) has the same bytes in {@code b}, and {@code b} has no other. */
  private static void assertSameFiles(Path a, Path b) throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(a)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
    try (Stream<Path> s = Files.list(b)) {
      assertEquals(files, s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
    }
    assertTrue(files.size() >= 3, files.toString());
    for (String f : files) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
  }

  @Test
  void release_exportsByteForByteAfterMoreNights_andSqlReadsItButNothingRestricted(SparkSession spark,
      @TempDir Path dir) throws IOException {
    TestCli cli = new TestCli(dir);
    assertEquals(0, cli.run("generate", "--persons", "150", "--seed", "11", "--out", "gen").status());
    List<String> dates = dates(dir.resolve("gen"));
    assertTrue(dates.size() >= 2, dates.toString());
    Path landing = dir.resolve("landing");
    copyDelivery(dir.resolve("gen"), landing, dates.get(0));
    Files.copy(dir.resolve("gen/landing").resolve(dk.thbstats.ingest.LandingMark.FILE),
        landing.resolve(dk.thbstats.ingest.LandingMark.FILE));
    // (This first delivery has one registered victim in its newest year: the total over all years
    // must then be suppressible, or the table cannot be protected.)
    TestCli.Result first = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, first.status(), first.err());

    TestCli.Result early = cli.run("release", "--warehouse", "wh", "--name", "2026-Q2");
    assertEquals(0, early.status(), early.err());
    assertTrue(early.out().contains("release 2026-Q2: victims_registered (vintage " + dates.get(0)), early.out());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--release", "2026-Q2", "--out", "r1-then").status());
    // The same bytes from another JVM: parquet-mr lists a column chunk's encodings in hash-set order
    // (enum identity hashes), so without ParquetFooter the footers differ between processes.
    TestCli.Result child = cli.runInNewJvm("export", "--warehouse", "wh", "--release", "2026-Q2", "--out", "r1-child");
    assertEquals(0, child.status(), child.err());
    assertSameFiles(dir.resolve("r1-then"), dir.resolve("r1-child"));
    for (java.util.List<org.apache.parquet.format.Encoding> listed
        : dk.thbstats.publish.ParquetFooter.encodings(dir.resolve("r1-then/victims_registered.parquet"))) {
      assertEquals(listed.stream().sorted(java.util.Comparator.comparingInt(org.apache.parquet.format.Encoding::getValue))
          .toList(), listed, "encodings in code order");
    }
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "now-then").status());
    String year = dates.get(0).substring(0, 4);
    assertEquals(0, cli.run("report", "--warehouse", "wh", "--body", "unodc", "--year", year, "--release", "2026-Q2",
        "--out", "report-then").status());
    assertTrue(Files.readString(dir.resolve("r1-then/manifest.json")).contains("\"release\" : \"2026-Q2\""));
    assertEquals(0, cli.run("release", "--warehouse", "wh", "--name", "2026-Q2").status(), "the same release again");
    TestCli.Result listed = cli.run("release", "--warehouse", "wh", "--list");
    assertEquals(0, listed.status(), listed.err());
    assertEquals("2026-Q2: " + java.util.Arrays.stream(dk.thbstats.schema.Tables.values())
        .filter(dk.thbstats.schema.Tables::isPublished)
        .map(t -> t.table() + " (vintage " + dates.get(0) + ", provisional)")
        .collect(java.util.stream.Collectors.joining(", ")) + "\n", listed.out());

    // More nights: the published table changes; the release does not.
    for (String d : dates.subList(1, dates.size())) {
      copyDelivery(dir.resolve("gen"), landing, d);
    }
    assertEquals(0, cli.run("nightly", "--landing", "landing", "--warehouse", "wh").status());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--release", "2026-Q2", "--out", "r1-later").status());
    assertSameFiles(dir.resolve("r1-then"), dir.resolve("r1-later"));
    assertEquals(0, cli.run("report", "--warehouse", "wh", "--body", "unodc", "--year", year, "--release", "2026-Q2",
        "--out", "report-later").status());
    assertSameFiles(dir.resolve("report-then"), dir.resolve("report-later"));
    assertTrue(Files.readString(dir.resolve("report-later/report.json")).contains("\"release\" : \"2026-Q2\""));
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "now-later").status());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("now-then/victims_registered.csv")),
        Files.readAllBytes(dir.resolve("now-later/victims_registered.csv"))), "later nights changed the figures");

    // A second release, attacked together with the first: for each group of tables sharing margins,
    // the intervals of every cell suppressed in 2026-Q4 given every cell published in 2026-Q4 and
    // every cell 2026-Q2 published with the value it still has.
    assertEquals(0, cli.run("release", "--warehouse", "wh", "--name", "2026-Q4").status());
    Warehouse attacked = Warehouse.open(spark, dir.resolve("wh").toString());
    Dataset<Row> persons = attacked.read(Tables.PERSONS);
    Map<Tables, Dataset<Row>> truth = dk.thbstats.night.AggregateStage.countTables(spark,
        new dk.thbstats.night.AggregateStage.Input(persons, attacked.read(Tables.EVENTS), attacked.read(Tables.LINKS),
            dk.thbstats.schema.CodeLists.load(), StatisticsStep.victimYears(persons)));
    int unchanged = 0;
    for (SuppressionGroup g : SuppressionGroup.values()) {
      List<Tables> group = g.tables();
      List<Dataset<Row>> released = group.stream().map(t -> attacked.readSnapshot(t, attacked.tags(t).get("2026-Q4")))
          .toList();
      dk.thbstats.disclose.EarlierReleases.Builder before = dk.thbstats.disclose.EarlierReleases.builder();
      for (Tables t : group) {
        Long q2 = attacked.tags(t).get("2026-Q2");
        if (q2 != null) {
          before.add("2026-Q2", t.table(), StatisticsStep.publishedValues(attacked, t, q2));
        }
      }
      String verdict = PublishAudit.check(group.stream().map(Tables::contract).toList(),
          group.stream().map(truth::get).toList(), released, before.build());
      assertTrue(verdict.startsWith("passed"), verdict);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) of their \\d+ published cells unchanged\\)")
          .matcher(verdict);
      unchanged += m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
    assertTrue(unchanged > 20, "the first release holds cells that are still true: " + unchanged);

    TestCli.Result taken = cli.run("release", "--warehouse", "wh", "--name", "2026-Q2");
    assertEquals(ErrorCode.CONFIG_INVALID.exitStatus(), taken.status());
    assertTrue(taken.err().contains("a release never changes"), taken.err());
    assertEquals(ErrorCode.CONFIG_INVALID.exitStatus(), cli.run("release", "--warehouse", "wh", "--name", "main").status());
    TestCli.Result missing = cli.run("export", "--warehouse", "wh", "--release", "2027-Q1", "--out", "x");
    assertEquals(ErrorCode.CONFIG_INVALID.exitStatus(), missing.status());
    assertTrue(missing.err().contains("releases: 2026-Q2"), missing.err());

    // thb sql: now and as released; aligned and CSV.
    String totals = "SELECT year, value, flag FROM victims_registered WHERE sex = 'TOTAL' AND age_group = 'TOTAL'"
        + " AND year = 'TOTAL'";
    TestCli.Result now = cli.run("sql", "--warehouse", "wh", totals);
    assertEquals(0, now.status(), now.err());
    assertTrue(now.out().startsWith("year   value  flag\n-----  -----  ----\nTOTAL"), now.out());
    assertTrue(now.out().endsWith("(1 row)\n"), now.out());
    TestCli.Result then = cli.run("sql", "--warehouse", "wh", "--csv", totals.replace("FROM victims_registered",
        "FROM victims_registered VERSION AS OF '2026-Q2'"));
    assertEquals(0, then.status(), then.err());
    String releasedCsv = Files.readString(dir.resolve("r1-then/victims_registered.csv"));
    String releasedTotal = releasedCsv.lines().filter(l -> l.startsWith("TOTAL,TOTAL,TOTAL,")).findFirst().orElseThrow();
    String[] released = releasedTotal.split(",", -1);
    assertEquals("year,value,flag\r\nTOTAL," + released[3] + "," + released[4] + "\r\n", then.out());

    // Nothing but queries on published tables.
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    long links = w.read(Tables.LINKS).count();
    for (String q : List.of("SELECT * FROM restricted.links", "SELECT * FROM " + w.name(Tables.PERSONS),
        "SELECT v.* FROM victims_registered v JOIN restricted.persons p ON v.year = p.sex",
        "SELECT * FROM victims_registered WHERE year IN (SELECT source FROM restricted.records)",
        "SELECT * FROM parquet.`" + dir.resolve("now-later/victims_registered.parquet") + "`",
        "DROP TABLE victims_registered", "DELETE FROM victims_registered", "INSERT INTO victims_registered"
            + " SELECT * FROM victims_registered", "CREATE TABLE t AS SELECT 1", "SET spark.sql.shuffle.partitions=1",
        "CACHE TABLE victims_registered")) {
      TestCli.Result r = cli.run("sql", "--warehouse", "wh", q);
      assertEquals(ErrorCode.PRIVACY_GUARD.exitStatus(), r.status(), q + ": " + r.out() + r.err());
    }
    assertEquals(links, w.read(Tables.LINKS).count());
    assertTrue(w.read(Tables.VICTIMS_REGISTERED).count() > 0, "still there");
    TestCli.Result bad = cli.run("sql", "--warehouse", "wh", "SELEC 1");
    assertEquals(ErrorCode.CONFIG_INVALID.exitStatus(), bad.status());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
  }
}
