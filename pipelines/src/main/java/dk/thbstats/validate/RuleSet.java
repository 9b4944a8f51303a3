package dk.thbstats.validate;

import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.ColumnSpec;
import dk.thbstats.schema.SourceContract.RuleSpec;
import dk.thbstats.schema.Typed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Expands a source contract's quality rules — and the {@code required} flags of its columns —
 * into one {@link Rule} per rule and field, each with the SQL condition a good row satisfies on
 * the source's typed row ({@link Typed#schema}). Conditions hold for missing values: emptiness is
 * the business of {@code required} and {@code completeness}.
 */
public final class RuleSet {
  private RuleSet() {}

  /** The rules of a contract, in contract order, {@code required} first. */
  public static List<Rule> of(SourceContract contract) {
    List<Rule> rules = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      if (c.required()) {
        rules.add(new Rule("required", true, "required", c.field(), c.name(), sqlName(c.field()) + " IS NOT NULL",
            null, "a value is required"));
      }
    }
    if (contract.rules() == null) {
      return rules;
    }
    for (RuleSpec r : contract.rules()) {
      for (String field : r.fields()) {
        ColumnSpec col = contract.columnFor(field).orElseThrow();
        rules.add(new Rule(r.name(), r.isError(), r.check(), field, col.name(), predicate(r, col),
            "completeness".equals(r.check()) ? r.min() : null, message(r)));
      }
    }
    return rules;
  }

  private static String message(RuleSpec r) {
    if (r.description() != null) {
      return r.description();
    }
    return "breaks rule " + r.name();
  }

  /** The row condition of a rule on one column; null for dataset-level and key rules. */
  static String predicate(RuleSpec r, ColumnSpec col) {
    String f = sqlName(col.field());
    String type = col.type();
    switch (r.check()) {
      case "pattern":
        return each(f, type, v -> v + " RLIKE " + literal(r.pattern()));
      case "not_placeholder": {
        String values = r.values() == null ? "''" : r.values().stream()
            .map(v -> literal(v.toLowerCase(Locale.ROOT))).collect(Collectors.joining(", "));
        return each(f, type, v -> "NOT (lower(trim(" + v + ")) IN (" + values + ") OR regexp_replace(" + v
            + ", " + literal("[\\s-]") + ", '') RLIKE " + literal("^(.)\\1{3,}$") + ")");
      }
      case "range":
        return f + " IS NULL OR (" + f + " >= " + r.min() + " AND " + f + " <= " + r.max() + ")";
      case "date_window": {
        List<String> parts = new ArrayList<>();
        if (r.notBefore() != null) {
          parts.add(f + " >= DATE " + literal(r.notBefore()));
        }
        if ("delivery_date".equals(r.notAfter())) {
          parts.add(f + " <= " + Typed.DELIVERY_DATE);
        }
        return f + " IS NULL OR (" + String.join(" AND ", parts) + ")";
      }
      case "not_before_field": {
        String ref = sqlName(r.reference());
        return f + " IS NULL OR " + ref + " IS NULL OR " + f + " >= " + ref;
      }
      default:
        return null;
    }
  }

  /** The condition on a value, or on every element of a list column (document numbers). */
  private static String each(String f, String type, java.util.function.Function<String, String> onValue) {
    if ("document_list".equals(type)) {
      return f + " IS NULL OR forall(" + f + ", d -> d.number IS NULL OR (" + onValue.apply("d.number") + "))";
    }
    if ("string_list".equals(type) || "code_list".equals(type)) {
      return f + " IS NULL OR forall(" + f + ", x -> x IS NULL OR (" + onValue.apply("x") + "))";
    }
    return f + " IS NULL OR (" + onValue.apply(f) + ")";
  }

  /** A field name quoted for Spark SQL. */
  static String sqlName(String field) {
    return "`" + field.replace("`", "``") + "`";
  }

  /** A Spark SQL string literal (backslashes and quotes escaped). */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
