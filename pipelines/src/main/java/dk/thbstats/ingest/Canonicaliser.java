package dk.thbstats.ingest;

import static dk.thbstats.core.SparkRows.seq;

import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.ColumnSpec;
import dk.thbstats.schema.SourceContract.EventSpec;
import dk.thbstats.schema.Staged;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Maps a delivered row to the canonical staged row its contract describes: typed values (strict
 * dates: {@code 31-02-2024} is an error, never 29 February), codes mapped to canonical codes,
 * events built from the contract's event rules, birth-date precision derived. Every value that
 * cannot be read becomes a problem naming the rule and the column (never the value), and the row
 * is then quarantined downstream: a bad non-empty value never turns into an accepted null.
 */
final class Canonicaliser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SourceContract contract;
  private final CodeLists codeLists;
  private final StructType schema;
  private final String dateFormat;
  private transient DateTimeFormatter dates;

  /** Words and fillers that stand for "unknown"; the contracts require an empty cell instead. */
  private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of(
      "ukendt", "unknown", "n/a", "na", "none", "null", "nil", "ingen", "-", "--", "?", "??", "x", "xx", "xxx");
  private static final java.util.regex.Pattern ONE_CHAR_REPEATED = java.util.regex.Pattern.compile("(.)\\1{3,}");
  /** The earliest plausible date of birth or event. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  /** The plausible range of an estimated age in whole years. */
  static final int MAX_AGE = 110;

  Canonicaliser(SourceContract contract, CodeLists codeLists, StructType stagedSchema) {
    this.contract = contract;
    this.codeLists = codeLists;
    this.schema = stagedSchema;
    this.dateFormat = contract.dateFormat();
  }

  /** A problem found in a row: rule, delivered column, message (no values). */
  record Problem(String rule, String column, String message) {
    Row toRow() {
      return RowFactory.create(rule, column, message);
    }
  }

  Row toStaged(RawRow raw, DeliveryFile file) {
    if (dates == null) {
      dates = DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }
    List<Problem> problems = new ArrayList<>();
    for (String p : raw.structureProblems()) {
      problems.add(new Problem("column_count", null, p));
    }
    Map<String, Object> values = new HashMap<>();
    Map<String, ColumnSpec> columnOf = new HashMap<>();
    for (ColumnSpec col : contract.columns()) {
      columnOf.put(col.field(), col);
      try {
        Object v = read(raw, col, dates, problems);
        if (v != null) {
          values.put(col.field(), v);
        } else if (col.required()) {
          problems.add(new Problem("required", col.name(), "a value is required"));
        }
      } catch (RawRow.WrongShape e) {
        problems.add(new Problem("value_shape", col.name(), e.getMessage()));
      }
    }

    for (ColumnSpec col : contract.columns()) {
      Object v = values.get(col.field());
      if (col.isIdentifier() && v instanceof String text && isPlaceholder(text)) {
        problems.add(new Problem("placeholder_value", col.name(),
            "a word or filler for 'unknown'; leave the cell empty instead"));
        values.remove(col.field());
      }
      if (v instanceof LocalDate d && (d.isBefore(EARLIEST) || d.isAfter(file.deliveryDate()))) {
        problems.add(new Problem(d.isAfter(file.deliveryDate()) ? "date_after_delivery" : "date_range", col.name(),
            d.isAfter(file.deliveryDate()) ? "the date is after the delivery date" : "the date is before 1900"));
      }
    }
    if (values.get("estimated_age") instanceof Integer age && (age < 0 || age > MAX_AGE)) {
      problems.add(new Problem("age_range", columnOf.get("estimated_age").name(), "an age must be 0 to " + MAX_AGE));
      values.remove("estimated_age");
    }
    if (values.get("source_org") == null && contract.defaultFor("source_org") != null) {
      values.put("source_org", contract.defaultFor("source_org"));
    }
    if (values.get("cpr") != null) {
      String cpr = Cpr.normalise((String) values.get("cpr"));
      if (cpr == null || Cpr.birthDate(cpr) == null) {
        problems.add(new Problem("cpr_format", columnOf.get("cpr").name(), "not a CPR number DDMMYY-SSSS with a valid date"));
        values.remove("cpr");
      } else {
        values.put("cpr", cpr);
      }
    }

    String role = (String) values.getOrDefault("role", contract.defaultRole());
    String offence = (String) values.get("offence");

    List<Row> events = new ArrayList<>();
    if (contract.events() != null) {
      for (EventSpec e : contract.events()) {
        if (e.whenRole() != null && !e.whenRole().equals(role)) {
          continue;
        }
        String type = e.type() != null ? e.type() : (String) values.get(e.typeFrom());
        LocalDate date = (LocalDate) values.get(e.date());
        if (type == null) {
          continue;
        }
        if (date == null) {
          if (e.typeFrom() != null) {
            ColumnSpec dc = columnOf.get(e.date());
            if (!hasProblem(problems, dc)) {
              problems.add(new Problem("event_date_missing", dc == null ? null : dc.name(),
                  "'" + columnOf.get(e.typeFrom()).name() + "' is given but its date is empty"));
            }
          }
          continue;
        }
        String authority = e.authority() != null ? e.authority()
            : e.authorityFrom() != null ? (String) values.get(e.authorityFrom()) : null;
        events.add(RowFactory.create(type, date, authority, e.withOffence() ? offence : null));
      }
    }

    // Birth date, precision and year: the date as given; else from a CPR number; else an estimate.
    LocalDate birthDate = (LocalDate) values.get("birth_date");
    String cpr = (String) values.get("cpr");
    if (birthDate == null && cpr != null) {
      birthDate = Cpr.birthDate(cpr);
    }
    String precision = null;
    Integer birthYear = null;
    if (birthDate != null) {
      precision = birthDate.getDayOfMonth() == 1 && birthDate.getMonthValue() == 1 ? "placeholder_jan1" : "exact";
      birthYear = birthDate.getYear();
    } else if (values.get("estimated_age") != null) {
      LocalDate ref = file.deliveryDate();
      for (Row ev : events) {
        LocalDate d = (LocalDate) ev.get(1);
        if (d.isBefore(ref)) {
          ref = d;
        }
      }
      birthYear = ref.getYear() - (Integer) values.get("estimated_age");
      precision = "estimated";
    }

    if (birthDate != null) {
      for (Row ev : events) {
        if (((LocalDate) ev.get(1)).isBefore(birthDate)) {
          problems.add(new Problem("event_before_birth", columnOf.containsKey("birth_date")
              ? columnOf.get("birth_date").name() : null, "an event (" + ev.getString(0) + ") is dated before the birth"));
          break;
        }
      }
    }

    List<Row> documents = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, String>> docList = (List<Map<String, String>>) values.get("documents");
    if (docList != null) {
      ColumnSpec dc = columnOf.get("documents");
      Map<String, String> item = dc.item() == null ? Map.of("type", "type", "country", "country", "number", "number") : dc.item();
      for (Map<String, String> d : docList) {
        String type = d.get(item.get("type"));
        String country = d.get(item.get("country"));
        String number = d.get(item.get("number"));
        if (number == null) {
          continue;
        }
        if (isPlaceholder(number)) {
          problems.add(new Problem("placeholder_value", dc.name(),
              "a word or filler for 'unknown'; leave the document out instead"));
          continue;
        }
        type = checkCode(type, "document_type", dc.name(), problems);
        country = checkCountry(country, dc.name(), problems);
        documents.add(RowFactory.create(type, country, number));
      }
    }
    if (values.get("document_number") != null) {
      String type = (String) values.getOrDefault("document_type", contract.defaultFor("document_type"));
      documents.add(RowFactory.create(type, values.get("document_country"), values.get("document_number")));
    }

    List<String> aliases = new ArrayList<>();
    if (values.get("alias") != null) {
      aliases.add((String) values.get("alias"));
    }
    @SuppressWarnings("unchecked")
    List<String> aliasList = (List<String>) values.get("aliases");
    if (aliasList != null) {
      aliases.addAll(aliasList);
    }
    @SuppressWarnings("unchecked")
    List<String> forms = (List<String>) values.getOrDefault("exploitation_forms", List.of());

    Object[] out = new Object[schema.size()];
    set(out, Staged.SOURCE, file.source());
    set(out, Staged.SOURCE_ORG, values.get("source_org"));
    set(out, Staged.ROLE, role);
    set(out, Staged.DELIVERY_DATE, file.deliveryDate());
    set(out, Staged.SOURCE_FILE, file.path());
    set(out, Staged.SOURCE_LINE, raw.line());
    Object recordId = values.get("record_id");
    if (recordId != null && contract.recordIdPerOrganisation()) {
      recordId = values.get("source_org") == null ? null : values.get("source_org") + "/" + recordId;
    }
    set(out, Staged.RECORD_ID, recordId);
    set(out, Staged.GIVEN_NAME, values.get("given_name"));
    set(out, Staged.FAMILY_NAME, values.get("family_name"));
    set(out, Staged.FULL_NAME, values.get("full_name"));
    set(out, Staged.ALIASES, seq(aliases));
    set(out, Staged.BIRTH_DATE, birthDate);
    set(out, Staged.BIRTH_DATE_PRECISION, precision);
    set(out, Staged.BIRTH_YEAR, birthYear);
    set(out, Staged.SEX, values.getOrDefault("sex", "U"));
    set(out, Staged.CITIZENSHIP, values.get("citizenship"));
    set(out, Staged.CPR, cpr);
    set(out, Staged.DIS_CASE_NUMBER, values.get("dis_case_number"));
    set(out, Staged.DOCUMENTS, seq(documents));
    set(out, Staged.EXPLOITATION_FORMS, seq(new ArrayList<>(new TreeSet<>(forms))));
    set(out, Staged.SECTOR, values.get("sector"));
    set(out, Staged.OFFENCE, offence);
    set(out, Staged.EVENTS, seq(events));
    List<Row> problemRows = new ArrayList<>();
    for (Problem p : problems) {
      problemRows.add(p.toRow());
    }
    set(out, Staged.PROBLEMS, seq(problemRows));
    return RowFactory.create(out);
  }

  static boolean isPlaceholder(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return PLACEHOLDERS.contains(v) || ONE_CHAR_REPEATED.matcher(v.replaceAll("[\\s\\-]", "")).matches();
  }

  private static boolean hasProblem(List<Problem> problems, ColumnSpec col) {
    return col != null && problems.stream().anyMatch(p -> col.name().equals(p.column()));
  }

  private void set(Object[] out, String column, Object value) {
    out[schema.fieldIndex(column)] = value;
  }

  private Object read(RawRow raw, ColumnSpec col, DateTimeFormatter dates, List<Problem> problems) {
    switch (col.type()) {
      case "string":
        return raw.text(col);
      case "date": {
        String v = raw.text(col);
        if (v == null) {
          return null;
        }
        try {
          return LocalDate.parse(v, dates);
        } catch (DateTimeParseException e) {
          problems.add(new Problem("date_format", col.name(), "not a valid date in the format " + dateFormat));
          return null;
        }
      }
      case "integer": {
        String v = raw.text(col);
        if (v == null) {
          return null;
        }
        try {
          return Integer.valueOf(v);
        } catch (NumberFormatException e) {
          problems.add(new Problem("integer_format", col.name(), "not a whole number"));
          return null;
        }
      }
      case "code":
        return mapCode(raw.text(col), col, problems);
      case "code_list": {
        List<String> out = new ArrayList<>();
        for (String v : raw.texts(col)) {
          String c = mapCode(v, col, problems);
          if (c != null) {
            out.add(c);
          }
        }
        return out;
      }
      case "country":
        return checkCountry(raw.text(col), col.name(), problems);
      case "string_list":
        return raw.texts(col);
      case "document_list":
        return raw.objects(col);
      default:
        throw new DateTimeException("unreachable: type " + col.type());
    }
  }

  private String mapCode(String value, ColumnSpec col, List<Problem> problems) {
    if (value == null) {
      return null;
    }
    if (col.codes() != null) {
      String mapped = col.codes().get(value);
      if (mapped == null) {
        for (Map.Entry<String, String> e : new LinkedHashMap<>(col.codes()).entrySet()) {
          if (e.getKey().equalsIgnoreCase(value)) {
            mapped = e.getValue();
            break;
          }
        }
      }
      if (mapped == null) {
        problems.add(new Problem("code_value", col.name(), "not one of the contract's codes"));
      }
      return mapped;
    }
    return checkCode(value, col.codelist(), col.name(), problems);
  }

  private String checkCode(String value, String list, String column, List<Problem> problems) {
    if (value == null) {
      return null;
    }
    String v = value.toUpperCase(Locale.ROOT);
    if (!codeLists.codes(list).contains(v)) {
      problems.add(new Problem("code_value", column, "not a code of code list " + list));
      return null;
    }
    return v;
  }

  private String checkCountry(String value, String column, List<Problem> problems) {
    if (value == null) {
      return null;
    }
    String v = value.toUpperCase(Locale.ROOT);
    if (!codeLists.isCountry(v)) {
      problems.add(new Problem("country_code", column, "not an ISO 3166-1 alpha-2 country code"));
      return null;
    }
    return v;
  }
}
