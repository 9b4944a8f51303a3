package dk.thbstats.disclose;

import java.util.List;
import java.util.Objects;

/**
 * Identifies one cell of one table of a release: the table's name and the cell's dimension values
 * in the table's dimension order.
 *
 * <p>Invariants: the table name is not blank; there is at least one coordinate and none is null
 * or blank; the coordinate list is immutable. The natural order (table name, then coordinates
 * compared one by one as strings) is the deterministic tie-break used throughout this package.
 *
 * @param table the name of the table the cell belongs to
 * @param coordinates the cell's value of each dimension, {@link dk.thbstats.schema.Published#TOTAL} for a margin
 */
public record CellRef(String table, List<String> coordinates) implements Comparable<CellRef> {

  public CellRef {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(coordinates, "coordinates");
    if (table.isBlank()) {
      throw Problems.invariant("table must not be blank");
    }
    if (coordinates.isEmpty()) {
      throw Problems.invariant("a cell of table " + table + " needs at least one coordinate");
    }
    for (int i = 0; i < coordinates.size(); i++) {
      String c = coordinates.get(i);
      if (c == null || c.isBlank()) {
        throw Problems.invariant(
            "coordinate " + i + " of a cell of table " + table + " must not be null or blank");
      }
    }
    coordinates = List.copyOf(coordinates);
  }

  /** A reference to the cell of {@code table} with the given coordinates. */
  public static CellRef of(String table, String... coordinates) {
    return new CellRef(table, List.of(coordinates));
  }

  @Override
  public int compareTo(CellRef other) {
    int c = table.compareTo(other.table);
    return c != 0 ? c : compareCoordinates(coordinates, other.coordinates);
  }

  /** Compares coordinate lists value by value as strings, a shorter prefix first. */
  static int compareCoordinates(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public String toString() {
    return table + coordinates;
  }
}
