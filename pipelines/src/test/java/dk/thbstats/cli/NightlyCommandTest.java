package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.testing.Landing;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    TestCli.Result e = cli.run("export", "--warehouse", "wh", "--out", "out");
    assertEquals(0, e.status(), e.out() + e.err());
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out/manifest.json").toFile());
    JsonNode t = manifest.path("tables").get(0);
    assertEquals("victims_registered", t.path("name").asText());
    assertEquals(32, t.path("rows").asInt(), "(2025, TOTAL) x (F, M, UNK, TOTAL) x (Y_LT18, Y_GE18, UNK, TOTAL)");
    byte[] csv = Files.readAllBytes(dir.resolve("out/victims_registered.csv"));
    assertEquals((byte) 0xEF, csv[0]);
    List<String> lines = List.of(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    assertEquals("year,sex,age_group,value,flag", lines.get(0));
    assertTrue(Files.size(dir.resolve("out/victims_registered.parquet")) > 0);

    TestCli.Result again = cli.run("nightly", "--landing", "landing", "--warehouse", "wh");
    assertEquals(0, again.status(), again.out() + again.err());
    assertTrue(again.out().contains("files     0 new"), again.out());
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
}
