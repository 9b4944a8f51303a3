package dk.thbstats.schema;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract of one export family ({@code schemas/sources/<source>.v<n>.json}): the columns as
 * delivered, their types and date format, code values and their canonical codes, which columns
 * are direct identifiers, and how columns become case events.
 *
 * <p>Record ids are unique within the source, or within each organisation of the source when
 * {@code record_id_scope} is {@code organisation}.
 *
 * <p>Invariants (checked by {@link ContractValidator}): the record id column exists and is
 * required (and is the first column of a CSV contract); every field is a known canonical field
 * or is used by an event; code lists exist.
 */
public record SourceContract(
    String contract,
    int version,
    String title,
    String description,
    String format,
    String extension,
    CsvOptions csv,
    String dateFormat,
    String defaultRole,
    String recordIdScope,
    Map<String, String> defaults,
    List<ColumnSpec> columns,
    List<EventSpec> events,
    List<RuleSpec> rules,
    MonitorSpec monitor) implements Serializable {

  /** CSV dialect of a CSV contract. */
  public record CsvOptions(String delimiter, String quote, boolean header, String encoding, boolean bom)
      implements Serializable {}

  /**
   * One delivered column (CSV header name, or JSON pointer for JSON Lines).
   *
   * @param identifier the kind of direct identifier it holds (name, alias, cpr, birth_date,
   *     document_number, case_number, phone, email, address) or null
   */
  public record ColumnSpec(
      String name,
      String field,
      String type,
      boolean required,
      String identifier,
      Map<String, String> codes,
      String codelist,
      String separator,
      Map<String, String> item,
      String description) implements Serializable {

    /** Whether the column holds a direct identifier. */
    public boolean isIdentifier() {
      return identifier != null && !identifier.isBlank();
    }
  }

  /**
   * How a row yields a case event: a fixed {@code type} or the canonical code of field
   * {@code typeFrom}; the date from field {@code date}; the authority fixed or from a field; only
   * for rows of role {@code whenRole} when set; carrying the row's offence when
   * {@code withOffence}.
   */
  public record EventSpec(
      String type,
      String typeFrom,
      String date,
      String authority,
      String authorityFrom,
      String whenRole,
      boolean withOffence) implements Serializable {}

  /** Whether record ids are unique only within each organisation ({@code source_org}). */
  public boolean recordIdPerOrganisation() {
    return "organisation".equals(recordIdScope);
  }

  /**
   * A data-quality rule, as data. {@code check} is one of {@code pattern}, {@code not_placeholder},
   * {@code range}, {@code date_window}, {@code not_before_field}, {@code unique_in_delivery},
   * {@code completeness}; it applies to each of {@code fields} separately, so a failure always
   * names one column. {@code level} {@code error} quarantines a failing row (or, for a
   * dataset-level check such as completeness, rejects the source's deliveries of the night);
   * {@code warning} only counts.
   */
  public record RuleSpec(
      String name,
      String level,
      String check,
      List<String> fields,
      String pattern,
      List<String> values,
      Double min,
      Double max,
      String notBefore,
      String notAfter,
      String reference,
      String description) implements Serializable {

    /** Whether a failure quarantines (row rules) or rejects (dataset rules). */
    public boolean isError() {
      return "error".equals(level);
    }
  }

  /** An anomaly strategy of Deequ with its limits (rates for sizes, absolute change for shares). */
  public record StrategySpec(String strategy, Double maxIncrease, Double maxDecrease) implements Serializable {}

  /** What is tracked per delivery in the metrics repository, and how jumps are detected. */
  public record MonitorSpec(String description, List<String> completeness, StrategySpec size,
      StrategySpec completenessChange) implements Serializable {}

  /** The delivered column name of {@code field} (for reports), or the field itself. */
  public String columnName(String field) {
    return columnFor(field).map(ColumnSpec::name).orElse(field);
  }

  /** Whether this is a CSV contract. */
  public boolean isCsv() {
    return "csv".equals(format);
  }

  /** Whether this is a JSON Lines contract. */
  public boolean isJsonLines() {
    return "jsonl".equals(format);
  }

  /** The column that holds {@code field}, if any. */
  public Optional<ColumnSpec> columnFor(String field) {
    return columns.stream().filter(c -> field.equals(c.field())).findFirst();
  }

  /** The default for {@code field}, or null. */
  public String defaultFor(String field) {
    return defaults == null ? null : defaults.get(field);
  }
}
