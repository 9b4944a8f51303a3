package dk.thbstats.disclose;

import dk.thbstats.schema.Published;
import java.util.List;
import java.util.Objects;

/**
 * One cell of a {@link CountTable} as the suppressor's predicates see it: its reference, its
 * dimension names and its value (persons).
 *
 * <p>Invariants: {@code dimensions} has one name per coordinate of {@code ref}; {@code value} is
 * not negative.
 *
 * @param ref the cell's table and coordinates
 * @param dimensions the table's dimension names, in coordinate order
 * @param value the count in the cell
 */
public record Cell(CellRef ref, List<String> dimensions, long value) {

  public Cell {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(dimensions, "dimensions");
    dimensions = List.copyOf(dimensions);
    if (dimensions.size() != ref.coordinates().size()) {
      throw Problems.invariant(
          "cell " + ref + " has " + ref.coordinates().size() + " coordinates for "
              + dimensions.size() + " dimensions");
    }
    if (value < 0) {
      throw Problems.invariant("cell " + ref + " must be ≥ 0, was " + value);
    }
  }

  /** The cell's value of {@code dimension}; fails naming the dimension if the table lacks it. */
  public String coordinate(String dimension) {
    int i = dimensions.indexOf(dimension);
    if (i < 0) {
      throw Problems.setting(
          "table " + ref.table() + " has no dimension " + dimension + ", only " + dimensions);
    }
    return ref.coordinates().get(i);
  }

  /** Whether the cell is the {@link dk.thbstats.schema.Published#TOTAL} margin of {@code dimension}. */
  public boolean isTotal(String dimension) {
    return Published.TOTAL.equals(coordinate(dimension));
  }
}
