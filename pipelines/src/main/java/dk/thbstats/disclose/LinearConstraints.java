package dk.thbstats.disclose;

import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The linear equations an intruder knows to hold between the cells of one release, as one system:
 * today the TOTAL margins of each table ({@link #margins(CountTable)}); later also shared margins
 * and identical cells across the tables of a release and against the previous release ({@link
 * Builder#addSame}, {@link Builder#addSum}, {@link Builder#add}). Together with non-negativity
 * they are what {@link DisclosureAudit} uses to bound each suppressed cell.
 *
 * <p>Invariants: immutable; equations are kept in the order added; an equation whose terms and
 * constant repeat an earlier one is dropped (the first label is kept). Cells are referenced by
 * {@link CellRef}, so one system can span several tables.
 */
public final class LinearConstraints {

  private static final LinearConstraints EMPTY = new LinearConstraints(List.of());

  private final List<Equality> equalities;

  private LinearConstraints(List<Equality> equalities) {
    this.equalities = List.copyOf(equalities);
  }

  /** No equations. */
  public static LinearConstraints empty() {
    return EMPTY;
  }

  /**
   * The margin equations of {@code table}: for each dimension and each combination of the other
   * dimensions' values (TOTAL included), the cells at the dimension's non-TOTAL values sum to the
   * cell at TOTAL. A 7×4×4 table gives 16 + 28 + 28 = 72 equations.
   */
  public static LinearConstraints margins(CountTable table) {
    return builder().addMargins(table).build();
  }

  /** Starts an empty system. */
  public static Builder builder() {
    return new Builder();
  }

  /** The equations in the order added. */
  public List<Equality> equalities() {
    return equalities;
  }

  /** The number of equations. */
  public int size() {
    return equalities.size();
  }

  /** Every cell some equation mentions, in {@link CellRef} order. */
  public SortedSet<CellRef> cells() {
    SortedSet<CellRef> cells = new TreeSet<>();
    for (Equality e : equalities) {
      cells.addAll(e.terms().keySet());
    }
    return cells;
  }

  @Override
  public String toString() {
    return "LinearConstraints[" + equalities.size() + " equations]";
  }

  /** Collects equations; duplicates (same terms and constant) are dropped. */
  public static final class Builder {
    private final Map<Key, Equality> equalities = new LinkedHashMap<>();

    private Builder() {}

    private record Key(SortedMap<CellRef, Long> terms, long constant) {}

    /** Adds one equation. */
    public Builder add(Equality equality) {
      Objects.requireNonNull(equality, "equality");
      equalities.putIfAbsent(new Key(equality.terms(), equality.constant()), equality);
      return this;
    }

    /** Adds every equation of {@code other}. */
    public Builder addAll(LinearConstraints other) {
      for (Equality e : other.equalities()) {
        add(e);
      }
      return this;
    }

    /** Adds {@code Σ parts = total}, e.g. a total of one table broken down in another. */
    public Builder addSum(String label, Collection<CellRef> parts, CellRef total) {
      return add(Equality.sum(label, parts, total));
    }

    /** Adds {@code a = b}: the same quantity published in two tables or two releases. */
    public Builder addSame(String label, CellRef a, CellRef b) {
      return add(Equality.same(label, a, b));
    }

    /** Adds the margin equations of {@code table} (see {@link LinearConstraints#margins}). */
    public Builder addMargins(CountTable table) {
      List<String> dimensions = table.dimensions();
      for (Cell total : table.cells()) {
        List<String> coordinates = total.ref().coordinates();
        for (int d = 0; d < dimensions.size(); d++) {
          if (!Published.TOTAL.equals(coordinates.get(d))) {
            continue;
          }
          List<CellRef> parts = new ArrayList<>();
          List<String> part = new ArrayList<>(coordinates);
          for (String level : table.levels(d)) {
            if (!Published.TOTAL.equals(level)) {
              part.set(d, level);
              parts.add(new CellRef(table.name(), part));
            }
          }
          add(Equality.sum(label(table, d, coordinates), parts, total.ref()));
        }
      }
      return this;
    }

    private static String label(CountTable table, int d, List<String> coordinates) {
      StringBuilder b = new StringBuilder(table.name()).append(": ")
          .append(table.dimensions().get(d)).append(" at ");
      boolean first = true;
      for (int i = 0; i < coordinates.size(); i++) {
        if (i == d) {
          continue;
        }
        if (!first) {
          b.append(", ");
        }
        first = false;
        b.append(table.dimensions().get(i)).append('=').append(coordinates.get(i));
      }
      if (first) {
        b.append("the grand total");
      }
      return b.toString();
    }

    /** The immutable system. */
    public LinearConstraints build() {
      return new LinearConstraints(new ArrayList<>(equalities.values()));
    }
  }
}
