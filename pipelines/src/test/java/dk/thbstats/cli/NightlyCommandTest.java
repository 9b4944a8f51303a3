package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.night.NightInputs;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.Landing;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class NightlyCommandTest {
  @TempDir Path dir;

  private void smallLanding() {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "NGO-A_2026-01-15.csv",
        "NGO-A-000001;NGO-A;Blessing;Okafor;;03-11-2000;;K;NG;;P;NG;A1234567;;;;PROSTITUTION;;10-01-2025;15-01-2025;IDENTIFICERET;20-02-2025;CMM;;;;",
        "NGO-A-000002;NGO-A;Ana;Popescu;;;34;K;RO;;;;;;;;;;12-03-2025;;FORMODET;01-04-2025;NGO;;;;",
        "NGO-A-000003;NGO-A;Bad;Date;;31-02-1999;;M;TH;;;;;;;;;;12-03-2025;;;;;;;;");
    landing.police("2026-01-15", "politi.csv",
        "0100-84120-00031-24-P1,KBH,OFFER,OKAFOR Blessing,2000-11-03,K,NG,,A1234567,NG,,,262A,PROSTITUTION,2025-01-05,,,,");
  }

  @Test
  void nightly_smallLanding_publishesAndExports() throws IOException {
    smallLanding();
    TestCli cli = new TestCli(dir);
    TestCli.Result r = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("DEMO key"), r.err());
    assertTrue(r.out().contains("ngo       3 rows read, 2 accepted, 1 quarantined"), r.out());
    assertTrue(r.out().contains("persons   2 deduplicated from 3 records; 2 registered victims"), r.out());

    TestCli.Result e = cli.run("export", "--warehouse", "wh");
    assertEquals(0, e.status(), e.out() + e.err());
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("export/manifest.json").toFile());
    JsonNode t = manifest.path("tables").get(0);
    assertEquals("victims_registered", t.path("name").asText());
    assertEquals(32, t.path("rows").asInt(), "(2025, TOTAL) x (F, M, UNK, TOTAL) x (Y_LT18, Y_GE18, UNK, TOTAL)");
    byte[] csv = Files.readAllBytes(dir.resolve("export/victims_registered.csv"));
    assertEquals((byte) 0xEF, csv[0]);
    List<String> lines = List.of(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    assertEquals("year,sex,age_group,value,flag,vintage,status", lines.get(0));
    assertTrue(Files.size(dir.resolve("export/victims_registered.parquet")) > 0);
    // The suppressor's benchmark on this warehouse: the same groups, the same patterns.
    TestCli.Result bench = cli.run("bench", "--only", "disclose", "--warehouse", "wh");
    assertEquals(0, bench.status(), bench.out() + bench.err());
    assertTrue(bench.out().contains("victims_registered_status: 96 cells"), bench.out());
    assertTrue(bench.out().contains("audit passed"), bench.out());
    assertFalse(bench.out().contains("precision"), "no linkage table: " + bench.out());

    TestCli.Result again = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, again.status(), again.out() + again.err());
    assertTrue(again.out().contains("files     0 new"), again.out());
    assertTrue(r.out().contains("linkage   full (no linkage state yet): 3 new or changed of 3 records"), r.out());
    // Nothing new: the night stops after loading and says so; the export is the same.
    assertTrue(again.out().contains("linkage   unchanged (nothing new since the last complete night):"
        + " 0 new or changed of 3 records, 0 re-clustered, 0 candidate pairs compared"), again.out());
    assertTrue(again.out().contains("published unchanged: every published table was made from the same loaded"
        + " files, key, code and releases"), again.out());
    assertTrue(again.out().contains("persons   2 deduplicated from 3 records; 2 registered victims"), again.out());
    assertFalse(again.out().contains("| link "), "no linkage ran: " + again.out());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "export-again").status());
    assertArrayEquals(csv, Files.readAllBytes(dir.resolve("export-again/victims_registered.csv")));
    // A release tag is an input (it decides which cells are known): the next night runs in full.
    Warehouse w = Warehouse.open(SharedSpark.session(), dir.resolve("wh").toString());
    Keyring demo = Keys.resolve(null, Map.of(), Profile.LOCAL, m -> { });
    assertTrue(NightInputs.of(w, demo).published(w));
    assertEquals(0, cli.run("release", "--warehouse", "wh", "--name", "2026-01").status());
    assertFalse(NightInputs.of(w, demo).published(w), "a new release tag makes the next night run in full");
    TestCli.Result relink = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--relink");
    assertEquals(0, relink.status(), relink.out() + relink.err());
    assertTrue(relink.out().contains("linkage   full (requested): 3 new or changed of 3 records"), relink.out());
    assertTrue(relink.out().contains("published victims_registered: 32 cells"), relink.out());
    assertTrue(NightInputs.of(w, demo).published(w));
    assertTrue(relink.out().contains("persons   2 deduplicated from 3 records; 2 registered victims"), relink.out());
  }

  @Test
  void nightly_unknownOption_failsWithOneLine() {
    TestCli.Result r = new TestCli(dir).run("nightly", "--landin", "x");
    assertEquals(2, r.status());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("unknown option --landin"), r.err());
  }

  @Test
  void nightly_missingLanding_failsWithOneLineNamingIt() {
    TestCli.Result r = new TestCli(dir).run("nightly", "--landing", "nowhere", "--warehouse", "wh");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("landing folder") && r.err().contains("nowhere"), r.err());
    assertEquals(2, r.err().strip().lines().count(), r.err());
  }

  @Test
  void nightly_demoKeyOnAnUnmarkedLanding_refusedInOneLineBeforeAnythingIsWritten() {
    Landing landing = new Landing(dir.resolve("landing"), false);
    landing.police("2026-01-15", "politi.csv",
        "0100-84120-00031-24-P1,KBH,OFFER,OKAFOR Blessing,2000-11-03,K,NG,,A1234567,NG,,,262A,PROSTITUTION,2025-01-05,,,,");
    TestCli.Result r = new TestCli(dir).run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(ErrorCode.PRIVACY_GUARD.exitStatus(), r.status(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("not marked synthetic") && r.err().contains("./thb keygen --out FILE")
        && r.err().contains("--key-file"), r.err());
    assertFalse(Files.exists(dir.resolve("wh")), "nothing written");
    assertFalse(Files.exists(dir.resolve(".thb")), "no key file made");
  }

  @Test
  void help_everyCommand_describesItsOptions() {
    TestCli cli = new TestCli(dir);
    TestCli.Result top = cli.run("--help");
    assertEquals(0, top.status());
    for (String c : List.of("nightly", "export", "generate", "keygen")) {
      assertTrue(top.out().contains(c), top.out());
      TestCli.Result h = cli.run(c, "--help");
      assertEquals(0, h.status());
      assertTrue(h.out().startsWith("Usage: ./thb " + c), h.out());
    }
    assertTrue(cli.run("nightly", "--help").out().contains("--warehouse"));
    assertTrue(cli.run("export", "--help").out().contains("--warehouse"));
  }

  @Test
  void nightly_otherKeyThanTheWarehouse_isRefusedBeforeLoading() {
    smallLanding();
    TestCli cli = new TestCli(dir);
    assertEquals(0, cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load").status());
    dk.thbstats.pseudonymise.Keys.createKeyFile(dir.resolve("other.key"));
    TestCli.Result r = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--key-file", "other.key");
    assertEquals(5, r.status(), r.err());
    assertTrue(r.err().contains("[PRIVACY_GUARD]") && r.err().contains("key version"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void nightly_noRegisteredVictims_publishesKnownZeros() throws IOException {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.police("2026-01-15", "only_suspects.csv",
        "0100-84120-00031-24-P2,KBH,MISTÆNKT,Someone Else,1980-05-05,M,NG,,,,,,262A,PROSTITUTION,2025-01-05,,,,");
    TestCli cli = new TestCli(dir);
    TestCli.Result r = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("0 registered victims"), r.out());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "out").status());
    List<String> lines = Files.readAllLines(dir.resolve("out/victims_registered.csv"), StandardCharsets.UTF_8);
    assertEquals(17, lines.size(), "TOTAL x 4 x 4 cells and the header");
    assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",0,,2026-01-15,final")), "known zeros: " + lines);
  }

  @Test
  void nightly_duplicateIdsAndOddFileNames_quarantineBothRowsAndRerunCleanly() {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "it's NGO-B.csv",
        "NGO-B-7;NGO-B;Ana;Popescu;;;;K;RO;;;;;;;;;;12-03-2025;;;;;;;;",
        "NGO-B-7;NGO-B;Bo;Ek;;;;M;SE;;;;;;;;;;12-03-2025;;;;;;;;",
        "NGO-B-8;NGO-B;Cy;Ek;;;;M;SE;;;;;;;;;;12-03-2025;;;;;;;;");
    TestCli cli = new TestCli(dir);
    TestCli.Result r = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("ngo       3 rows read, 1 accepted, 2 quarantined"), r.out());
    assertTrue(r.out().contains("published nothing this night (--stop-after load)"), r.out());
    assertFalse(r.out().contains("persons "), "no persons line without linkage: " + r.out());
    Warehouse w = Warehouse.open(SharedSpark.session(), dir.resolve("wh").toString());
    List<org.apache.spark.sql.Row> q = w.read(Tables.QUARANTINE).orderBy("source_line").collectAsList();
    assertEquals(2, q.size());
    assertEquals("record_id_unique", q.get(0).getAs("rule"));
    assertEquals("sagsnummer", q.get(0).getAs("column"));
    assertEquals("ngo/2026-01-15/it's NGO-B.csv", q.get(0).getAs("source_file"));
    assertEquals(2, (int) q.get(0).getAs("source_line"));
    assertEquals(3, (int) q.get(1).getAs("source_line"));
  }

  @Test
  void nightly_rejectedFileFixedInPlace_isLoadedOnceAndNotReadAgain() throws IOException {
    Landing landing = new Landing(dir.resolve("landing"));
    Path bad = landing.write("police", "2026-01-15", "politi.csv", StandardCharsets.UTF_8, false,
        List.of("journalnummer,navn", "1,X Y"));
    TestCli cli = new TestCli(dir);
    // (The ledger is the subject here: every night stops after loading.)
    TestCli.Result first = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--strict", "--stop-after",
        "load");
    assertEquals(4, first.status(), "--strict: a rejected file fails the night after it completed");
    assertTrue(first.err().contains("[DATA_QUALITY_FAILED]"), first.err());
    assertTrue(first.out().contains("1 rejected"), first.out());
    assertTrue(first.out().contains("police/2026-01-15/politi.csv:1: missing required column(s) kreds"), first.out());
    TestCli.Result unchanged = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--strict",
        "--stop-after", "load");
    assertEquals(0, unchanged.status(), "an unchanged rejected file was reported on the night it came");
    assertTrue(unchanged.out().contains("files     0 new"), unchanged.out());
    Files.delete(bad);
    landing.police("2026-01-15", "politi.csv",
        "0100-84120-00031-24-P1,KBH,OFFER,OKAFOR Blessing,2000-11-03,K,NG,,A1234567,NG,,,262A,PROSTITUTION,2025-01-05,,,,");
    TestCli.Result fixed = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load");
    assertTrue(fixed.out().contains("files     1 new, 1 loaded, 0 rejected, 0 duplicate"), fixed.out());
    TestCli.Result after = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load");
    assertTrue(after.out().contains("files     0 new"), after.out());
  }

  @Test
  void nightly_personRules_onlyCmmAndDisIdentifyAndFormalRejectionExcludes() {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "rules.csv",
        // identified by an NGO: counts as presumed
        "NGO-A-1;NGO-A;Ana;Popescu;;01-02-1990;;K;RO;;;;;;;;;;12-03-2025;;IDENTIFICERET;01-04-2025;NGO;;;;",
        // presumed by an NGO, then a formal negative decision by CMM (same person: same name and birth date)
        "NGO-A-2;NGO-A;Bo;Ek;;02-03-1991;;M;SE;;;;;;;;;;12-03-2025;;FORMODET;01-04-2025;NGO;;;;",
        "CMM-9;CMM;Bo;Ek;;02-03-1991;;M;SE;;;;;;;;;;12-03-2025;20-03-2025;IKKE_OFFER;01-05-2025;CMM;;;;");
    TestCli cli = new TestCli(dir);
    TestCli.Result r = cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "persons");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("published nothing this night (--stop-after persons)"), r.out());
    assertEquals(2, cli.run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "tomorrow")
        .status(), "an unknown step is a configuration error");
    Warehouse w = Warehouse.open(SharedSpark.session(), dir.resolve("wh").toString());
    List<org.apache.spark.sql.Row> persons = w.read(Tables.PERSONS).orderBy("birth_year").collectAsList();
    assertEquals(2, persons.size());
    assertEquals("PRESUMED", persons.get(0).getAs("victim_status"));
    assertEquals(35, (int) persons.get(0).getAs("age_at_reference"));
    assertEquals(false, persons.get(1).getAs("is_victim"));
    assertEquals(2, (int) persons.get(1).getAs("record_count"));
  }
}
