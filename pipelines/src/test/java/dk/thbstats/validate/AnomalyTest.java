package dk.thbstats.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.testing.Landing;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries across nights in the Deequ metrics repository; a jump is flagged. */
@ExtendWith(SharedSpark.class)
class AnomalyTest {
  @TempDir Path dir;

  private static String[] policeRows(String date, int n, int offset) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(String.format("0100-84120-%05d-25-P1,KBH,OFFER,KORPUS Testa%d,1990-11-03,K,RO,,,,,,262A,PROSTITUTION,%s,,,,",
          offset + i, offset + i, date));
    }
    return rows.toArray(new String[0]);
  }

  private JsonNode quality(String runId) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("wh/runs/" + runId + "/quality.json").toFile());
  }

  @Test
  void nightly_threeNormalDeliveriesThenOneTenTimesLarger_isFlagged() throws IOException {
    Landing landing = new Landing(dir.resolve("landing"));
    String[] dates = {"2026-01-31", "2026-02-28", "2026-03-31"};
    for (int night = 0; night < 3; night++) {
      landing.police(dates[night], "politi.csv", policeRows(dates[night], 10, night * 100));
      TestCli.Result r = new TestCli(dir).clock(Clock.fixed(Instant.parse(dates[night] + "T02:30:00Z"), ZoneOffset.UTC))
          .run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load");
      assertEquals(0, r.status(), r.out() + r.err());
      assertTrue(!r.out().contains("anomaly"), "normal deliveries are not flagged: " + r.out());
    }
    landing.police("2026-04-30", "politi.csv", policeRows("2026-04-30", 100, 1000));
    TestCli.Result big = new TestCli(dir).clock(Clock.fixed(Instant.parse("2026-04-30T02:30:00Z"), ZoneOffset.UTC))
        .run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "load");
    assertEquals(0, big.status(), "an anomaly is a warning, not a failure: " + big.err());
    assertTrue(big.out().contains("anomaly   police 2026-04-30: rows 100 against 10"), big.out());
    JsonNode q = quality("20260430T023000Z");
    assertEquals(1, q.path("anomalies").size(), q.path("anomalies").toString());
    JsonNode a = q.path("anomalies").get(0);
    assertEquals("police", a.path("source").asText());
    assertEquals("2026-04-30", a.path("delivery").asText());
    assertEquals("rows", a.path("metric").asText());
    assertEquals(100.0, a.path("value").asDouble());
    assertEquals(10.0, a.path("previous").asDouble());
    List<Long> volume = new ArrayList<>();
    q.path("volume").forEach(v -> volume.add(v.path("rows").asLong()));
    assertEquals(List.of(10L, 10L, 10L, 100L), volume, "the repository keeps every delivery's row count");
    assertEquals(1, q.path("totals").path("anomalies").asInt());
    String html = Files.readString(dir.resolve("wh/runs/20260430T023000Z/quality.html"));
    assertTrue(html.contains("Anomaly flags") && html.contains("#f0b429"), "flagged in the page and the chart");
    try (Stream<Path> s = Files.list(dir.resolve("wh/quality"))) {
      assertEquals(List.of("metrics.json"), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
    }
  }
}
