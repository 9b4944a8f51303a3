package dk.thbstats.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A source contract as the generator uses it: records are built as maps from canonical field
 * ({@code given_name}, {@code assessment} …) to canonical values (codes such as {@code F},
 * {@code IDENTIFIED}, {@code SEX_PROSTITUTION}; {@link LocalDate}; lists), and this class turns
 * them into the delivered form: columns in contract order, source codes from the contract's
 * {@code codes} maps, dates in its date format, JSON pointers as nested objects. It also derives
 * a record's case events from the contract's {@code events} section, the way the pipeline does.
 */
final class ExportFormat {
  /** Coarser canonical code to use when a column cannot hold a code (e.g. police forms). */
  private static final Map<String, String> FALLBACK = Map.of(
      "SEX_PORNOGRAPHY", "SEX_OTHER",
      "SEX_OTHER", "OTHER",
      "DOMESTIC_SERVITUDE", "LABOUR",
      "SLAVERY_SERVITUDE", "OTHER",
      "FORCED_MARRIAGE", "OTHER",
      "ILLEGAL_ADOPTION", "OTHER",
      "SURROGACY", "OTHER",
      "BENEFIT_FRAUD", "OTHER",
      "ORGAN_REMOVAL", "OTHER");

  /** A case event of a record: canonical type, date and authority (may be null). */
  record Event(String type, LocalDate date, String authority) {}

  private final Source source;
  private final SourceContract contract;
  private final DateTimeFormatter dates;
  private final Map<LocalDate, String> formattedDates = new HashMap<>();
  private final Map<String, SourceContract.ColumnSpec> byField = new HashMap<>();
  private final Map<String, Map<String, String>> toSource = new HashMap<>();
  private final Map<String, Set<String>> allowed = new HashMap<>();

  private ExportFormat(Source source, SourceContract contract, CodeLists codeLists) {
    this.source = source;
    this.contract = contract;
    this.dates = DateTimeFormatter.ofPattern(contract.dateFormat(), Locale.ROOT);
    for (SourceContract.ColumnSpec col : contract.columns()) {
      byField.putIfAbsent(col.field(), col);
      if (col.codes() != null) {
        Map<String, String> reverse = new HashMap<>();
        col.codes().forEach((code, canonical) -> reverse.putIfAbsent(canonical, code));
        toSource.put(col.field(), reverse);
        allowed.put(col.field(), new LinkedHashSet<>(col.codes().values()));
      } else if (col.codelist() != null) {
        allowed.put(col.field(), codeLists.codes(col.codelist()));
      }
    }
  }

  /** The validated contract of a source. */
  static ExportFormat load(Source source, CodeLists codeLists) {
    return new ExportFormat(source, Contracts.load(source, codeLists), codeLists);
  }

  SourceContract contract() {
    return contract;
  }

  /** Whether the contract has a column for {@code field}. */
  boolean has(String field) {
    return byField.containsKey(field);
  }

  /** The CSV header: column names in contract order. */
  String[] header() {
    return contract.columns().stream().map(SourceContract.ColumnSpec::name).toArray(String[]::new);
  }

  /**
   * {@code canonical} if the column of {@code field} can hold it, else the nearest coarser code
   * it can hold (a list of codes falls back to OTHER), else null (e.g. sex X in a column with
   * only K and M).
   */
  String coerce(String field, String canonical) {
    Set<String> ok = allowed.get(field);
    String c = canonical;
    while (c != null && ok != null && !ok.contains(c)) {
      c = FALLBACK.get(c);
      if (c == null && ok.contains("OTHER") && "code_list".equals(byField.get(field).type())) {
        c = "OTHER";
      }
    }
    return c;
  }

  /** {@link #coerce} over a list, without repeats, order kept. */
  List<String> coerceAll(String field, List<String> canonical) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String c : canonical) {
      String v = coerce(field, c);
      if (v != null) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  /** The delivered CSV values, in column order; missing values are empty. */
  List<String> csvRow(Map<String, Object> record) {
    List<String> row = new ArrayList<>(contract.columns().size());
    for (SourceContract.ColumnSpec col : contract.columns()) {
      Object v = record.get(col.field());
      row.add(v == null ? "" : text(col, v));
    }
    return row;
  }

  /** The delivered JSON object: JSON pointers as nested members; missing values absent. */
  ObjectNode json(Map<String, Object> record) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    for (SourceContract.ColumnSpec col : contract.columns()) {
      Object v = record.get(col.field());
      if (v == null || (v instanceof List<?> l && l.isEmpty())) {
        continue;
      }
      String[] path = col.name().substring(1).split("/");
      ObjectNode parent = root;
      for (int i = 0; i < path.length - 1; i++) {
        ObjectNode child = (ObjectNode) parent.get(path[i]);
        if (child == null) {
          child = parent.putObject(path[i]);
        }
        parent = child;
      }
      String member = path[path.length - 1];
      if (parent.has(member)) {
        continue;
      }
      switch (col.type()) {
        case "string_list", "code_list" -> {
          ArrayNode a = parent.putArray(member);
          for (Object o : (List<?>) v) {
            a.add("code_list".equals(col.type()) ? code(col, (String) o) : (String) o);
          }
        }
        case "document_list" -> {
          ArrayNode a = parent.putArray(member);
          for (Object o : (List<?>) v) {
            Person.Document d = (Person.Document) o;
            ObjectNode item = a.addObject();
            Map<String, String> spec = col.item() != null ? col.item()
                : Map.of("type", "type", "country", "country", "number", "number");
            spec.forEach((name, sub) -> {
              String value = switch (sub) {
                case "type" -> d.type();
                case "country" -> d.country();
                default -> d.number();
              };
              if (value != null) {
                item.put(name, value);
              }
            });
          }
        }
        case "integer" -> parent.put(member, ((Number) v).intValue());
        default -> parent.put(member, text(col, v));
      }
    }
    return root;
  }

  /** The case events of a record, per the contract's {@code events}. */
  List<Event> events(Map<String, Object> record) {
    List<Event> events = new ArrayList<>();
    if (contract.events() == null) {
      return events;
    }
    Object roleValue = record.get("role");
    String role = roleValue != null ? roleValue.toString() : contract.defaultRole();
    for (SourceContract.EventSpec e : contract.events()) {
      if (e.whenRole() != null && !e.whenRole().equals(role)) {
        continue;
      }
      String type = e.type() != null ? e.type() : (String) record.get(e.typeFrom());
      Object date = record.get(e.date());
      if (type == null || !(date instanceof LocalDate d)) {
        continue;
      }
      String authority = e.authority() != null ? e.authority()
          : e.authorityFrom() != null ? (String) record.get(e.authorityFrom()) : null;
      events.add(new Event(type, d, authority));
    }
    return events;
  }

  private String text(SourceContract.ColumnSpec col, Object v) {
    if (v instanceof LocalDate d) {
      return formattedDates.computeIfAbsent(d, dates::format);
    }
    if (v instanceof List<?> list) {
      List<String> parts = new ArrayList<>(list.size());
      for (Object o : list) {
        parts.add(code(col, (String) o));
      }
      return String.join(col.separator() == null ? "|" : col.separator(), parts);
    }
    if ("code".equals(col.type())) {
      return code(col, (String) v);
    }
    return v.toString();
  }

  private String code(SourceContract.ColumnSpec col, String canonical) {
    Map<String, String> m = toSource.get(col.field());
    if (m == null) {
      return canonical;
    }
    String code = m.get(canonical);
    if (code == null) {
      throw new IllegalStateException(source.folder() + " column " + col.name()
          + " has no code for canonical value " + canonical);
    }
    return code;
  }
}
