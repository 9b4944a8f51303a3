package dk.thbstats.disclose;

/**
 * The range {@code [min, max]} an intruder can derive for a cell: for a published cell its value,
 * for a suppressed cell the optimum of the two linear programs of the audit, rounded inward to
 * whole numbers (counts are integers, so a bound of 2.5 means 3 from below and 2 from above). A
 * cell bounded by nothing has {@code max = +∞}.
 *
 * <p>Invariants: {@code 0 ≤ min ≤ max}; neither is NaN; finite bounds are whole numbers when built
 * by the audit.
 *
 * @param min the smallest value the cell can take
 * @param max the largest value the cell can take, possibly {@link Double#POSITIVE_INFINITY}
 */
public record Interval(double min, double max) {

  public Interval {
    if (Double.isNaN(min) || Double.isNaN(max) || min < 0 || max < min) {
      throw Problems.invariant("an interval needs 0 ≤ min ≤ max, was [" + min + ", " + max + "]");
    }
  }

  /** The interval of a cell whose value is known. */
  public static Interval point(long value) {
    return new Interval(value, value);
  }

  /** Builds an interval from raw solver bounds, rounded inward to whole numbers. */
  static Interval ofBounds(double min, double max) {
    double lo = Math.max(0, inwardCeil(min));
    double hi = Math.max(lo, inwardFloor(max));
    return new Interval(lo, hi);
  }

  /** The width of {@code [min, max]} after rounding both bounds inward to whole numbers. */
  static double integerWidth(double min, double max) {
    return inwardFloor(max) - inwardCeil(min);
  }

  private static double inwardCeil(double x) {
    return Math.ceil(x - Protection.TOLERANCE);
  }

  private static double inwardFloor(double x) {
    return Double.isInfinite(x) ? x : Math.floor(x + Protection.TOLERANCE);
  }

  /** {@code max − min}; infinite when the cell is unbounded. */
  public double width() {
    return max - min;
  }

  /** Whether {@code value} lies inside (bounds included, with the solver's tolerance). */
  public boolean contains(long value) {
    return value >= min - Protection.TOLERANCE && value <= max + Protection.TOLERANCE;
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]";
  }
}
