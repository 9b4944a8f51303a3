package dk.thbstats.disclose;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link DisclosureAudit} found: for every suppressed cell the interval an intruder can
 * derive, and every violation of the rules.
 *
 * <p>Invariants: immutable; {@code intervals} has exactly the suppressed cells, in {@link CellRef}
 * order; violations are ordered by kind, then cell.
 *
 * @param intervals the derivable {@code [min, max]} of each suppressed cell
 * @param violations what breaks the rules; empty when the pattern is safe
 * @param linearPrograms how many linear programs the audit solved (for timing reports)
 */
public record AuditReport(
    SortedMap<CellRef, Interval> intervals, List<Violation> violations, int linearPrograms) {

  public AuditReport {
    Objects.requireNonNull(intervals, "intervals");
    Objects.requireNonNull(violations, "violations");
    intervals = Collections.unmodifiableSortedMap(new TreeMap<>(intervals));
    violations = List.copyOf(violations);
  }

  /** Whether no rule is broken. */
  public boolean passed() {
    return violations.isEmpty();
  }

  /** The violations of one kind, in cell order. */
  public List<Violation> violations(Violation.Kind kind) {
    return violations.stream().filter(v -> v.kind() == kind).toList();
  }

  /** The interval of suppressed cell {@code ref}; fails naming it if it is not suppressed. */
  public Interval interval(CellRef ref) {
    Interval interval = intervals.get(ref);
    if (interval == null) {
      throw Problems.invariant("cell " + ref + " is not suppressed in this audit");
    }
    return interval;
  }
}
