package dk.thbstats.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a source contract and collects every problem (Splink style: all configuration errors at
 * once, each naming the column or event at fault).
 */
public final class ContractValidator {
  private ContractValidator() {}

  /** Canonical person-record fields the pipeline understands. */
  public static final Set<String> PERSON_FIELDS = Set.of(
      "record_id", "source_org", "role", "given_name", "family_name", "full_name", "alias", "aliases",
      "birth_date", "estimated_age", "sex", "citizenship", "cpr", "document_type", "document_country",
      "document_number", "documents", "dis_case_number", "phone", "email", "address",
      "exploitation_forms", "sector", "offence");

  /** Column types the readers understand. */
  public static final Set<String> TYPES = Set.of(
      "string", "date", "integer", "code", "code_list", "country", "string_list", "document_list");

  /** Identifier kinds (what a direct identifier column holds). */
  public static final Set<String> IDENTIFIER_KINDS = Set.of(
      "name", "alias", "cpr", "birth_date", "document_number", "case_number", "phone", "email", "address");

  /** Returns the problems found; empty when the contract is valid. */
  public static List<String> validate(SourceContract c, CodeLists codeLists) {
    List<String> problems = new ArrayList<>();
    if (!c.isCsv() && !c.isJsonLines()) {
      problems.add("format must be csv or jsonl, was " + c.format());
    }
    if (c.isCsv() && (c.csv() == null || c.csv().delimiter() == null || c.csv().delimiter().length() != 1)) {
      problems.add("a csv contract needs csv.delimiter of one character");
    }
    if (c.columns() == null || c.columns().isEmpty()) {
      problems.add("no columns");
      return problems;
    }
    Set<String> eventFields = new HashSet<>();
    if (c.events() != null) {
      for (SourceContract.EventSpec e : c.events()) {
        eventFields.add(e.date());
        if (e.typeFrom() != null) {
          eventFields.add(e.typeFrom());
        }
        if (e.authorityFrom() != null) {
          eventFields.add(e.authorityFrom());
        }
      }
    }
    Set<String> fields = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (SourceContract.ColumnSpec col : c.columns()) {
      String where = "column '" + col.name() + "'";
      if (col.field() == null) {
        problems.add(where + " has no field");
        continue;
      }
      if (!fields.add(col.field())) {
        problems.add(where + " maps to field '" + col.field() + "' which another column also maps to");
      }
      if (!names.add(col.name()) && c.isCsv()) {
        problems.add(where + " appears twice");
      }
      if (!PERSON_FIELDS.contains(col.field()) && !eventFields.contains(col.field())) {
        problems.add(where + " maps to unknown field '" + col.field() + "' that no event uses");
      }
      if (!TYPES.contains(col.type())) {
        problems.add(where + " has unknown type '" + col.type() + "'");
      }
      if (("code".equals(col.type()) || "code_list".equals(col.type()))
          && col.codes() == null && col.codelist() == null) {
        problems.add(where + " of type " + col.type() + " needs codes or codelist");
      }
      if (col.codelist() != null && !codeLists.hasList(col.codelist())) {
        problems.add(where + " names unknown codelist '" + col.codelist() + "'");
      }
      if (col.isIdentifier() && !IDENTIFIER_KINDS.contains(col.identifier())) {
        problems.add(where + " has unknown identifier kind '" + col.identifier() + "'");
      }
      if ("code_list".equals(col.type()) && c.isCsv() && col.separator() == null) {
        problems.add(where + " of type code_list needs a separator");
      }
    }
    SourceContract.ColumnSpec first = c.columns().get(0);
    if (!fields.contains("record_id")) {
      problems.add("no column maps to record_id");
    } else if (c.isCsv() && !"record_id".equals(first.field())) {
      problems.add("the record id must be the first column, found '" + first.name() + "'");
    }
    c.columnFor("record_id").ifPresent(col -> {
      if (!col.required()) {
        problems.add("the record id column '" + col.name() + "' must be required");
      }
    });
    if (c.events() != null) {
      for (SourceContract.EventSpec e : c.events()) {
        String where = "event " + (e.type() != null ? e.type() : "from " + e.typeFrom());
        if ((e.type() == null) == (e.typeFrom() == null)) {
          problems.add(where + " needs exactly one of type and type_from");
        }
        if (e.type() != null && !codeLists.codes("event_type").contains(e.type())) {
          problems.add(where + " has unknown event type");
        }
        if (e.date() == null || !fields.contains(e.date())) {
          problems.add(where + " has no date field among the columns");
        }
        if (e.typeFrom() != null && !fields.contains(e.typeFrom())) {
          problems.add(where + " reads its type from missing field '" + e.typeFrom() + "'");
        }
        if (e.authority() != null && !codeLists.codes("authority").contains(e.authority())) {
          problems.add(where + " has unknown authority '" + e.authority() + "'");
        }
      }
    }
    validateRules(c, fields, problems);
    return problems;
  }

  /** Rule checks the validate package knows. */
  public static final Set<String> CHECKS = Set.of(
      "pattern", "not_placeholder", "range", "date_window", "not_before_field", "unique_in_delivery", "completeness");

  private static void validateRules(SourceContract c, Set<String> fields, List<String> problems) {
    if (c.rules() == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (SourceContract.RuleSpec r : c.rules()) {
      String where = "rule '" + r.name() + "'";
      if (r.name() == null || !r.name().matches("[a-z][a-z0-9_]*")) {
        problems.add("a rule needs a snake_case name, was '" + r.name() + "'");
        continue;
      }
      if (!names.add(r.name())) {
        problems.add(where + " appears twice");
      }
      if (!"error".equals(r.level()) && !"warning".equals(r.level())) {
        problems.add(where + " has level '" + r.level() + "'; expected error or warning");
      }
      if (!CHECKS.contains(r.check())) {
        problems.add(where + " has unknown check '" + r.check() + "'");
      }
      if (r.fields() == null || r.fields().isEmpty()) {
        problems.add(where + " names no fields");
      } else {
        for (String f : r.fields()) {
          if (!fields.contains(f)) {
            problems.add(where + " names field '" + f + "' that no column maps to");
          }
        }
      }
      if ("pattern".equals(r.check())) {
        if (r.pattern() == null) {
          problems.add(where + " needs a pattern");
        } else {
          try {
            java.util.regex.Pattern.compile(r.pattern());
          } catch (java.util.regex.PatternSyntaxException e) {
            problems.add(where + " has an invalid pattern");
          }
        }
      }
      if ("range".equals(r.check()) && (r.min() == null || r.max() == null || r.min() > r.max())) {
        problems.add(where + " needs min <= max");
      }
      if ("completeness".equals(r.check()) && (r.min() == null || r.min() < 0 || r.min() > 1)) {
        problems.add(where + " needs min between 0 and 1");
      }
      if ("not_before_field".equals(r.check()) && (r.reference() == null || !fields.contains(r.reference()))) {
        problems.add(where + " needs a reference field that a column maps to");
      }
      if ("date_window".equals(r.check()) && r.notBefore() != null) {
        try {
          java.time.LocalDate.parse(r.notBefore());
        } catch (java.time.format.DateTimeParseException e) {
          problems.add(where + " has not_before '" + r.notBefore() + "', not an ISO date");
        }
      }
    }
    if (c.monitor() != null && c.monitor().completeness() != null) {
      for (String f : c.monitor().completeness()) {
        if (!fields.contains(f)) {
          problems.add("monitor names field '" + f + "' that no column maps to");
        }
      }
    }
  }
}
