package dk.thbstats.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * What reading a whole file told us before any of its rows is accepted: its content hash and
 * encoding, how many data rows it has, and whether it can be read as its contract says.
 *
 * @param status {@code ok} or {@code rejected}
 * @param rule for a rejected file, the rule it broke (e.g. {@code missing_column},
 *     {@code unbalanced_quotes}, {@code malformed_json}, {@code encoding}, {@code empty_file})
 * @param line the line at fault, or 0 when the whole file is at fault
 * @param column the column at fault, or null
 * @param message what is wrong, naming file positions and columns, never values
 * @param unknownColumns delivered columns the contract does not know (schema drift; not fatal)
 * @param missingColumns optional contract columns absent from the file (read as empty)
 */
public record FileInspection(
    DeliveryFile file,
    String sha256,
    String encoding,
    long rowsRead,
    String status,
    String rule,
    int line,
    String column,
    String message,
    List<String> unknownColumns,
    List<String> missingColumns) implements Serializable {

  public static final String OK = "ok";
  public static final String REJECTED = "rejected";

  public boolean isOk() {
    return OK.equals(status);
  }

  static FileInspection ok(DeliveryFile f, String sha, String encoding, long rows,
      List<String> unknown, List<String> missing) {
    return new FileInspection(f, sha, encoding, rows, OK, null, 0, null, null, List.copyOf(unknown), List.copyOf(missing));
  }

  static FileInspection rejected(DeliveryFile f, String sha, String encoding, String rule, int line,
      String column, String message) {
    return new FileInspection(f, sha, encoding, 0, REJECTED, rule, line, column, message, List.of(), List.of());
  }

  /** This readable file rejected afterwards, e.g. because a dataset-level rule failed for its delivery. */
  public FileInspection rejectedBecause(String rule, String message) {
    return new FileInspection(file, sha256, encoding, 0, REJECTED, rule, 0, null, message, unknownColumns, missingColumns);
  }

  /** The rejection as one line: {@code path:line: message}. */
  public String reason() {
    if (isOk()) {
      return null;
    }
    return file.path() + (line > 0 ? ":" + line : "") + ": " + message + " [" + rule + "]";
  }
}
