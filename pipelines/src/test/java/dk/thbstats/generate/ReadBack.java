package dk.thbstats.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.schema.Schemas;
import dk.thbstats.schema.SourceContract;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a generated directory back, independently of the generator: landing files as rows
 * (column name or JSON pointer to text) per source and delivery, and the truth files.
 */
final class ReadBack {
  private ReadBack() {}

  /** One delivered row: its source, delivery date, file and values by column name / pointer. */
  record Row(String source, LocalDate delivery, Path file, Map<String, String> values) {
    String get(String column) {
      String v = values.get(column);
      return v == null ? "" : v;
    }
  }

  private static final Map<String, SourceContract> CONTRACTS = new ConcurrentHashMap<>();
  private static final Map<String, List<Row>> ROWS = new ConcurrentHashMap<>();

  /** The contract of a source, from the class path (the build packages {@code schemas/}). */
  static SourceContract contract(String source) {
    return CONTRACTS.computeIfAbsent(source, s -> Schemas.read("sources/" + s + ".v1.json", SourceContract.class));
  }

  /** Contract column names in order. */
  static List<String> columns(String source) {
    return contract(source).columns().stream().map(SourceContract.ColumnSpec::name).toList();
  }

  /** A strict parser for the contract's date format. */
  static DateTimeFormatter dates(String source) {
    return DateTimeFormatter.ofPattern(contract(source).dateFormat(), Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /** Every file under {@code landing/<source>/}, sorted by path. */
  static List<Path> files(Path out, String source) {
    Path dir = out.resolve("landing").resolve(source);
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row of a source, deliveries ascending, files and rows in order (read once per directory). */
  static List<Row> rows(Path out, String source) {
    return ROWS.computeIfAbsent(out.toAbsolutePath() + "|" + source, k -> readRows(out, source));
  }

  private static List<Row> readRows(Path out, String source) {
    List<Row> rows = new ArrayList<>();
    for (Path file : files(out, source)) {
      LocalDate delivery = LocalDate.parse(file.getParent().getFileName().toString());
      if (file.toString().endsWith(".jsonl")) {
        for (Map<String, String> v : jsonLines(file)) {
          rows.add(new Row(source, delivery, file, v));
        }
      } else {
        for (Map<String, String> v : csv(file, contract(source).csv().delimiter().charAt(0))) {
          rows.add(new Row(source, delivery, file, v));
        }
      }
    }
    return List.copyOf(rows);
  }

  /** The record id column of a source. */
  static String idColumn(String source) {
    return contract(source).columns().get(0).name();
  }

  /** The final version of every record: the row in the latest delivery that holds it. */
  static Map<String, Row> finalVersions(Path out, String source) {
    Map<String, Row> last = new TreeMap<>();
    for (Row r : rows(out, source)) {
      last.put(r.get(idColumn(source)), r);
    }
    return last;
  }

  /** Rows of a CSV file (a leading BOM is skipped) by header name. */
  static List<Map<String, String>> csv(Path file, char delimiter) {
    String text = read(file);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    try (Reader in = new StringReader(text);
        CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT.builder()
            .setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get()).get()) {
      for (CSVRecord rec : p) {
        rows.add(new LinkedHashMap<>(rec.toMap()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Header names of a CSV file, BOM skipped. */
  static List<String> header(Path file, char delimiter) {
    String text = read(file);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String first = text.lines().findFirst().orElse("");
    return List.of(first.split(String.valueOf(delimiter), -1));
  }

  /** JSON lines flattened to pointer → text; arrays of strings joined by '|', documents as type:country:number. */
  static List<Map<String, String>> jsonLines(Path file) {
    ObjectMapper m = new ObjectMapper();
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : read(file).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", m.readTree(line), flat);
        rows.add(flat);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (prefix.equals("/documents")) {
          continue;
        }
        flatten(prefix + "/" + e.getKey(), e.getValue(), flat);
      }
    } else if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode n : node) {
        parts.add(n.isObject()
            ? n.path("type").asText() + ":" + n.path("country").asText("") + ":" + n.path("number").asText()
            : n.asText());
      }
      flat.put(prefix, String.join("|", parts));
    } else if (!node.isNull()) {
      flat.put(prefix, node.asText());
    }
  }

  /** Rows of a truth CSV by header name. */
  static List<Map<String, String>> truth(Path out, String file) {
    return csv(out.resolve("truth").resolve(file), ',');
  }

  /** The truth rows of persons.csv by person id. */
  static Map<String, Map<String, String>> persons(Path out) {
    Map<String, Map<String, String>> byId = new TreeMap<>();
    for (Map<String, String> p : truth(out, "persons.csv")) {
      byId.put(p.get("person_id"), p);
    }
    return byId;
  }

  /** The truth mapping "source/record_id" → person id. */
  static Map<String, String> records(Path out) {
    Map<String, String> map = new TreeMap<>();
    for (Map<String, String> r : truth(out, "records.csv")) {
      map.put(r.get("source") + "/" + r.get("record_id"), r.get("person_id"));
    }
    return map;
  }

  /** A file's text, UTF-8. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file's bytes. */
  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
