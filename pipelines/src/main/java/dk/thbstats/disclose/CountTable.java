package dk.thbstats.disclose;

import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small aggregated count table in long format: named string dimensions, each with a {@link
 * Published#TOTAL} margin value, and one count (persons) per cell.
 *
 * <p>Invariants, checked by {@link Builder#build()}: every dimension has {@code TOTAL} and at
 * least one other value; every combination of the dimensions' values is present exactly once
 * (zeros included); no value is negative; the table is fully additive — for every dimension and
 * every fixed combination of the other dimensions, the values over the dimension's non-TOTAL
 * values sum to the cell at {@code TOTAL}. A failure names the offending cell (and, for
 * additivity, the difference), never a cell's value. Instances are immutable; cells are held in
 * {@link CellRef} order.
 */
public final class CountTable {


  private final String name;
  private final List<String> dimensions;
  private final List<List<String>> levels;
  private final SortedMap<CellRef, Cell> cells;

  private CountTable(
      String name, List<String> dimensions, List<List<String>> levels, SortedMap<CellRef, Cell> cells) {
    this.name = name;
    this.dimensions = dimensions;
    this.levels = levels;
    this.cells = Collections.unmodifiableSortedMap(cells);
  }

  /** Starts a table called {@code name} (unique within a release) with these dimensions. */
  public static Builder builder(String name, String... dimensions) {
    return new Builder(name, Arrays.asList(dimensions));
  }

  /** Starts a table called {@code name} (unique within a release) with these dimensions. */
  public static Builder builder(String name, List<String> dimensions) {
    return new Builder(name, dimensions);
  }

  /** The table's name, the first part of every {@link CellRef} of its cells. */
  public String name() {
    return name;
  }

  /** The dimension names in coordinate order. */
  public List<String> dimensions() {
    return dimensions;
  }

  /** The values of {@code dimension}, {@link Published#TOTAL} included, in string order. */
  public List<String> levels(String dimension) {
    return levels.get(dimensionIndex(dimension));
  }

  /** The values of the dimension at {@code index}, {@link Published#TOTAL} included, in string order. */
  List<String> levels(int index) {
    return levels.get(index);
  }

  /** Every cell, in {@link CellRef} order. */
  public List<Cell> cells() {
    return List.copyOf(cells.values());
  }

  /** The number of cells, margins included. */
  public int size() {
    return cells.size();
  }

  /** Whether {@code ref} is a cell of this table. */
  public boolean contains(CellRef ref) {
    return cells.containsKey(ref);
  }

  /** The reference of the cell with these coordinates; fails naming them if there is none. */
  public CellRef ref(String... coordinates) {
    CellRef ref = new CellRef(name, List.of(coordinates));
    cell(ref);
    return ref;
  }

  /** The cell {@code ref}; fails naming it if it is not in this table. */
  public Cell cell(CellRef ref) {
    Cell cell = cells.get(ref);
    if (cell == null) {
      throw Problems.invariant("table " + name + " has no cell " + ref);
    }
    return cell;
  }

  /** The value of the cell with these coordinates. */
  public long value(String... coordinates) {
    return cell(ref(coordinates)).value();
  }

  /** The value of cell {@code ref}. */
  public long value(CellRef ref) {
    return cell(ref).value();
  }

  /** The position of {@code dimension}; fails naming it if the table lacks it. */
  int dimensionIndex(String dimension) {
    int i = dimensions.indexOf(dimension);
    if (i < 0) {
      throw Problems.setting("table " + name + " has no dimension " + dimension + ", only " + dimensions);
    }
    return i;
  }

  /** A readable name for a cell of this table, e.g. {@code t[year=2021, sex=F]}; no value. */
  public String describe(CellRef ref) {
    return describe(name, dimensions, ref.coordinates());
  }

  private static String describe(String table, List<String> dimensions, List<String> coordinates) {
    StringBuilder b = new StringBuilder(table).append('[');
    for (int i = 0; i < coordinates.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(i < dimensions.size() ? dimensions.get(i) : "?").append('=').append(coordinates.get(i));
    }
    return b.append(']').toString();
  }

  @Override
  public String toString() {
    return "CountTable[" + name + " " + dimensions + ", " + cells.size() + " cells]";
  }

  /**
   * Collects the cells of one table; {@link #build()} checks completeness and additivity. Not
   * thread-safe; use once.
   */
  public static final class Builder {
    private final String name;
    private final List<String> dimensions;
    private final SortedMap<CellRef, Cell> cells = new TreeMap<>();

    private Builder(String name, List<String> dimensions) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dimensions, "dimensions");
      if (name.isBlank()) {
        throw Problems.invariant("table name must not be blank");
      }
      if (dimensions.isEmpty()) {
        throw Problems.invariant("table " + name + " needs at least one dimension");
      }
      Set<String> seen = new HashSet<>();
      for (String d : dimensions) {
        if (d == null || d.isBlank()) {
          throw Problems.invariant("table " + name + " has a null or blank dimension name");
        }
        if (!seen.add(d)) {
          throw Problems.invariant("table " + name + " names dimension " + d + " twice");
        }
      }
      this.name = name;
      this.dimensions = List.copyOf(dimensions);
    }

    /** Adds one cell: its count, then its value of each dimension in dimension order. */
    public Builder add(long value, String... coordinates) {
      return add(Arrays.asList(coordinates), value);
    }

    /** Adds one cell: its value of each dimension in dimension order, then its count. */
    public Builder add(List<String> coordinates, long value) {
      Objects.requireNonNull(coordinates, "coordinates");
      if (coordinates.size() != dimensions.size()) {
        throw Problems.invariant(
            "a cell of table " + name + " has " + coordinates.size() + " coordinates, the table has "
                + dimensions.size() + " dimensions " + dimensions);
      }
      CellRef ref = new CellRef(name, coordinates);
      if (value < 0) {
        throw Problems.invariant(
            "cell " + describe(name, dimensions, ref.coordinates()) + " must be ≥ 0, was " + value);
      }
      if (cells.containsKey(ref)) {
        throw Problems.invariant(
            "cell " + describe(name, dimensions, ref.coordinates()) + " is given twice");
      }
      cells.put(ref, new Cell(ref, dimensions, value));
      return this;
    }

    /** Checks the invariants of {@link CountTable} and returns the immutable table. */
    public CountTable build() {
      int k = dimensions.size();
      List<List<String>> levels = new ArrayList<>(k);
      for (int d = 0; d < k; d++) {
        SortedSet<String> values = new TreeSet<>();
        for (CellRef ref : cells.keySet()) {
          values.add(ref.coordinates().get(d));
        }
        if (!values.contains(Published.TOTAL)) {
          throw Problems.invariant(
              "table " + name + ": dimension " + dimensions.get(d) + " has no " + Published.TOTAL + " value");
        }
        if (values.size() < 2) {
          throw Problems.invariant(
              "table " + name + ": dimension " + dimensions.get(d) + " has no value other than " + Published.TOTAL);
        }
        levels.add(List.copyOf(values));
      }
      checkComplete(levels);
      checkAdditive(levels);
      return new CountTable(name, dimensions, List.copyOf(levels), cells);
    }

    private void checkComplete(List<List<String>> levels) {
      long expected = 1;
      for (List<String> l : levels) {
        expected *= l.size();
      }
      if (expected == cells.size()) {
        return;
      }
      int[] at = new int[levels.size()];
      do {
        List<String> coordinates = coordinatesAt(levels, at);
        if (!cells.containsKey(new CellRef(name, coordinates))) {
          throw Problems.invariant(
              "table " + name + " is incomplete: cell " + describe(name, dimensions, coordinates)
                  + " is missing (" + (expected - cells.size()) + " of " + expected + " cells missing)");
        }
      } while (next(levels, at));
      throw Problems.invariant("table " + name + " is incomplete");
    }

    private void checkAdditive(List<List<String>> levels) {
      for (Cell margin : cells.values()) {
        List<String> coordinates = margin.ref().coordinates();
        for (int d = 0; d < dimensions.size(); d++) {
          if (!Published.TOTAL.equals(coordinates.get(d))) {
            continue;
          }
          long sum = 0;
          List<String> part = new ArrayList<>(coordinates);
          for (String level : levels.get(d)) {
            if (!Published.TOTAL.equals(level)) {
              part.set(d, level);
              sum += cells.get(new CellRef(name, part)).value();
            }
          }
          if (sum != margin.value()) {
            throw Problems.invariant(
                "table " + name + " is not additive: cell " + describe(name, dimensions, coordinates)
                    + " differs by " + (margin.value() - sum) + " from the sum over "
                    + dimensions.get(d));
          }
        }
      }
    }
  }

  static List<String> coordinatesAt(List<List<String>> levels, int[] at) {
    List<String> coordinates = new ArrayList<>(at.length);
    for (int d = 0; d < at.length; d++) {
      coordinates.add(levels.get(d).get(at[d]));
    }
    return coordinates;
  }

  /** Advances the odometer {@code at} over {@code levels}; false after the last combination. */
  static boolean next(List<List<String>> levels, int[] at) {
    for (int d = at.length - 1; d >= 0; d--) {
      if (++at[d] < levels.get(d).size()) {
        return true;
      }
      at[d] = 0;
    }
    return false;
  }
}
