package dk.thbstats.disclose;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks a suppression pattern the way an intruder would attack it. For every suppressed cell it
 * solves two linear programs — the minimum and the maximum of the cell subject to every known
 * equation (each table's TOTAL margins plus any additional equations across tables or releases),
 * non-negativity, and every published cell fixed at its value — and reports the interval. A
 * violation is a suppressed cell whose interval is narrower than the {@link Protection} requires,
 * or a published cell with a value in {@code 1 .. threshold − 1}.
 *
 * <p>The bounds are those of the linear relaxation, rounded inward to whole numbers. For
 * two-dimensional tables (and any totally unimodular system) they are exactly the integer range;
 * for three or more dimensions the true integer range can in rare cases be narrower than
 * reported, as with every LP-based audit.
 *
 * <p>Invariants: {@code threshold ≥ 2}; immutable and thread-safe (each audit builds its own
 * solver state); deterministic.
 */
public final class DisclosureAudit {

  private final int threshold;
  private final Protection protection;

  private DisclosureAudit(Builder b) {
    this.threshold = b.threshold;
    this.protection = b.protection;
  }

  /** Starts with threshold 5 and {@link Protection#exact()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Cells with {@code 1 ≤ value < threshold} must not be published. */
  public int threshold() {
    return threshold;
  }

  /** The width every suppressed cell's interval must reach. */
  public Protection protection() {
    return protection;
  }

  /** Audits one table against its own margins. */
  public AuditReport audit(CountTable table, Set<CellRef> suppressed) {
    return audit(List.of(table), suppressed, LinearConstraints.empty());
  }

  /**
   * Audits several tables at once against their margins and {@code additional} equations (shared
   * margins, the same cell in two tables, cells of a previous release given as a table of its
   * own). Every cell of {@code suppressed} and of {@code additional} must be in one of the tables.
   */
  public AuditReport audit(
      List<CountTable> tables, Set<CellRef> suppressed, LinearConstraints additional) {
    TableSet set = new TableSet(tables, additional);
    return audit(set, set.indices(Objects.requireNonNull(suppressed, "suppressed")));
  }

  AuditReport audit(TableSet set, BitSet suppressed) {
    IntervalEngine engine = set.engine;
    int before = engine.linearPrograms();
    Interval[] intervals = engine.intervals(suppressed);
    SortedMap<CellRef, Interval> byCell = new TreeMap<>();
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < engine.size(); i++) {
      if (suppressed.get(i)) {
        byCell.put(engine.ref(i), intervals[i]);
        if (!protection.isSatisfiedBy(intervals[i])) {
          violations.add(new Violation(engine.ref(i), Violation.Kind.INTERVAL_TOO_NARROW,
              "suppressed cell " + set.describe(i) + " can be narrowed to an interval of width "
                  + (long) intervals[i].width() + " (required ≥ "
                  + protection.minimumWidth() + ")"));
        }
      } else if (engine.value(i) >= 1 && engine.value(i) < threshold) {
        violations.add(new Violation(engine.ref(i), Violation.Kind.SMALL_CELL_PUBLISHED,
            "published cell " + set.describe(i) + " is below the threshold " + threshold
                + " (a value from 1 to " + (threshold - 1) + ")"));
      }
    }
    violations.sort(Comparator.comparing(Violation::kind).thenComparing(Violation::cell));
    return new AuditReport(byCell, violations, engine.linearPrograms() - before);
  }

  @Override
  public String toString() {
    return "DisclosureAudit[threshold=" + threshold + ", protection=" + protection + "]";
  }

  /** Settings of an audit; {@link #build()} validates them. */
  public static final class Builder {
    private int threshold = 5;
    private Protection protection = Protection.exact();

    private Builder() {}

    /** Cells with {@code 1 ≤ value < threshold} are unsafe to publish; must be ≥ 2. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** The required interval width of suppressed cells. */
    public Builder protection(Protection protection) {
      this.protection = protection;
      return this;
    }

    /** Validates the settings, naming a bad value. */
    public DisclosureAudit build() {
      if (threshold < 2) {
        throw Problems.setting("threshold must be ≥ 2, was " + threshold);
      }
      if (protection == null) {
        throw Problems.setting("protection must be set, was null");
      }
      return new DisclosureAudit(this);
    }
  }
}
