package dk.thbstats.validate;

import java.io.Serializable;

/**
 * One data-quality rule applied to one field of one source: the unit that becomes one Deequ
 * {@code Check}, so that every failure names its rule and its column.
 *
 * @param name the rule's name as reported ({@code date_range}, {@code required} ...)
 * @param error true: a failing row is quarantined (or, for a dataset-level rule, the source's
 *     deliveries of the night are rejected); false: counted as a warning
 * @param kind the check kind from the contract ({@code pattern}, {@code completeness} ...)
 * @param field the canonical field (the typed column)
 * @param column the delivered column name, for reports
 * @param predicate for row-level rules, the SQL condition a good row satisfies; null otherwise
 * @param minimum for dataset-level rules, the least acceptable share (completeness)
 * @param message what a failure means, without values
 */
public record Rule(String name, boolean error, String kind, String field, String column, String predicate,
    Double minimum, String message) implements Serializable {

  /** Whether the rule judges each row (versus the delivery as a whole). */
  public boolean rowLevel() {
    return predicate != null;
  }

  /** Whether the rule runs on pseudonymised keys after pseudonymisation (uniqueness). */
  public boolean onKeys() {
    return "unique_in_delivery".equals(kind);
  }

  /** The Deequ check description, also the row-level result column: {@code rule|field}. */
  public String checkName() {
    return name + "|" + field;
  }
}
