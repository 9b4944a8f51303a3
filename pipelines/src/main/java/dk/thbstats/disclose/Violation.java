package dk.thbstats.disclose;

import java.util.Objects;

/**
 * One way a suppression pattern breaks the disclosure rules, found by {@link DisclosureAudit}.
 *
 * <p>Invariant: the message names the cell and widths or the threshold, never the cell's value.
 *
 * @param cell the cell at fault
 * @param kind what is wrong
 * @param message a one-line explanation for the run report
 */
public record Violation(CellRef cell, Kind kind, String message) {

  /** What is wrong with a cell. */
  public enum Kind {
    /** A suppressed cell can be narrowed to an interval shorter than the protection width. */
    INTERVAL_TOO_NARROW,
    /** A published cell has a value in {@code 1 .. threshold − 1}. */
    SMALL_CELL_PUBLISHED
  }

  public Violation {
    Objects.requireNonNull(cell, "cell");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }
}
