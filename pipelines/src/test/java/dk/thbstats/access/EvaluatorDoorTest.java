package dk.thbstats.access;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.publish.NightlyState;
import dk.thbstats.publish.PublishedView;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.ReleasedZone;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.Landing;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator's door, tried as an outside evaluator would: {@code thb sql} on a warehouse made by
 * a small night and one release ({@code R1}). The attack corpus must be refused, the evaluator
 * queries must run, the published zone must stand alone, and a publish stopped between two tables
 * must leave readers on the night before. The last tests change the warehouse and run last.
 */
@ExtendWith(SharedSpark.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluatorDoorTest {
  @TempDir static Path dir;
  static TestCli cli;
  static Warehouse warehouse;

  @BeforeAll
  static void nightAndRelease() {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "NGO-A_2026-01-15.csv",
        "NGO-A-000001;NGO-A;Blessing;Okafor;;03-11-2000;;K;NG;;P;NG;A1234567;;;;PROSTITUTION;;10-01-2025;15-01-2025;IDENTIFICERET;20-02-2025;CMM;;;;",
        "NGO-A-000002;NGO-A;Ana;Popescu;;;34;K;RO;;;;;;;;;;12-03-2025;;FORMODET;01-04-2025;NGO;;;;",
        "NGO-A-000003;NGO-A;Maria;Santos;;01-02-1995;;K;PH;;;;;;;;LABOUR;;12-03-2025;20-03-2025;IDENTIFICERET;01-04-2025;CMM;;;;");
    landing.police("2026-01-15", "politi.csv",
        "0100-84120-00031-24-P1,KBH,OFFER,OKAFOR Blessing,2000-11-03,K,NG,,A1234567,NG,,,262A,PROSTITUTION,2025-01-05,,,,");
    cli = new TestCli(dir);
    TestCli.Result night = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, night.status(), night.err());
    TestCli.Result release = cli.run("release", "--warehouse", "wh", "--name", "R1");
    assertEquals(0, release.status(), release.err());
    warehouse = Warehouse.open(SharedSpark.session(), dir.resolve("wh").toString());
  }

  private static List<String> lines(String resource) throws IOException {
    try (var in = EvaluatorDoorTest.class.getResourceAsStream("/access/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  @Test
  @Order(1)
  void sql_attackCorpus_everyQueryRefusedWithItsReasonAndNothingPrinted() throws IOException {
    List<String> attacks = lines("attacks.tsv");
    assertTrue(attacks.size() >= 30, "at least 30 attacks: " + attacks.size());
    List<String> failures = new ArrayList<>();
    for (String line : attacks) {
      String[] parts = line.split("\t", 2);
      String query = parts[1].replace("{catalog}", warehouse.catalog()).replace("{wh}", dir.resolve("wh").toString());
      TestCli.Result r = cli.run("sql", "--warehouse", "wh", query);
      boolean refused = r.status() == ErrorCode.PRIVACY_GUARD.exitStatus() && r.out().isEmpty()
          && r.err().strip().lines().count() == 1 && r.err().contains(parts[0]);
      if (!refused) {
        failures.add(query + " -> " + r.status() + " " + r.err().strip() + r.out().lines().findFirst().orElse(""));
      }
    }
    assertEquals(List.of(), failures, "attacks not refused with their reason");
    // Nothing was changed by any of them.
    assertEquals(3, warehouse.read(Tables.RECORDS).count());
    assertTrue(warehouse.read(Tables.VICTIMS_REGISTERED).count() > 0);
  }

  @Test
  @Order(2)
  void sql_evaluatorQueries_run() throws IOException {
    List<String> queries = lines("evaluator.sql");
    assertTrue(queries.size() >= 10, queries.toString());
    for (String q : queries) {
      TestCli.Result r = cli.run("sql", "--warehouse", "wh", "--csv", q);
      assertEquals(0, r.status(), q + ": " + r.err());
      assertTrue(r.out().lines().count() >= 1, q);
    }
    TestCli.Result nightly = cli.run("sql", "--warehouse", "wh", "--nightly", "--csv",
        "SELECT count(*) AS n FROM victims_registered");
    assertEquals(0, nightly.status(), nightly.err());
  }

  @Test
  @Order(3)
  void sql_default_isTheNewestReleaseAndItsValuesAreTheReleasedOnes() {
    String q = "SELECT year, sex, age_group, value, flag FROM victims_registered ORDER BY year, sex, age_group";
    TestCli.Result released = cli.run("sql", "--warehouse", "wh", "--csv", q);
    TestCli.Result r1 = cli.run("sql", "--warehouse", "wh", "--csv", q.replace("victims_registered",
        "victims_registered VERSION AS OF 'R1'"));
    assertEquals(0, released.status(), released.err());
    assertEquals(released.out(), r1.out());
    assertTrue(released.out().contains("TOTAL,TOTAL,TOTAL,"), released.out());
  }

  @Test
  @Order(4)
  void handover_publishedZoneAlone_answersQueriesAndExportsTheSameBytes() throws IOException {
    TestCli.Result handed = cli.run("handover", "--warehouse", "wh", "--out", "zone");
    assertEquals(0, handed.status(), handed.err());
    // The folder holds the released tables and the index, nothing else.
    try (Stream<Path> s = Files.list(dir.resolve("zone"))) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        // (Hadoop's local file system writes hidden .crc checksums next to files.)
        assertTrue(name.startsWith(".") || name.equals(ReleasedZone.INDEX) || Tables.byName("published", name) != null,
            name);
      }
    }
    String q = "SELECT * FROM trend_victims WHERE quarter = 'TOTAL' ORDER BY year, sex, exploitation, victim_status";
    TestCli.Result there = cli.run("sql", "--warehouse", "zone", "--csv", q);
    TestCli.Result here = cli.run("sql", "--warehouse", "wh", "--csv", q);
    assertEquals(0, there.status(), there.err());
    assertEquals(here.out(), there.out());
    // No nightly state, no restricted table can be reached from it.
    TestCli.Result nightly = cli.run("sql", "--warehouse", "zone", "--nightly", "SELECT 1");
    assertEquals(ErrorCode.CONFIG_INVALID.exitStatus(), nightly.status());
    assertEquals(ErrorCode.PRIVACY_GUARD.exitStatus(), cli.run("sql", "--warehouse", "zone",
        "SELECT * FROM `../wh/iceberg/restricted/persons`").status());
    // Exports of the release: the same bytes from the warehouse and from the zone alone.
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--release", "R1", "--out", "x-wh").status());
    assertEquals(0, cli.run("export", "--warehouse", "zone", "--release", "R1", "--out", "x-zone").status());
    for (Tables t : Tables.values()) {
      if (t.isPublished()) {
        assertArrayEquals(Files.readAllBytes(dir.resolve("x-wh/" + t.table() + ".parquet")),
            Files.readAllBytes(dir.resolve("x-zone/" + t.table() + ".parquet")), t.table());
        assertArrayEquals(Files.readAllBytes(dir.resolve("x-wh/" + t.table() + ".csv")),
            Files.readAllBytes(dir.resolve("x-zone/" + t.table() + ".csv")), t.table());
      }
    }
    assertArrayEquals(Files.readAllBytes(dir.resolve("x-wh/manifest.json")),
        Files.readAllBytes(dir.resolve("x-zone/manifest.json")));
    // Again: nothing new.
    assertTrue(cli.run("handover", "--warehouse", "wh", "--out", "zone").out().contains("nothing new"));
  }

  @Test
  @Order(10)
  void publish_stoppedBetweenTwoTables_readersSeeTheNightBefore() throws IOException {
    List<Tables> three = List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_CITIZENSHIP, Tables.TRAFFICKERS);
    Map<Tables, Long> before = NightlyState.read(warehouse);
    String q = "SELECT sum(coalesce(value, 0)) AS s FROM victims_registered";
    TestCli.Result was = cli.run("sql", "--warehouse", "wh", "--nightly", "--csv", q);
    Map<Tables, java.util.Set<Row>> seen = new java.util.EnumMap<>(Tables.class);
    for (Tables t : three) {
      seen.put(t, new java.util.HashSet<>(PublishedView.nightly(warehouse).rows(t).collectAsList()));
    }
    List<Publisher.Release> changed = new ArrayList<>();
    for (Tables t : three) {
      Dataset<Row> rows = PublishedView.nightly(warehouse).rows(t).drop("vintage", "status")
          .withColumn("value", functions.when(functions.col("value").isNotNull(), functions.col("value").plus(100)));
      changed.add(new Publisher.Release(t, rows, 0));
    }
    // The night dies after the second table's main has moved.
    List<Tables> moved = new ArrayList<>();
    RuntimeException killed = assertThrows(RuntimeException.class, () -> Publisher.publish(warehouse, changed,
        java.time.LocalDate.of(2026, 1, 15), written -> "not audited in this test", t -> Map.of(), t -> {
          moved.add(t);
          if (moved.size() == 2) {
            throw new IllegalStateException("killed between two tables");
          }
        }));
    assertEquals("killed between two tables", killed.getMessage());
    // Main moved for two tables; readers do not look at main.
    assertNotEquals(before.get(Tables.VICTIMS_REGISTERED), warehouse.snapshotId(Tables.VICTIMS_REGISTERED, "main"));
    assertEquals(before.get(Tables.TRAFFICKERS), warehouse.snapshotId(Tables.TRAFFICKERS, "main"));
    assertEquals(before, NightlyState.read(warehouse));
    assertEquals(was.out(), cli.run("sql", "--warehouse", "wh", "--nightly", "--csv", q).out());
    for (Tables t : three) {
      assertEquals(seen.get(t), new java.util.HashSet<>(PublishedView.nightly(warehouse).rows(t).collectAsList()),
          t.table());
    }
    // A publish that completes switches all tables at once.
    Publisher.publish(warehouse, changed, java.time.LocalDate.of(2026, 1, 15), written -> "ok");
    Map<Tables, Long> after = NightlyState.read(warehouse);
    for (Tables t : three) {
      assertNotEquals(before.get(t), after.get(t), t.table());
      assertEquals(warehouse.snapshotId(t, "main"), after.get(t), t.table());
    }
    assertNotEquals(was.out(), cli.run("sql", "--warehouse", "wh", "--nightly", "--csv", q).out());
  }

  @Test
  @Order(11)
  void expireUnreleased_dropsOldNightsButKeepsReleasesAndTheNightlyState() {
    Tables t = Tables.VICTIMS_REGISTERED;
    int before = snapshots(t);
    Long released = warehouse.tags(t).get("R1");
    int expired = Publisher.expireUnreleased(warehouse, java.time.Instant.now().plusSeconds(60));
    assertTrue(expired > 0, "the unreleased snapshots of the test above expire");
    int after = snapshots(t);
    assertTrue(after < before, before + " -> " + after);
    assertTrue(warehouse.iceberg(t).snapshot(released) != null, "the release's snapshot stays");
    assertTrue(warehouse.iceberg(t).snapshot(NightlyState.read(warehouse).get(t)) != null, "what readers see stays");
    TestCli.Result r1 = cli.run("sql", "--warehouse", "wh", "--nightly", "--csv",
        "SELECT count(*) FROM victims_registered VERSION AS OF 'R1'");
    assertEquals(0, r1.status(), r1.err());
    TestCli.Result now = cli.run("sql", "--warehouse", "wh", "--nightly", "--csv", "SELECT count(*) FROM victims_registered");
    assertEquals(0, now.status(), now.err());
    assertFalse(now.out().isEmpty());
  }

  private static int snapshots(Tables t) {
    int n = 0;
    for (var ignored : warehouse.iceberg(t).snapshots()) {
      n++;
    }
    return n;
  }
}
