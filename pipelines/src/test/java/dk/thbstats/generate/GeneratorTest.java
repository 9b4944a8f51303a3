package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.SourceContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
  private static final List<String> DATES = List.of("2026-04-30", "2026-07-31", "2026-10-31");
  private static final Set<String> COUNTRIES = new TreeSet<>(List.of(Locale.getISOCountries()));

  @TempDir static Path dir;
  private static Path out;
  private static GeneratorSummary summary;

  @BeforeAll
  static void generate() {
    out = dir.resolve("a");
    summary = Generator.generate(options(out, 300, 42));
  }

  private static GeneratorOptions options(Path out, int persons, long seed) {
    return GeneratorOptions.builder().persons(persons).seed(seed).out(out).build();
  }

  @Test
  void generate_sameOptionsTwice_byteIdenticalFiles() throws IOException {
    Path again = dir.resolve("b");
    GeneratorSummary second = Generator.generate(options(again, 300, 42));

    assertEquals(summary.files(), second.files());
    for (Path rel : summary.files()) {
      assertArrayEquals(ReadBack.bytes(out.resolve(rel)), ReadBack.bytes(again.resolve(rel)), rel.toString());
    }
    assertEquals(summary.sources(), second.sources());
  }

  @Test
  void generate_otherSeed_otherPersons() {
    Path other = dir.resolve("c");
    Generator.generate(options(other, 300, 43));

    assertNotEquals(ReadBack.read(out.resolve("truth/persons.csv")), ReadBack.read(other.resolve("truth/persons.csv")));
  }

  @Test
  void generate_default_writesOneFolderPerSourceAndDelivery() throws IOException {
    try (Stream<Path> sources = Files.list(out.resolve("landing"))) {
      assertEquals(List.of("_SYNTHETIC.json", "dis", "ngo", "police"),
          sources.map(p -> p.getFileName().toString()).sorted().toList(), "the three sources and the synthetic mark");
    }
    for (String source : List.of("ngo", "police", "dis")) {
      try (Stream<Path> folders = Files.list(out.resolve("landing").resolve(source))) {
        assertEquals(DATES, folders.map(p -> p.getFileName().toString()).sorted().toList(), source);
      }
    }
    for (String d : DATES) {
      for (String org : List.of("CMM", "NGO-A", "NGO-B", "NGO-C")) {
        assertTrue(Files.isRegularFile(out.resolve("landing/ngo/" + d + "/" + org + "_" + d + ".csv")), org + d);
      }
      assertTrue(Files.isRegularFile(out.resolve("landing/police/" + d + "/politi_262_" + d + ".csv")));
      assertTrue(Files.isRegularFile(out.resolve("landing/dis/" + d + "/udlst_screeninger_" + d + ".jsonl")));
    }
    assertTrue(Files.isRegularFile(out.resolve("truth/records.csv")));
    assertTrue(Files.isRegularFile(out.resolve("truth/persons.csv")));
    assertTrue(Files.isRegularFile(out.resolve("truth/README.md")));
    assertTrue(dk.thbstats.ingest.LandingMark.isSynthetic(out.resolve("landing").toString(),
        new org.apache.hadoop.conf.Configuration()), "marked synthetic: the demo key may read it");
    assertEquals(3 * (4 + 1 + 1) + 3 + 1, summary.filesWritten());
  }

  @Test
  void generate_onePerson_stillWritesEveryFile() {
    Path tiny = dir.resolve("tiny");
    GeneratorSummary s = Generator.generate(options(tiny, 1, 5));

    assertEquals(22, s.filesWritten());
    assertEquals(1, ReadBack.persons(tiny).size());
    assertEquals(1, new HashSet<>(ReadBack.records(tiny).values()).size());
  }

  @Test
  void generate_ngoFiles_bomSemicolonCrlfAndContractHeader() {
    for (Path f : ReadBack.files(out, "ngo")) {
      byte[] b = ReadBack.bytes(f);
      assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {b[0], b[1], b[2]}, f.toString());
      String text = new String(b, StandardCharsets.UTF_8);
      assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1, "CRLF only: " + f);
      assertEquals(ReadBack.columns("ngo"), ReadBack.header(f, ';'));
    }
  }

  @Test
  void generate_policeFiles_noBomLfAndContractHeader() {
    for (Path f : ReadBack.files(out, "police")) {
      byte[] b = ReadBack.bytes(f);
      assertEquals('j', b[0]);
      assertFalse(new String(b, StandardCharsets.UTF_8).contains("\r"));
      assertEquals(ReadBack.columns("police"), ReadBack.header(f, ','));
    }
  }

  @Test
  void generate_disLines_onlyContractMembersAndNoNulls() throws IOException {
    Set<String> pointers = new TreeSet<>(ReadBack.columns("dis"));
    ObjectMapper m = new ObjectMapper();
    int lines = 0;
    for (Path f : ReadBack.files(out, "dis")) {
      String text = ReadBack.read(f);
      assertFalse(text.contains("\r"));
      assertFalse(text.startsWith("\uFEFF"));
      for (String line : text.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        lines++;
        JsonNode n = m.readTree(line);
        for (String pointer : leaves("", n)) {
          assertTrue(pointers.contains(pointer), pointer);
        }
        assertTrue(n.path("case_number").asText().matches("DIS-\\d{4}-\\d{6}"), line);
      }
    }
    assertTrue(lines > 0);
  }

  private static List<String> leaves(String prefix, JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isObject() && !prefix.equals("/documents")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertFalse(e.getValue().isNull(), prefix + "/" + e.getKey() + " is null");
        out.addAll(leaves(prefix + "/" + e.getKey(), e.getValue()));
      }
    } else {
      out.add(prefix);
    }
    return out;
  }

  @Test
  void generate_values_areContractCodesCountriesAndStrictDates() {
    for (String source : List.of("ngo", "police", "dis")) {
      SourceContract c = ReadBack.contract(source);
      var dates = ReadBack.dates(source);
      for (ReadBack.Row row : ReadBack.rows(out, source)) {
        for (SourceContract.ColumnSpec col : c.columns()) {
          String v = row.get(col.name());
          if (v.isEmpty()) {
            assertFalse(col.required(), source + " " + col.name() + " is required");
            continue;
          }
          switch (col.type()) {
            case "date" -> dates.parse(v);
            case "country" -> assertTrue(COUNTRIES.contains(v), source + " " + col.name() + "=" + v);
            case "integer" -> Integer.parseInt(v);
            case "code" -> {
              if (col.codes() != null) {
                assertTrue(col.codes().containsKey(v), source + " " + col.name() + "=" + v);
              }
            }
            case "code_list" -> {
              for (String code : v.split("\\|")) {
                assertTrue(col.codes() == null ? !code.isEmpty() : col.codes().containsKey(code),
                    source + " " + col.name() + "=" + code);
              }
            }
            default -> assertFalse(v.isBlank());
          }
        }
      }
    }
  }

  @Test
  void generate_policeRecordIds_caseNumberPlusPersonSuffix() {
    for (ReadBack.Row r : ReadBack.rows(out, "police")) {
      assertTrue(r.get("journalnummer").matches("\\d{4}-84120-\\d{5}-\\d{2}-P\\d+"), r.get("journalnummer"));
      assertTrue(List.of("KBH", "FYN", "OJY", "NSJ", "SJY", "NCP").contains(r.get("kreds")));
      if (r.get("paragraf").equals("262B")) {
        assertFalse(LocalDate.parse(r.get("anmeldelsesdato")).isBefore(LocalDate.of(2022, 6, 1)));
      }
    }
  }

  @Test
  void generate_existingOutput_replacedWhenGeneratedElseRefusedUnlessOverwrite() throws java.io.IOException {
    Path again = dir.resolve("again");
    Generator.generate(options(again, 20, 1));
    GeneratorSummary s = Generator.generate(options(again, 30, 1));
    assertEquals(30, ReadBack.persons(again).size(), "its own earlier output is replaced");
    assertEquals(30, s.persons());

    Path real = dir.resolve("real");
    java.nio.file.Files.createDirectories(real.resolve("landing/ngo/2026-01-01"));
    java.nio.file.Files.writeString(real.resolve("landing/ngo/2026-01-01/x.csv"), "deliveries\n");
    PipelineException e = assertThrows(PipelineException.class, () -> Generator.generate(options(real, 20, 1)));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(java.nio.file.Files.exists(real.resolve("landing/ngo/2026-01-01/x.csv")), "never deleted unasked");
    Generator.generate(GeneratorOptions.builder().persons(20).seed(1).out(real).overwrite(true).build());
    assertEquals(20, ReadBack.persons(real).size());
  }

  @Test
  void summary_lines_nameEverySourceAndCounts() {
    List<String> lines = summary.lines();

    assertEquals("persons: 300 (victim side " + summary.victimSide() + ", suspects " + summary.suspects()
        + "; registered victims: identified " + summary.identified() + ", presumed " + summary.presumed() + ")",
        lines.get(0));
    assertEquals("deliveries: 2026-04-30, 2026-07-31, 2026-10-31", lines.get(1));
    assertTrue(lines.get(2).startsWith("ngo: 12 files, " + summary.records("ngo") + " records"));
    assertTrue(lines.get(3).startsWith("police: 3 files, "));
    assertTrue(lines.get(4).startsWith("dis: 3 files, "));
    assertEquals(ReadBack.truth(out, "records.csv").size(),
        summary.records("ngo") + summary.records("police") + summary.records("dis"));
    assertEquals(String.join("\n", lines), summary.toString());
  }
}
