package dk.thbstats.ingest;

import static dk.thbstats.core.SparkRows.array;

import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.ColumnSpec;
import dk.thbstats.schema.Typed;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a delivered row into the typed row of its source ({@link Typed#schema}): every column to
 * its contract type, codes to canonical codes. A value that cannot be read is a problem naming the
 * rule and the delivered column (never the value) and becomes null — the row is then quarantined,
 * so a bad non-empty value never turns into an accepted null. Strict dates: {@code 31-02-2024} is
 * an error, never 29 February.
 *
 * <p>Type rules: {@code column_count}, {@code value_shape}, {@code date_format},
 * {@code integer_format}, {@code code_value}, {@code country_code}. Every other rule is data in the
 * contract and runs in {@code validate}.
 */
final class TypedReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SourceContract contract;
  private final CodeLists codeLists;
  private final StructType schema;
  private transient DateTimeFormatter dates;

  TypedReader(SourceContract contract, CodeLists codeLists) {
    this.contract = contract;
    this.codeLists = codeLists;
    this.schema = Typed.schema(contract);
  }

  /** A problem: rule, delivered column, message (no values). */
  record Problem(String rule, String column, String message) {
    Row toRow() {
      return RowFactory.create(rule, column, message);
    }
  }

  Row read(RawRow raw, DeliveryFile file) {
    if (dates == null) {
      dates = DateTimeFormatter.ofPattern(contract.dateFormat(), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }
    List<Problem> problems = new ArrayList<>();
    for (String p : raw.structureProblems()) {
      problems.add(new Problem("column_count", null, p));
    }
    Object[] out = new Object[schema.size()];
    out[schema.fieldIndex(Typed.SOURCE)] = file.source();
    out[schema.fieldIndex(Typed.FILE)] = file.path();
    out[schema.fieldIndex(Typed.LINE)] = raw.line();
    out[schema.fieldIndex(Typed.DELIVERY_DATE)] = file.deliveryDate();
    for (ColumnSpec col : contract.columns()) {
      Object v;
      try {
        v = read(raw, col, problems);
      } catch (RawRow.WrongShape e) {
        problems.add(new Problem("value_shape", col.name(), e.getMessage()));
        v = null;
      }
      if (v instanceof List<?> list) {
        v = array(new ArrayList<>(list));
      }
      out[schema.fieldIndex(col.field())] = v;
    }
    List<Row> problemRows = new ArrayList<>();
    for (Problem p : problems) {
      problemRows.add(p.toRow());
    }
    out[schema.fieldIndex(Typed.PROBLEMS)] = array(problemRows);
    out[schema.fieldIndex(Typed.WARNINGS)] = array(new ArrayList<String>());
    return RowFactory.create(out);
  }

  private Object read(RawRow raw, ColumnSpec col, List<Problem> problems) {
    switch (col.type()) {
      case "date": {
        String v = raw.text(col);
        if (v == null) {
          return null;
        }
        try {
          return LocalDate.parse(v, dates);
        } catch (DateTimeParseException e) {
          problems.add(new Problem("date_format", col.name(), "not a valid date in the format " + contract.dateFormat()));
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
      case "document_list": {
        Map<String, String> item = col.item() == null
            ? Map.of("type", "type", "country", "country", "number", "number") : col.item();
        List<Row> docs = new ArrayList<>();
        for (Map<String, String> d : raw.objects(col)) {
          String type = d.get(item.get("type"));
          String country = d.get(item.get("country"));
          String number = d.get(item.get("number"));
          if (type == null && country == null && number == null) {
            continue;
          }
          docs.add(RowFactory.create(checkCode(type, "document_type", col.name(), problems),
              checkCountry(country, col.name(), problems), number));
        }
        return docs;
      }
      default:
        return raw.text(col);
    }
  }

  private String mapCode(String value, ColumnSpec col, List<Problem> problems) {
    if (value == null) {
      return null;
    }
    if (col.codes() != null) {
      String mapped = col.codes().get(value);
      if (mapped == null) {
        for (Map.Entry<String, String> e : col.codes().entrySet()) {
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
