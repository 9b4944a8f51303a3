package dk.thbstats.ingest;

import dk.thbstats.schema.SourceContract.ColumnSpec;
import java.util.List;
import java.util.Map;

/**
 * One delivered data row before canonicalisation, in memory only. Values are trimmed; empty
 * values are null.
 */
interface RawRow {
  /** The line the row starts on. */
  int line();

  /** The scalar value of a column, or null. Throws {@link WrongShape} for a list or object. */
  String text(ColumnSpec column);

  /** The values of a list column (split by the separator in CSV; a JSON array in JSON). */
  List<String> texts(ColumnSpec column);

  /** The objects of a list-of-objects column (JSON only; CSV builds one from flat columns). */
  List<Map<String, String>> objects(ColumnSpec column);

  /** Structural problems of the row itself (e.g. a wrong number of fields). */
  List<String> structureProblems();

  /** A value had a shape (scalar, list, object) other than its column type expects. */
  final class WrongShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongShape(String message) {
      super(message, null, false, false);
    }
  }
}
