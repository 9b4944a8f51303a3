package dk.thbstats.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.validate.ValidateStage;
import org.apache.spark.sql.Dataset;
import dk.thbstats.testing.Landing;
import dk.thbstats.testing.SharedSpark;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class IngestStageTest {
  @TempDir Path dir;

  private static RunContext context(SparkSession spark) {
    return new RunContext(spark, new RunId("20261129T023000Z"),
        Clock.fixed(Instant.parse("2026-11-29T02:30:00Z"), ZoneOffset.UTC));
  }

  private IngestStage.Output ingest(SparkSession spark, List<LedgerEntry> ledger) {
    return new IngestStage(CodeLists.load()).run(new IngestStage.Input(dir.toString(), ledger), context(spark));
  }

  /** The staged rows of the landing: ingest, validate (Deequ), canonicalise — as a night does. */
  private Dataset<Row> staged(SparkSession spark) {
    IngestStage.Output in = ingest(spark, List.of());
    java.util.Map<Source, List<LocalDate>> deliveries = new java.util.EnumMap<>(Source.class);
    in.loadable().forEach(i -> deliveries.computeIfAbsent(Source.fromFolder(i.file().source()),
        k -> new java.util.ArrayList<>()).add(i.file().deliveryDate()));
    ValidateStage.Output v = new ValidateStage(dir.resolve("../metrics-" + System.nanoTime() + ".json").toString())
        .run(new ValidateStage.Input(in.typed(), Contracts.loadAll(CodeLists.load()), deliveries), context(spark));
    return new CanonicaliseStage(CodeLists.load()).run(v.validated(), context(spark));
  }

  @Test
  void run_goodFilesOfEverySource_stagesRowsWithLinesCodesAndEvents(SparkSession spark) {
    Landing landing = new Landing(dir);
    landing.ngo("2026-01-15", "NGO-A_2026-01-15.csv",
        "NGO-A-000001;NGO-A;Blessing;Okafor;;03-11-2000;;K;NG;;P;NG;A1234567;;+4512345678;;PROSTITUTION|TVANGSARBEJDE;BYGGERI;10-01-2025;15-01-2025;IDENTIFICERET;20-02-2025;CMM;;;;",
        "NGO-A-000002;NGO-A;Ana;Popescu;;;34;K;RO;;;;;;;;;;12-03-2025;;FORMODET;01-04-2025;NGO;;;;",
        "NGO-A-000003;NGO-A;\"Multi\r\nLine\";Person;;31-02-1999;;M;TH;;;;;;;;;;12-03-2025;;;;;;;;");
    landing.police("2026-01-15", "politi.csv",
        "0100-84120-00031-24-P1,KBH,OFFER,OKAFOR Blessing,2000-11-03,K,NG,,A1234567,NG,,,262A,PROSTITUTION,2025-01-05,,,,",
        "0100-84120-00031-24-P2,KBH,MISTÆNKT,Someone Else,1980-05-05,M,NG,,,,,,262A,PROSTITUTION,2025-01-05,2025-02-01,2025-06-01,DØMT,2025-10-01");
    landing.dis("2026-01-15", "dis.jsonl",
        "{\"case_number\":\"DIS-2025-000001\",\"given_name\":\"Olena\",\"family_name\":\"Shevchenko\",\"birth_date\":\"1995-01-01\",\"sex\":\"F\",\"citizenship\":\"UA\",\"documents\":[{\"type\":\"P\",\"country\":\"UA\",\"number\":\"FE123456\"}],\"exploitation\":[\"LABOUR\"],\"screening_date\":\"2025-05-01\",\"decision\":{\"outcome\":\"IDENTIFIED\",\"date\":\"2025-05-20\"}}",
        "",
        "{\"case_number\":\"DIS-2025-000002\",\"sex\":\"Q\"}");

    IngestStage.Output out = ingest(spark, List.of());
    assertEquals(3, out.loadable().size());
    assertEquals(0, out.rejected().size());
    Map<String, FileInspection> byPath = out.loadable().stream()
        .collect(Collectors.toMap(i -> i.file().path(), i -> i));
    FileInspection ngo = byPath.get("ngo/2026-01-15/NGO-A_2026-01-15.csv");
    assertEquals("UTF-8 with BOM", ngo.encoding());
    assertEquals(3, ngo.rowsRead());
    assertEquals(64, ngo.sha256().length());

    List<Row> rows = staged(spark).collectAsList().stream()
        .sorted(Comparator.comparing((Row r) -> r.<String>getAs("source_file")).thenComparing(r -> r.<Integer>getAs("source_line")))
        .collect(Collectors.toList());
    assertEquals(7, rows.size());
    Row dis1 = rows.get(0);
    assertEquals("dis/2026-01-15/dis.jsonl", dis1.getAs("source_file"));
    assertEquals(1, (int) dis1.getAs("source_line"));
    assertEquals("placeholder_jan1", dis1.getAs("birth_date_precision"));
    assertEquals(List.of("LABOUR"), dis1.getList(dis1.fieldIndex("exploitation_forms")));
    assertEquals(2, dis1.getList(dis1.fieldIndex("events")).size());
    Row dis2 = rows.get(1);
    assertEquals(3, (int) dis2.getAs("source_line"), "blank line 2 is skipped but counted");
    assertEquals("code_value", ((Row) dis2.getList(dis2.fieldIndex("problems")).get(0)).getString(0));

    Row ngo1 = rows.get(2);
    assertEquals(2, (int) ngo1.getAs("source_line"));
    assertEquals("NGO-A/NGO-A-000001", ngo1.getAs("record_id"));
    assertEquals("F", ngo1.getAs("sex"));
    assertEquals(LocalDate.of(2000, 11, 3), ngo1.getAs("birth_date"));
    assertEquals("exact", ngo1.getAs("birth_date_precision"));
    assertEquals(List.of("LABOUR", "SEX_PROSTITUTION"), ngo1.getList(ngo1.fieldIndex("exploitation_forms")));
    assertEquals("F", ngo1.getAs("sector"));
    List<Row> events = ngo1.getList(ngo1.fieldIndex("events"));
    assertEquals(List.of("SIGNAL", "SCREENED", "IDENTIFIED"),
        events.stream().map(e -> e.getString(0)).collect(Collectors.toList()));
    assertEquals("CMM", events.get(2).getString(2));
    assertTrue(ngo1.getList(ngo1.fieldIndex("problems")).isEmpty());

    Row ngo2 = rows.get(3);
    assertEquals("estimated", ngo2.getAs("birth_date_precision"));
    assertEquals(2025 - 34, (int) ngo2.getAs("birth_year"));

    Row ngo3 = rows.get(4);
    assertEquals(4, (int) ngo3.getAs("source_line"));
    Row problem = (Row) ngo3.getList(ngo3.fieldIndex("problems")).get(0);
    assertEquals("date_format", problem.getString(0));
    assertEquals("fødselsdato", problem.getString(1));
    assertNull(ngo3.getAs("birth_date"));

    Row suspect = rows.get(6);
    assertEquals("SUSPECT", suspect.getAs("role"));
    assertEquals(List.of("SUSPECTED", "CHARGED", "PROSECUTED", "CONVICTED"),
        suspect.getList(suspect.fieldIndex("events")).stream().map(e -> ((Row) e).getString(0)).collect(Collectors.toList()));
    assertEquals("DK_SL_262A", ((Row) suspect.getList(suspect.fieldIndex("events")).get(3)).getString(3));
  }

  @Test
  void run_unreadableFiles_areRejectedWholeWithFileLineAndColumn(SparkSession spark) {
    Landing landing = new Landing(dir);
    landing.write("ngo", "2026-01-15", "missing_column.csv", Charset.forName("UTF-8"), true,
        List.of("sagsnummer;fornavn", "NGO-A-1;Ana"));
    landing.write("ngo", "2026-01-15", "comma_instead_of_semicolon.csv", Charset.forName("UTF-8"), true,
        List.of(Landing.NGO_HEADER.replace(';', ','), "x"));
    landing.write("ngo", "2026-01-15", "unclosed_quote.csv", Charset.forName("UTF-8"), true,
        List.of(Landing.NGO_HEADER, "NGO-A-1;NGO-A;\"Ana;Popescu", "NGO-A-2;NGO-A;Bo;Ek"));
    landing.write("ngo", "2026-01-15", "header_only.csv", Charset.forName("UTF-8"), true, List.of(Landing.NGO_HEADER));
    landing.write("dis", "2026-01-15", "bad.jsonl", Charset.forName("UTF-8"), false,
        List.of("{\"case_number\":\"DIS-1\"}", "{\"case_number\": Blessing}"));
    landing.write("police", "2026-01-15", "notes.txt", Charset.forName("UTF-8"), false, List.of("hello"));

    IngestStage.Output out = ingest(spark, List.of());
    assertEquals(0, out.loadable().size());
    Map<String, FileInspection> byName = out.rejected().stream()
        .collect(Collectors.toMap(i -> i.file().fileName(), i -> i));
    assertEquals(6, byName.size());
    assertEquals("missing_column", byName.get("missing_column.csv").rule());
    assertEquals("organisation", byName.get("missing_column.csv").column());
    assertEquals("wrong_delimiter", byName.get("comma_instead_of_semicolon.csv").rule());
    assertEquals("unbalanced_quotes", byName.get("unclosed_quote.csv").rule());
    assertEquals("no_rows", byName.get("header_only.csv").rule());
    FileInspection json = byName.get("bad.jsonl");
    assertEquals("malformed_json", json.rule());
    assertEquals(2, json.line());
    assertTrue(json.reason().startsWith("dis/2026-01-15/bad.jsonl:2: "), json.reason());
    assertTrue(!json.reason().contains("Blessing"), "no values in reasons");
    assertEquals("file_type", byName.get("notes.txt").rule());
  }

  @Test
  void run_windows1252File_isDecodedAndDanishLettersSurvive(SparkSession spark) {
    Landing landing = new Landing(dir);
    landing.write("ngo", "2026-02-01", "cp1252.csv", Charset.forName("windows-1252"), false,
        List.of(Landing.NGO_HEADER, "NGO-B-7;NGO-B;Søren;Ærø;;01-02-1990;;M;DK;;;;;;;;;;;;;;;;;;"));
    IngestStage.Output out = ingest(spark, List.of());
    assertEquals(1, out.loadable().size());
    assertEquals("windows-1252", out.loadable().get(0).encoding());
    Row r = staged(spark).first();
    assertEquals("Søren", r.getAs("given_name"));
    assertEquals("Ærø", r.getAs("family_name"));
  }

  @Test
  void run_loadedAndDuplicateFiles_areNotReadAgain(SparkSession spark) {
    Landing landing = new Landing(dir);
    String row = "NGO-A-1;NGO-A;Ana;Popescu;;;;K;RO;;;;;;;;;;12-03-2025;;;;;;;;";
    landing.ngo("2026-01-15", "a.csv", row);
    landing.ngo("2026-02-15", "a_again.csv", row);
    IngestStage.Output first = ingest(spark, List.of());
    assertEquals(1, first.loadable().size());
    assertEquals(1, first.duplicates().size());
    FileInspection a = first.loadable().get(0);
    FileInspection dup = first.duplicates().get(0);
    IngestStage.Output second = ingest(spark, List.of(
        new LedgerEntry(a.file().path(), a.sha256(), "accepted", a.file().sizeBytes(), "20261129T023000Z"),
        new LedgerEntry(dup.file().path(), dup.sha256(), "duplicate", dup.file().sizeBytes(), "20261129T023000Z")));
    assertEquals(0, second.loadable().size() + second.rejected().size() + second.duplicates().size());
  }

  @Test
  void run_encodingAndStructureTraps_areRejectedWithTheLineAndNoValue(SparkSession spark) throws java.io.IOException {
    Landing landing = new Landing(dir);
    // A BOM declares UTF-8: one stray Windows-1252 byte on line 3 rejects the file, never a silent re-read.
    Path bom = landing.ngo("2026-01-15", "bom_with_bad_byte.csv",
        "NGO-A-1;NGO-A;Ana;Popescu;;;;K;RO;;;;;;;;;;12-03-2025;;;;;;;;",
        "NGO-A-2;NGO-A;Ren#;Dubois;;;;K;FR;;;;;;;;;;12-03-2025;;;;;;;;");
    byte[] bytes = java.nio.file.Files.readAllBytes(bom);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '#') {
        bytes[i] = (byte) 0xE9;
      }
    }
    java.nio.file.Files.write(bom, bytes);
    // UTF-8 headers read as Windows-1252 turn into mojibake: rejected, not loaded with empty columns.
    byte[] utf8 = (Landing.NGO_HEADER + "\r\nNGO-A-3;NGO-A;Zo\u00eb;Ek;;;;K;SE;;;;;;;;;;12-03-2025;;;;;;;;\r\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] mixed = java.util.Arrays.copyOf(utf8, utf8.length + 1);
    mixed[utf8.length] = (byte) 0x9D;
    java.nio.file.Files.createDirectories(dir.resolve("ngo/2026-01-16"));
    java.nio.file.Files.write(dir.resolve("ngo/2026-01-16/mixed.csv"), mixed);
    // Two JSON objects on one line would silently lose the second.
    landing.dis("2026-01-15", "two_on_a_line.jsonl",
        "{\"case_number\":\"DIS-1\"} {\"case_number\":\"DIS-2\"}");
    // A repeated header name is reported by position; a non-contract name is not echoed.
    landing.write("police", "2026-01-15", "repeated_header.csv", Charset.forName("UTF-8"), false,
        List.of(Landing.POLICE_HEADER + ",Hansen,Hansen", "1,KBH,OFFER,A B,,,,,,,,,262A,,2025-01-05,,,,,,"));

    Map<String, FileInspection> byName = ingest(spark, List.of()).rejected().stream()
        .collect(Collectors.toMap(i -> i.file().fileName(), i -> i));
    assertEquals("encoding", byName.get("bom_with_bad_byte.csv").rule());
    assertEquals(3, byName.get("bom_with_bad_byte.csv").line());
    assertEquals("encoding", byName.get("mixed.csv").rule());
    assertEquals("malformed_json", byName.get("two_on_a_line.jsonl").rule());
    FileInspection repeated = byName.get("repeated_header.csv");
    assertEquals("duplicate_column", repeated.rule());
    assertTrue(repeated.reason().contains("positions 20 and 21"), repeated.reason());
    assertTrue(!repeated.reason().contains("Hansen"), repeated.reason());
  }

  @Test
  void run_implausibleOrPlaceholderValues_areRowProblemsNamingRuleAndColumn(SparkSession spark) {
    Landing landing = new Landing(dir);
    landing.ngo("2026-01-15", "values.csv",
        "",
        "NGO-A-1;NGO-A;Ana;Ukendt;;;;K;RO;;;;;;;;;;12-03-2025;;;;;;;;",
        "",
        "NGO-A-2;NGO-A;Bo;Ek;;;-7;M;SE;;;;;;;;;;12-03-2025;;;;;;;;",
        "NGO-A-3;NGO-A;Cy;Ek;;;;M;SE;321399-1234;P;SE;0000000;;;;;;12-03-2025;;;;;;;;",
        "NGO-A-4;NGO-A;Di;Ek;;01-01-2024;;M;SE;;;;;;;;;;12-03-2023;;;;;;;;",
        "NGO-A-5;NGO-A;Ed;Ek;;;;M;SE;;;;;;;;;;12-03-2027;;;;;;;;");
    Map<Integer, List<String>> rules = new java.util.TreeMap<>();
    for (Row r : staged(spark).collectAsList()) {
      List<Row> problems = r.getList(r.fieldIndex("problems"));
      rules.put(r.getAs("source_line"), problems.stream().map(p -> p.getString(0) + "@" + p.getString(1))
          .collect(Collectors.toList()));
    }
    assertEquals(List.of("placeholder_value@efternavn"), rules.get(3), "blank lines are counted in line numbers");
    assertEquals(List.of("age_range@anslået_alder"), rules.get(5));
    assertEquals(List.of("cpr_format@cpr", "placeholder_value@dokumentnummer"), rules.get(6), "contract order");
    assertEquals(List.of("event_before_birth@kontaktdato"), rules.get(7));
    assertEquals(List.of("date_range@kontaktdato"), rules.get(8));
  }
}
