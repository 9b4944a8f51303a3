package dk.thbstats.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The leak check: decodes every file a run wrote (Parquet data with its footer and column
 * statistics, Avro manifests, and every other file as text) and searches it, case-insensitively,
 * for every value of five or more characters from any input column that holds a name, alias,
 * CPR, document number, phone, address, e-mail or birth date, and for every CPR-shaped string.
 */
public final class LeakScanner {
  /** The identifier kinds whose values must never appear. */
  public static final Set<String> KINDS =
      Set.of("name", "alias", "cpr", "document_number", "phone", "address", "email", "birth_date");

  /** A CPR-shaped string: a valid DDMMYY (day + 60 allowed), optional hyphen, four digits. */
  public static final Pattern CPR = Pattern.compile(
      "(?<![0-9A-Za-z])(0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}(?![0-9A-Za-z])");

  private final Map<String, List<String>> byPrefix = new HashMap<>();
  private int valueCount;

  /** Collects the sensitive values of every file under {@code landing}. */
  public LeakScanner(Path landing) {
    Map<Source, SourceContract> contracts = Contracts.loadAll(CodeLists.load());
    Set<String> values = new TreeSet<>();
    try (Stream<Path> files = Files.walk(landing)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = landing.relativize(f).toString().replace('\\', '/');
        if (rel.indexOf('/') < 0) {
          continue; // the landing's own files (the synthetic mark), not a delivery
        }
        Source source = Source.fromFolder(rel.substring(0, rel.indexOf('/')));
        SourceContract c = contracts.get(source);
        if (c.isJsonLines()) {
          ObjectMapper m = new ObjectMapper();
          String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
          for (String line : text.split("\n")) {
            if (line.isBlank()) {
              continue;
            }
            JsonNode n;
            try {
              n = m.readTree(line);
            } catch (IOException malformed) {
              continue; // a broken delivery line (the corpus has some): nothing to collect from it
            }
            if (n == null || !n.isObject()) {
              continue;
            }
            for (SourceContract.ColumnSpec col : c.columns()) {
              if (col.isIdentifier() && KINDS.contains(col.identifier())) {
                collect(n.at(col.name()), col.identifier(), values);
              }
            }
          }
        } else {
          byte[] bytes = Files.readAllBytes(f);
          String text = new String(bytes, StandardCharsets.UTF_8);
          if (text.contains("\uFFFD")) {
            text = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
          }
          if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
          }
          try (Reader r = new StringReader(text);
              CSVParser p = CSVFormat.DEFAULT.builder().setDelimiter(c.csv().delimiter().charAt(0)).setHeader()
                  .setSkipHeaderRecord(true).setAllowDuplicateHeaderNames(true).get().parse(r)) {
            for (CSVRecord rec : p) {
              for (SourceContract.ColumnSpec col : c.columns()) {
                if (col.isIdentifier() && KINDS.contains(col.identifier()) && rec.isMapped(col.name())
                    && rec.isSet(col.name())) {
                  add(rec.get(col.name()), col.identifier(), values);
                }
              }
            }
          } catch (RuntimeException | IOException broken) {
            // a file that is not CSV at all (binary, wrong delimiter): values read up to here count
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The words that stand for "unknown" are not identifiers (the rules and reports name them).
    for (SourceContract c : contracts.values()) {
      if (c.rules() != null) {
        c.rules().stream().filter(r -> r.values() != null).forEach(r -> r.values().forEach(w -> values.remove(w)));
      }
    }
    for (String v : values) {
      byPrefix.computeIfAbsent(v.substring(0, 5), k -> new ArrayList<>()).add(v);
    }
    valueCount = values.size();
  }

  private static void collect(JsonNode n, String kind, Set<String> values) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return;
    }
    if (n.isValueNode()) {
      add(n.asText(), kind, values);
    } else {
      n.forEach(child -> collect(child, kind, values));
    }
  }

  private static void add(String v, String kind, Set<String> values) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.length() >= 5) {
      values.add(s);
    }
    // The forms pseudonymisation derives before keying must not appear either: a name's
    // normalised tokens (transliterated, diacritics and case folded) and a normalised phone number.
    if ("name".equals(kind) || "alias".equals(kind)) {
      // Several tokens, or one long one: a short single word ("balan" from "Bălan") also occurs
      // inside ordinary words of reports ("unbalanced").
      String normalised = String.join(" ", dk.thbstats.pseudonymise.Names.tokens(v));
      if (normalised.length() >= 5 && (normalised.contains(" ") || normalised.length() >= 8)) {
        values.add(normalised);
      }
    }
    String phone = "phone".equals(kind) ? dk.thbstats.ingest.Contacts.phone(v) : null;
    if (phone != null) {
      values.add(phone);
    }
  }

  /** How many distinct sensitive values are searched for. */
  public int valueCount() {
    return valueCount;
  }

  /** Findings ("file: what") for every file under the given roots and the given extra texts. */
  public List<String> scan(SparkSession spark, List<Path> roots, Map<String, String> texts) {
    List<String> findings = new ArrayList<>();
    for (Map.Entry<String, String> t : texts.entrySet()) {
      search(t.getKey(), t.getValue(), findings);
    }
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = f.getFileName().toString();
          String where = f.toString();
          if (name.endsWith(".parquet")) {
            search(where + " (rows)", parquetRows(spark, f), findings);
            search(where + " (footer)", parquetFooter(f), findings);
          } else if (name.endsWith(".avro")) {
            search(where + " (records)", avro(f), findings);
          }
          byte[] bytes = Files.readAllBytes(f);
          search(where + " (utf-8)", new String(bytes, StandardCharsets.UTF_8), findings);
          searchValuesOnly(where + " (bytes)", new String(bytes, StandardCharsets.ISO_8859_1), findings);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return findings;
  }

  /** How many files {@link #scan} decodes under the roots. */
  public static long fileCount(List<Path> roots) {
    long n = 0;
    for (Path root : roots) {
      if (Files.exists(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          n += files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return n;
  }

  private void search(String where, String text, List<String> findings) {
    searchValuesOnly(where, text, findings);
    Matcher m = CPR.matcher(text);
    if (m.find()) {
      findings.add(where + ": CPR-shaped string " + m.group());
    }
  }

  /**
   * A keyed token: a run of 16 or more hex digits with at least one letter, optionally after the
   * person key's {@code P}. Hash output holds no input value, but it spells one by chance: the
   * person key {@code P} + {@code eace…} read as the name "Peace" (case-insensitively) in one run
   * in about 150 (4 hex digits, 400 persons).
   */
  static final Pattern TOKEN = Pattern.compile("p?(?=[0-9a-f]*[a-f])[0-9a-f]{16,}");

  private void searchValuesOnly(String where, String text, List<String> findings) {
    String lower = TOKEN.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(t -> " ".repeat(t.group().length()));
    for (int i = 0; i + 5 <= lower.length(); i++) {
      List<String> candidates = byPrefix.get(lower.substring(i, i + 5));
      if (candidates == null) {
        continue;
      }
      for (String v : candidates) {
        if (lower.startsWith(v, i)) {
          findings.add(where + ": input value '" + v + "'");
          return;
        }
      }
    }
  }

  /**
   * The rows as text, floating-point columns left out: a probability's decimal expansion holds
   * eight-digit runs by chance (0.99834421… matched a phone number), and an identifier stored as a
   * double would print as 8.3442137E7, which no search finds anyway.
   */
  private static String parquetRows(SparkSession spark, Path f) {
    StringBuilder b = new StringBuilder();
    org.apache.spark.sql.Dataset<Row> rows = spark.read().parquet(f.toUri().toString());
    String[] kept = java.util.Arrays.stream(rows.schema().fields())
        .filter(c -> !(c.dataType() instanceof org.apache.spark.sql.types.DoubleType
            || c.dataType() instanceof org.apache.spark.sql.types.FloatType))
        .map(c -> "`" + c.name() + "`").toArray(String[]::new);
    if (kept.length == 0) {
      return "";
    }
    for (Row r : rows.selectExpr(kept).collectAsList()) {
      b.append(r).append('\n');
    }
    return b.toString();
  }

  private static String parquetFooter(Path f) throws IOException {
    StringBuilder b = new StringBuilder();
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
      ParquetMetadata meta = reader.getFooter();
      b.append(meta.getFileMetaData().getKeyValueMetaData()).append('\n');
      for (BlockMetaData block : meta.getBlocks()) {
        for (ColumnChunkMetaData col : block.getColumns()) {
          boolean floating = col.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
              || col.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT;
          if (!floating && col.getStatistics() != null && col.getStatistics().hasNonNullValue()) {
            b.append(col.getPath()).append(' ')
                .append(col.getStatistics().minAsString()).append(' ')
                .append(col.getStatistics().maxAsString()).append('\n');
          }
        }
      }
    }
    return b.toString();
  }

  private static String avro(Path f) throws IOException {
    StringBuilder b = new StringBuilder();
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
      for (GenericRecord r : reader) {
        b.append(r).append('\n');
      }
    }
    return b.toString();
  }
}
