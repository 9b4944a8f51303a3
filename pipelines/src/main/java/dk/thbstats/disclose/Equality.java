package dk.thbstats.disclose;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One linear equation an intruder knows to hold between cells: {@code Σ coefficient × cell =
 * constant}. A margin of a table is {@code Σ parts − total = 0}; the same cell in two tables is
 * {@code a − b = 0}.
 *
 * <p>Invariants: at least one term; no zero coefficient; the label is not blank (it names the
 * equation in messages and carries no value); the terms are immutable and in {@link CellRef}
 * order.
 *
 * @param label what the equation expresses, e.g. {@code "victims_registered: sex at year=2021,
 *     age_group=TOTAL"}
 * @param terms the coefficient of each cell
 * @param constant the right-hand side
 */
public record Equality(String label, SortedMap<CellRef, Long> terms, long constant) {

  public Equality {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(terms, "terms");
    if (label.isBlank()) {
      throw Problems.invariant("an equality needs a label");
    }
    if (terms.isEmpty()) {
      throw Problems.invariant("equality '" + label + "' has no terms");
    }
    for (Map.Entry<CellRef, Long> e : terms.entrySet()) {
      Objects.requireNonNull(e.getKey(), "cell");
      if (e.getValue() == null || e.getValue() == 0L) {
        throw Problems.invariant(
            "equality '" + label + "' has a zero or missing coefficient for " + e.getKey());
      }
    }
    terms = Collections.unmodifiableSortedMap(new TreeMap<>(terms));
  }

  /** {@code Σ parts − total = 0}; fails if a cell is given twice. */
  public static Equality sum(String label, Collection<CellRef> parts, CellRef total) {
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(total, "total");
    SortedMap<CellRef, Long> terms = new TreeMap<>();
    for (CellRef part : parts) {
      if (terms.put(Objects.requireNonNull(part, "part"), 1L) != null) {
        throw Problems.invariant("equality '" + label + "' names part " + part + " twice");
      }
    }
    if (terms.put(total, -1L) != null) {
      throw Problems.invariant("equality '" + label + "' names " + total + " as part and total");
    }
    return new Equality(label, terms, 0);
  }

  /** {@code a − b = 0}: the same quantity published as two cells (two tables, two releases). */
  public static Equality same(String label, CellRef a, CellRef b) {
    if (a.equals(b)) {
      throw Problems.invariant("equality '" + label + "' equates " + a + " with itself");
    }
    SortedMap<CellRef, Long> terms = new TreeMap<>();
    terms.put(a, 1L);
    terms.put(b, -1L);
    return new Equality(label, terms, 0);
  }

  /** Whether the equation holds for these values (every term's cell must have one). */
  boolean holdsFor(Map<CellRef, Long> values) {
    long sum = 0;
    for (Map.Entry<CellRef, Long> e : terms.entrySet()) {
      sum += e.getValue() * values.get(e.getKey());
    }
    return sum == constant;
  }
}
