package dk.thbstats.disclose;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of {@link Suppressor#suppress}: every cell's status and derivable interval, and the
 * final {@link AuditReport} of the pattern. When protection was impossible (e.g. the cells that
 * must never be suppressed pin a primary cell), {@link #isProtected()} is false and {@link
 * #failures()} names the cells; the caller fails the run.
 *
 * <p>Invariants: immutable; {@code cells} holds every cell of the input tables in {@link CellRef}
 * order; the suppressed cells are exactly the cells of {@code audit.intervals()}.
 *
 * @param cells each cell's outcome
 * @param audit the audit of the final pattern
 * @param linearPrograms linear programs solved during the whole run, audit included
 */
public record SuppressionResult(
    SortedMap<CellRef, CellOutcome> cells, AuditReport audit, int linearPrograms) {

  public SuppressionResult {
    Objects.requireNonNull(cells, "cells");
    Objects.requireNonNull(audit, "audit");
    cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
  }

  /** Whether the audit passed: no suppressed cell is too narrow, no small cell is published. */
  public boolean isProtected() {
    return audit.passed();
  }

  /** The audit's violations; empty when {@link #isProtected()}. */
  public List<Violation> failures() {
    return audit.violations();
  }

  /** How many cells are primary suppressions. */
  public int primaryCount() {
    return count(CellStatus.PRIMARY);
  }

  /** How many cells are secondary (complementary) suppressions. */
  public int secondaryCount() {
    return count(CellStatus.SECONDARY);
  }

  /** The cells with {@code status}, in {@link CellRef} order. */
  public SortedSet<CellRef> cellsWith(CellStatus status) {
    SortedSet<CellRef> out = new TreeSet<>();
    cells.values().stream().filter(c -> c.status() == status).forEach(c -> out.add(c.ref()));
    return Collections.unmodifiableSortedSet(out);
  }

  /** Every suppressed cell (primary and secondary), in {@link CellRef} order. */
  public SortedSet<CellRef> suppressed() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(audit.intervals().keySet()));
  }

  /** The outcome of cell {@code ref}; fails naming it if it is in none of the tables. */
  public CellOutcome outcome(CellRef ref) {
    CellOutcome outcome = cells.get(ref);
    if (outcome == null) {
      throw Problems.invariant("cell " + ref + " is in none of the suppressed tables");
    }
    return outcome;
  }

  /** The status of cell {@code ref}. */
  public CellStatus status(CellRef ref) {
    return outcome(ref).status();
  }

  /** The value to publish for {@code ref}, empty when suppressed. */
  public OptionalLong publishedValue(CellRef ref) {
    return outcome(ref).publishedValue();
  }

  private int count(CellStatus status) {
    return (int) cells.values().stream().filter(c -> c.status() == status).count();
  }
}
