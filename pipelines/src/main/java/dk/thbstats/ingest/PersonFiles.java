package dk.thbstats.ingest;

import static dk.thbstats.core.SparkRows.array;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Staged;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Reads arbitrary person files for {@code thb link} with a mapping file into staged rows (the
 * same cleartext rows the nightly job pseudonymises). A value that cannot be parsed counts as
 * missing; a field the mapping lacks is missing. The source of a record is its file's name
 * without extension.
 *
 * <p>Mapping: {@code delimiter}, {@code header}, {@code trim}, {@code record_id} (a column) and
 * {@code fields}: each canonical field names a column, a list of columns (joined with a space),
 * or null. Fields: given_name, family_name, full_name, birth_date (+ birth_date_format),
 * birth_year, birth_month, birth_day, sex, citizenship, document_number, document_country,
 * document_type, street, postcode, locality, phone, email. Without a header, columns are c1, c2, ...
 */
public final class PersonFiles {
  private PersonFiles() {}

  /** The mapping file. */
  public record Mapping(String delimiter, boolean header, boolean trim, String recordId, Map<String, Object> fields,
      String birthDateFormat) implements java.io.Serializable {

    /** Reads and checks a mapping file, reporting every problem at once. */
    public static Mapping read(Path file) {
      JsonNode root;
      try {
        root = Json.data().readTree(file.toFile());
      } catch (IOException e) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "cannot read mapping file " + file + " as JSON");
      }
      List<String> problems = new ArrayList<>();
      String delimiter = root.path("delimiter").asText(",");
      if (delimiter.isEmpty()) {
        problems.add("delimiter must not be empty");
      }
      String recordId = root.path("record_id").isTextual() ? root.path("record_id").asText() : null;
      if (recordId == null) {
        problems.add("record_id must name a column");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      JsonNode f = root.path("fields");
      Iterator<Map.Entry<String, JsonNode>> it = f.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!KNOWN.contains(e.getKey())) {
          problems.add("unknown field '" + e.getKey() + "' (known: " + String.join(", ", KNOWN) + ")");
        } else if (e.getValue().isTextual()) {
          fields.put(e.getKey(), e.getValue().asText());
        } else if (e.getValue().isArray()) {
          List<String> cols = new ArrayList<>();
          e.getValue().forEach(c -> cols.add(c.asText()));
          fields.put(e.getKey(), cols);
        } else if (!e.getValue().isNull()) {
          problems.add("field '" + e.getKey() + "' must be a column name, a list of names or null");
        }
      }
      String format = fields.containsKey("birth_date_format") ? (String) fields.remove("birth_date_format") : null;
      if (format == null && root.hasNonNull("birth_date_format")) {
        format = root.path("birth_date_format").asText();
      }
      if (fields.containsKey("birth_date") && format == null) {
        format = "uuuu-MM-dd";
      }
      if (format != null) {
        try {
          DateTimeFormatter.ofPattern(format.replace("yyyy", "uuuu"));
        } catch (IllegalArgumentException e) {
          problems.add("birth_date_format '" + format + "' is not a date pattern");
        }
      }
      if (!problems.isEmpty()) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "mapping file " + file + ": " + String.join("; ", problems));
      }
      return new Mapping(delimiter, !root.has("header") || root.path("header").asBoolean(true),
          !root.has("trim") || root.path("trim").asBoolean(true), recordId, fields, format);
    }
  }

  static final List<String> KNOWN = List.of("given_name", "family_name", "full_name", "birth_date",
      "birth_date_format", "birth_year", "birth_month", "birth_day", "sex", "citizenship", "document_number",
      "document_country", "document_type", "street", "postcode", "locality", "phone", "email");

  /** The source name of a file: its name without extension. */
  public static String sourceOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Reads one file into staged rows (cleartext; the caller pseudonymises them right away). */
  public static List<Row> read(Path file, Mapping mapping) {
    StructType schema = Staged.contract().schema();
    String source = sourceOf(file);
    DateTimeFormatter dates = mapping.birthDateFormat() == null ? null
        : DateTimeFormatter.ofPattern(mapping.birthDateFormat().replace("yyyy", "uuuu"), Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setDelimiter(mapping.delimiter())
        .setIgnoreSurroundingSpaces(mapping.trim())
        .setTrim(mapping.trim())
        .setIgnoreEmptyLines(true)
        .get();
    List<Row> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      Map<String, Integer> index = new LinkedHashMap<>();
      Iterator<CSVRecord> it = parser.iterator();
      if (mapping.header() && it.hasNext()) {
        CSVRecord h = it.next();
        for (int i = 0; i < h.size(); i++) {
          index.put(h.get(i).trim().replace("\uFEFF", ""), i);
        }
      }
      long line = mapping.header() ? 1 : 0;
      while (it.hasNext()) {
        CSVRecord rec = it.next();
        line++;
        if (!mapping.header() && index.isEmpty()) {
          for (int i = 0; i < rec.size(); i++) {
            index.put("c" + (i + 1), i);
          }
        }
        String recordId = value(rec, index, List.of(mapping.recordId()));
        if (recordId == null) {
          continue;
        }
        rows.add(toStaged(schema, source, file.getFileName().toString(), (int) line, recordId, rec, index, mapping, dates));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof PipelineException p) {
        throw p;
      }
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + file + " as delimited text ("
          + e.getClass().getSimpleName() + ")");
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static List<String> columns(Object spec) {
    if (spec == null) {
      return List.of();
    }
    return spec instanceof List<?> l ? (List<String>) l : List.of((String) spec);
  }

  private static String value(CSVRecord rec, Map<String, Integer> index, List<String> cols) {
    List<String> parts = new ArrayList<>();
    for (String c : cols) {
      Integer i = index.get(c);
      if (i != null && i < rec.size()) {
        String v = rec.get(i).trim();
        if (!v.isEmpty() && !v.equalsIgnoreCase("NA")) {
          parts.add(v);
        }
      }
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private static Integer integer(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Row toStaged(StructType schema, String source, String fileName, int line, String recordId,
      CSVRecord rec, Map<String, Integer> index, Mapping m, DateTimeFormatter dates) {
    java.util.function.Function<String, String> f = field -> value(rec, index, columns(m.fields().get(field)));
    LocalDate birth = null;
    String raw = f.apply("birth_date");
    if (raw != null && dates != null) {
      try {
        birth = LocalDate.parse(raw, dates);
      } catch (DateTimeParseException e) {
        birth = null;
      }
    }
    Integer year = integer(f.apply("birth_year"));
    Integer month = integer(f.apply("birth_month"));
    Integer day = integer(f.apply("birth_day"));
    if (birth == null && year != null && month != null && day != null) {
      try {
        birth = LocalDate.of(year, month, day);
      } catch (DateTimeException e) {
        birth = null;
      }
    }
    String precision = null;
    if (birth != null) {
      precision = birth.getDayOfMonth() == 1 && birth.getMonthValue() == 1 ? "placeholder_jan1" : "exact";
      year = birth.getYear();
    } else if (year != null) {
      precision = "year_only";
    }
    String sex = f.apply("sex");
    String sexCode = "U";
    if (sex != null) {
      String s = sex.trim().toUpperCase(Locale.ROOT);
      sexCode = s.startsWith("F") || s.startsWith("K") || s.startsWith("W") ? "F" : s.startsWith("M") ? "M" : "U";
    }
    String citizenship = f.apply("citizenship");
    if (citizenship != null && !citizenship.matches("[A-Za-z]{2}")) {
      citizenship = null;
    }
    List<Row> documents = new ArrayList<>();
    String number = f.apply("document_number");
    if (number != null) {
      String country = f.apply("document_country");
      String type = f.apply("document_type");
      documents.add(RowFactory.create(type == null ? "P" : type.toUpperCase(Locale.ROOT),
          country == null ? null : country.toUpperCase(Locale.ROOT), number));
    }
    Object[] out = new Object[schema.size()];
    java.util.function.BiConsumer<String, Object> set = (c, v) -> out[schema.fieldIndex(c)] = v;
    set.accept(Staged.SOURCE, source);
    set.accept(Staged.SOURCE_ORG, source);
    set.accept(Staged.ROLE, "VICTIM");
    set.accept(Staged.DELIVERY_DATE, LocalDate.EPOCH);
    set.accept(Staged.SOURCE_FILE, fileName);
    set.accept(Staged.SOURCE_LINE, line);
    set.accept(Staged.RECORD_ID, recordId);
    set.accept(Staged.GIVEN_NAME, f.apply("given_name"));
    set.accept(Staged.FAMILY_NAME, f.apply("family_name"));
    set.accept(Staged.FULL_NAME, f.apply("full_name"));
    set.accept(Staged.ALIASES, array(new ArrayList<String>()));
    set.accept(Staged.BIRTH_DATE, birth);
    set.accept(Staged.BIRTH_DATE_PRECISION, precision);
    set.accept(Staged.BIRTH_YEAR, year);
    set.accept(Staged.SEX, sexCode);
    set.accept(Staged.CITIZENSHIP, citizenship == null ? null : citizenship.toUpperCase(Locale.ROOT));
    set.accept(Staged.DOCUMENTS, array(documents));
    set.accept(Staged.STREET, f.apply("street"));
    set.accept(Staged.POSTCODE, f.apply("postcode"));
    set.accept(Staged.LOCALITY, f.apply("locality"));
    set.accept(Staged.CONTACTS, array(Contacts.normalised(f.apply("phone"), f.apply("email"))));
    set.accept(Staged.EXPLOITATION_FORMS, array(new ArrayList<String>()));
    set.accept(Staged.EVENTS, array(new ArrayList<Row>()));
    set.accept(Staged.PROBLEMS, array(new ArrayList<Row>()));
    set.accept(Staged.WARNINGS, array(new ArrayList<String>()));
    return RowFactory.create(out);
  }
}
