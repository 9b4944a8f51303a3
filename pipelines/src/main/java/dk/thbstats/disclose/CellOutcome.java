package dk.thbstats.disclose;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The fate of one cell: its true value (restricted: for the run's own use), its status, and the
 * interval an intruder can derive — the value itself for a published cell, the audit's {@code
 * [min, max]} for a suppressed one.
 *
 * <p>Invariants: a published cell's interval is the point {@code [value, value]}; a suppressed
 * cell's interval contains its value.
 *
 * @param ref the cell
 * @param value the true count; never to be written out for a suppressed cell
 * @param status published, primary or secondary
 * @param interval what an intruder can derive about the cell
 */
public record CellOutcome(CellRef ref, long value, CellStatus status, Interval interval) {

  public CellOutcome {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(interval, "interval");
    if (status == CellStatus.PUBLISHED && !interval.equals(Interval.point(value))) {
      throw Problems.invariant("published cell " + ref + " must have a point interval");
    }
    if (!interval.contains(value)) {
      throw Problems.invariant("the audit interval of cell " + ref + " misses its value (solver failure)");
    }
  }

  /** The value to publish, or empty when the cell is suppressed. */
  public OptionalLong publishedValue() {
    return status.isSuppressed() ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
