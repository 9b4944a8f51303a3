package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

  private static void assertSameFiles(Path a, Path b) throws IOException {
    for (String f : List.of("victims_registered.csv", "victims_registered.parquet", "manifest.json")) {
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
    // (This first delivery has one registered victim in its newest year: the total over all years
    // must then be suppressible, or the table cannot be protected.)
    TestCli.Result first = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, first.status(), first.err());

    TestCli.Result early = cli.run("release", "--warehouse", "wh", "--name", "2026-Q2");
    assertEquals(0, early.status(), early.err());
    assertTrue(early.out().contains("release 2026-Q2: victims_registered (vintage " + dates.get(0)), early.out());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--release", "2026-Q2", "--out", "r1-then").status());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "now-then").status());
    assertTrue(Files.readString(dir.resolve("r1-then/manifest.json")).contains("\"release\" : \"2026-Q2\""));
    assertEquals(0, cli.run("release", "--warehouse", "wh", "--name", "2026-Q2").status(), "the same release again");
    TestCli.Result listed = cli.run("release", "--warehouse", "wh", "--list");
    assertEquals(0, listed.status(), listed.err());
    assertEquals("2026-Q2: victims_registered (vintage " + dates.get(0) + ", provisional), victims_citizenship"
        + " (vintage " + dates.get(0) + ", provisional)\n", listed.out());

    // More nights: the published table changes; the release does not.
    for (String d : dates.subList(1, dates.size())) {
      copyDelivery(dir.resolve("gen"), landing, d);
    }
    assertEquals(0, cli.run("nightly", "--landing", "landing", "--warehouse", "wh").status());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--release", "2026-Q2", "--out", "r1-later").status());
    assertSameFiles(dir.resolve("r1-then"), dir.resolve("r1-later"));
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "now-later").status());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("now-then/victims_registered.csv")),
        Files.readAllBytes(dir.resolve("now-later/victims_registered.csv"))), "later nights changed the figures");

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
    assertEquals("year,value,flag\r\nTOTAL," + releasedTotal.substring("TOTAL,TOTAL,TOTAL,".length()) + "\r\n",
        then.out());

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
