package dk.thbstats.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job over data-samples plus the bad-input corpus: every file's status, counts and
 * reason as {@code corpus/expected.csv} says; conservation; the report pages.
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusTest {
  static final Path SAMPLES = Path.of("..", "data-samples", "landing").toAbsolutePath().normalize();
  static final Path CORPUS = Path.of("src", "test", "resources", "corpus").toAbsolutePath().normalize();

  @TempDir static Path dir;
  private TestCli.Result night;
  private JsonNode quality;
  private String html;
  private final Map<String, JsonNode> files = new HashMap<>();

  @BeforeAll
  void nightOverSamplesAndCorpus() throws IOException {
    Path landing = dir.resolve("landing");
    copyTree(SAMPLES, landing);
    copyTree(CORPUS.resolve("landing"), landing);
    // Linkage runs over whatever the corpus let through; publishing is the data-samples tests' part.
    night = new TestCli(dir).run("nightly", "--landing", "landing", "--warehouse", "wh", "--stop-after", "persons");
    assertEquals(0, night.status(), night.out() + night.err());
    Path runs = dir.resolve("wh/runs");
    Path run;
    try (Stream<Path> s = Files.list(runs)) {
      run = s.findFirst().orElseThrow();
    }
    quality = new ObjectMapper().readTree(run.resolve("quality.json").toFile());
    html = Files.readString(run.resolve("quality.html"), StandardCharsets.UTF_8);
    quality.path("files").forEach(f -> files.put(f.path("path").asText(), f));
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static List<CSVRecord> expected() throws IOException {
    try (Reader r = Files.newBufferedReader(CORPUS.resolve("expected.csv"), StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  @Test
  void corpus_atLeast25BadInputs_coverEveryKindOfFailure() throws IOException {
    List<CSVRecord> expected = expected();
    assertTrue(expected.size() >= 25, "corpus size " + expected.size());
    long rejected = expected.stream().filter(e -> e.get("status").equals("rejected")).count();
    long quarantining = expected.stream().filter(e -> !e.get("rows_quarantined").isEmpty()
        && !e.get("rows_quarantined").equals("0")).count();
    assertTrue(rejected >= 15 && quarantining >= 12, rejected + " rejected, " + quarantining + " quarantining");
  }

  @Test
  void nightly_everyCorpusFile_hasTheExpectedStatusCountsAndReason() throws IOException {
    for (CSVRecord e : expected()) {
      String path = e.get("path");
      JsonNode f = files.get(path);
      assertTrue(f != null, "quality.json lists " + path);
      assertEquals(e.get("status"), f.path("status").asText(), path);
      if (!e.get("rows_read").isEmpty()) {
        assertEquals(Long.parseLong(e.get("rows_read")), f.path("rows_read").asLong(), path);
        assertEquals(Long.parseLong(e.get("rows_accepted")), f.path("rows_accepted").asLong(), path);
        assertEquals(Long.parseLong(e.get("rows_quarantined")), f.path("rows_quarantined").asLong(), path);
      } else {
        assertEquals(0, f.path("rows_read").asLong() + f.path("rows_accepted").asLong()
            + f.path("rows_quarantined").asLong(), path + ": a rejected or duplicate file counts no rows");
      }
      if (e.get("status").equals("rejected")) {
        assertTrue(f.path("errors").size() >= 1, path);
        assertTrue(f.path("reason").asText().startsWith(path), path + ": " + f.path("reason").asText());
      }
      if (!e.get("rule").isEmpty()) {
        boolean found = false;
        for (JsonNode err : f.path("errors")) {
          boolean rule = err.path("rule").asText().equals(e.get("rule"));
          boolean line = e.get("line").isEmpty() || err.path("line").asInt() == Integer.parseInt(e.get("line"));
          boolean column = e.get("column").isEmpty() || err.path("column").asText().equals(e.get("column"));
          found |= rule && line && column;
        }
        assertTrue(found, path + " should report " + e.get("rule") + " at line " + e.get("line") + " column "
            + e.get("column") + ": " + f.path("errors"));
        if (e.get("status").equals("rejected")) {
          String reason = f.path("reason").asText();
          assertTrue((!e.get("line").isEmpty() && reason.startsWith(path + ":" + e.get("line") + ":"))
              || (!e.get("column").isEmpty() && reason.contains(e.get("column")))
              || (e.get("line").isEmpty() && e.get("column").isEmpty()), path + ": " + reason);
        }
      }
    }
  }

  @Test
  void nightly_everyFile_conservesRowsAndMatchesTheQuarantineTable(SparkSession spark) {
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    Map<String, Long> quarantinedLines = new HashMap<>();
    for (Row r : w.read(Tables.QUARANTINE).groupBy("source_file").agg(
        org.apache.spark.sql.functions.countDistinct("source_line")).collectAsList()) {
      quarantinedLines.put(r.getString(0), r.getLong(1));
    }
    long accepted = 0;
    for (JsonNode f : quality.path("files")) {
      long read = f.path("rows_read").asLong();
      assertEquals(read, f.path("rows_accepted").asLong() + f.path("rows_quarantined").asLong(), f.path("path").asText());
      assertEquals(f.path("rows_quarantined").asLong(), (long) quarantinedLines.getOrDefault(f.path("path").asText(), 0L),
          f.path("path").asText());
      accepted += f.path("rows_accepted").asLong();
    }
    assertEquals(quality.path("totals").path("rows_accepted").asLong(), accepted);
    long sampleFiles = quality.path("files").findValuesAsText("path").stream()
        .filter(p -> !p.contains("2026-11-1")).count();
    assertEquals(18, sampleFiles, "every data-samples file is reported");
  }

  @Test
  void nightly_corpus_reportPageShowsEveryFileWithStatusAndCounts() {
    for (JsonNode f : quality.path("files")) {
      String path = dk.thbstats.core.Html.esc(f.path("path").asText());
      int at = html.indexOf("<code>" + path + "</code>");
      assertTrue(at > 0, "html shows " + path);
      String row = html.substring(at, html.indexOf("</tr>", at));
      assertTrue(row.contains(">" + f.path("status").asText() + "</span>"), row);
      assertTrue(row.contains("<td class=\"n\">" + f.path("rows_read").asLong() + "</td><td class=\"n\">"
          + f.path("rows_accepted").asLong() + "</td><td class=\"n\">" + f.path("rows_quarantined").asLong() + "</td>"), row);
    }
    assertTrue(html.contains("<svg"), "a volume chart per source");
    assertTrue(!html.contains("http://") && !html.contains("https://") || html.indexOf("<script") < 0,
        "no network resources");
    assertTrue(!html.contains("<link") && !html.contains("<script"), "self-contained");
  }

  @Test
  void nightly_quarantinedRows_areKeptPseudonymisedAndNothingLeaks(SparkSession spark) throws IOException {
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    List<Row> q = w.read(Tables.QUARANTINE)
        .filter("source_file = 'ngo/2026-11-15/placeholder_ukendt_family_name.csv'").collectAsList();
    assertEquals(1, q.size());
    Row record = q.get(0).getAs("record");
    assertEquals((String) q.get(0).getAs("record_key"), record.getAs("record_key"));
    assertEquals("ngo", record.getAs("source"));
    assertEquals(32, ((String) record.getAs("birth_date_key")).length(), "a keyed token, like an accepted row");
    assertEquals(1990, (int) record.getAs("birth_year"));
    dk.thbstats.testing.LeakScanner scanner = new dk.thbstats.testing.LeakScanner(dir.resolve("landing"));
    List<String> findings = scanner.scan(spark, List.of(dir.resolve("wh")), Map.of("stdout", night.out(), "stderr", night.err()));
    assertEquals(List.of(), findings);
  }

  @Test
  void nightly_corpus_printsWhereTheReportIsAndKeepsValuesOut() {
    assertTrue(night.out().contains("quality.html"), night.out());
    assertTrue(!html.contains("Testa") && !html.contains("Korpus") && !html.contains("HYPERLINK"),
        "no value from a row in the report");
    String json = quality.toString();
    assertTrue(!json.contains("Testa") && !json.contains("Korpus") && !json.contains("031390"), "no values in json");
  }
}
