package dk.thbstats.disclose;

/**
 * How wide the interval an intruder can derive for a suppressed cell must at least be: {@code max
 * − min ≥ minimumWidth}, where min and max are the cell's extremes under all known equations,
 * non-negativity and the published cells.
 *
 * <p>Invariant: {@code minimumWidth ≥ 1}. {@link #exact()} (width 1) only forbids exact
 * recovery; {@link #interval(long)} asks for more, e.g. the frequency threshold.
 *
 * @param minimumWidth the smallest acceptable {@code max − min}
 */
public record Protection(long minimumWidth) {

  /** Tolerance for the floating-point bounds of the linear programs. */
  static final double TOLERANCE = 1e-6;

  public Protection {
    if (minimumWidth < 1) {
      throw Problems.setting("protection width must be ≥ 1, was " + minimumWidth);
    }
  }

  /** No suppressed cell may be pinned to a single value: {@code max − min ≥ 1}. */
  public static Protection exact() {
    return new Protection(1);
  }

  /** Every suppressed cell's interval must be at least {@code width} wide. */
  public static Protection interval(long width) {
    return new Protection(width);
  }

  /** Whether {@code interval} is wide enough. */
  public boolean isSatisfiedBy(Interval interval) {
    return isSatisfiedBy(interval.width());
  }

  boolean isSatisfiedBy(double width) {
    return width >= minimumWidth - TOLERANCE;
  }
}
