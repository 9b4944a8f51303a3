package dk.thbstats.disclose;

/** What happens to a cell in a published table. */
public enum CellStatus {
  /** The value is published. */
  PUBLISHED,
  /** Suppressed because {@code 1 ≤ value < threshold}. */
  PRIMARY,
  /** Suppressed so that no primary cell can be worked out from the published cells. */
  SECONDARY;

  /** Whether the cell's value is withheld (Eurostat flag {@code c}). */
  public boolean isSuppressed() {
    return this != PUBLISHED;
  }
}
