package dk.thbstats.disclose;

import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Chooses which cells of a count table to withhold: primary suppression by the frequency rule,
 * then secondary (complementary) suppression until {@link DisclosureAudit} finds no suppressed
 * cell narrower than the {@link Protection} requires, with as few secondary cells as the method
 * finds.
 *
 * <ol>
 *   <li><b>Primary</b>: every cell with {@code 1 ≤ value < threshold}, margins included. 0 is a
 *       known zero and is published.
 *   <li><b>Hypercubes</b>: for each primary cell, in cell order, that the audit still finds too
 *       narrow, the cheapest hypercube through it is suppressed: one other value per dimension
 *       (TOTAL allowed), 2<sup>k</sup> corner cells. Moving the corners by ±t keeps every margin
 *       of the table, so each corner gets an interval at least as wide as the cube allows
 *       ({@code min over the +corners + min over the −corners}). Cheapest = fewest new cells,
 *       then smallest sum of new values, then the partner values in string order; cubes with a
 *       cell that must never be suppressed, or too narrow, are skipped.
 *   <li><b>Twins</b>: a cell that an additional equation makes the same number as a cell of
 *       another table (a shared margin) takes its twin's status — hidden in one table and
 *       published in the other would be no secret — and a newly hidden twin gets its own cube in
 *       its own table; cubes and twins alternate until nothing changes. (Without this the greedy
 *       repair below did the cross-table work one cell and one audit at a time: 4,186 linear
 *       programs and 181 suppressed cells on data-samples' two tables, against 4 and 125.)
 *   <li><b>Greedy repair</b> (for what cubes cannot do, e.g. equations across tables): while the
 *       audit finds narrow cells, suppress the unsuppressed, suppressible cell sharing an equation
 *       with a narrow cell that has the smallest value, ties broken by {@link CellRef} order
 *       (failing that, one sharing an equation with any suppressed cell), together with its twins
 *       (a cell whose twin must stay published is not suppressible); stop when none is left.
 *   <li><b>Pruning</b>: each secondary cell, largest value first (ties in cell order), is published
 *       again if the audit then finds no narrow cell that was not narrow before.
 * </ol>
 *
 * <p>Zeros are published: they are not chosen as secondary cells, because a hidden 0 can only move
 * up and then needs protection of its own, which in a sparse table costs ever more cells. Only when
 * that search cannot protect every cell is it run again with zeros allowed.
 *
 * <p>If protection is impossible without the never-suppress cells, the result comes back with
 * {@link SuppressionResult#isProtected()} false and the failing cells listed; nothing loops.
 *
 * <p>Invariants: {@code threshold ≥ 2}; immutable and thread-safe (the never-suppress predicate
 * must be); deterministic — the same tables give the same result. Logs nothing.
 */
public final class Suppressor {

  private final int threshold;
  private final Protection protection;
  private final Predicate<Cell> neverSuppress;
  private final DisclosureAudit audit;

  private Suppressor(Builder b) {
    this.threshold = b.threshold;
    this.protection = b.protection;
    this.neverSuppress = b.neverSuppress;
    this.audit = DisclosureAudit.builder().threshold(threshold).protection(protection).build();
  }

  /** Starts with threshold 5, {@link Protection#exact()} and every cell suppressible. */
  public static Builder builder() {
    return new Builder();
  }

  /** Cells with {@code 1 ≤ value < threshold} are primary suppressions. */
  public int threshold() {
    return threshold;
  }

  /** The interval width every suppressed cell must keep. */
  public Protection protection() {
    return protection;
  }

  /** Suppresses one table against its own margins. */
  public SuppressionResult suppress(CountTable table) {
    return suppress(List.of(table), LinearConstraints.empty());
  }

  /**
   * Suppresses several tables of one release together, against their margins and {@code
   * additional} equations linking them (shared margins, the same cell in two tables).
   */
  public SuppressionResult suppress(List<CountTable> tables, LinearConstraints additional) {
    TableSet set = new TableSet(tables, additional);
    IntervalEngine engine = set.engine;
    int n = engine.size();
    BitSet primary = new BitSet(n);
    BitSet never = new BitSet(n);
    for (int i = 0; i < n; i++) {
      long v = engine.value(i);
      if (v >= 1 && v < threshold) {
        primary.set(i);
      } else if (neverSuppress.test(set.cell(i))) {
        never.set(i);
      }
    }
    int[][] twin = twins(engine, additional);
    // Zeros are not chosen as complements unless protection is impossible without them: a hidden 0
    // can only move up, and it then needs the same protection as any hidden cell, which in a sparse
    // table takes ever more cells (on a four-way table of data-samples the greedy repair wandered
    // through hundreds of zeros and did not finish in 15 minutes; without them: 7 s).
    BitSet withoutZeros = (BitSet) never.clone();
    for (int i = 0; i < n; i++) {
      if (engine.value(i) == 0) {
        withoutZeros.set(i);
      }
    }
    BitSet suppressed = (BitSet) primary.clone();
    if (!search(set, twin, primary, withoutZeros, suppressed) && !withoutZeros.equals(never)) {
      suppressed = (BitSet) primary.clone();
      search(set, twin, primary, never, suppressed);
    }

    // the final audit starts from scratch: no witness of this run can colour its verdict
    AuditReport report = audit.audit(tables, Set.copyOf(set.refs(suppressed)), additional);
    SortedMap<CellRef, CellOutcome> outcomes = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      CellRef ref = engine.ref(i);
      CellStatus status = primary.get(i) ? CellStatus.PRIMARY
          : suppressed.get(i) ? CellStatus.SECONDARY : CellStatus.PUBLISHED;
      Interval interval = status.isSuppressed()
          ? report.interval(ref) : Interval.point(engine.value(i));
      outcomes.put(ref, new CellOutcome(ref, engine.value(i), status, interval));
    }
    return new SuppressionResult(outcomes, report, engine.linearPrograms() + report.linearPrograms());
  }

  /**
   * Adds secondary suppressions to {@code suppressed} (which holds the primary cells): twins,
   * cubes, repair, pruning, choosing no cell of {@code never}. Returns whether every suppressed
   * cell is wide enough.
   */
  private boolean search(TableSet set, int[][] twin, BitSet primary, BitSet never, BitSet suppressed) {
    IntervalEngine engine = set.engine;
    // Cells that are one number in two tables (shared margins) share their status: a cell hidden
    // in one table and published in the other is no secret. Mirror, then protect every hidden
    // copy with cubes in its own table, until nothing changes.
    BitSet targets = (BitSet) primary.clone();
    mirror(twin, suppressed, targets, never);
    for (int round = 0; round < 20 && !targets.isEmpty(); round++) {
      BitSet before = (BitSet) suppressed.clone();
      addHypercubes(set, targets, never, suppressed);
      BitSet added = (BitSet) suppressed.clone();
      added.andNot(before);
      targets = new BitSet();
      mirror(twin, suppressed, targets, never);
      if (added.isEmpty() && targets.isEmpty()) {
        break;
      }
    }
    BitSet narrow = repair(engine, twin, never, suppressed);
    return prune(engine, primary, suppressed, narrow).isEmpty();
  }

  // ---- hypercubes ----

  /** One candidate hypercube: its corner cells, their signs, and what it costs and protects. */
  private record Cube(int[] cells, int[] signs, List<String> partners, int newCells, long newValue,
      double lowT, double highT) {

    static final Comparator<Cube> CHEAPEST = Comparator.comparingInt(Cube::newCells)
        .thenComparingLong(Cube::newValue)
        .thenComparing(Cube::partners, CellRef::compareCoordinates);
  }

  private void addHypercubes(TableSet set, BitSet primary, BitSet never, BitSet suppressed) {
    IntervalEngine engine = set.engine;
    for (int p = primary.nextSetBit(0); p >= 0; p = primary.nextSetBit(p + 1)) {
      if (!engine.isNarrow(suppressed, p, protection)) {
        continue;
      }
      Cube best = cheapestCube(set, p, never, suppressed);
      if (best == null) {
        continue;
      }
      for (int c : best.cells) {
        suppressed.set(c);
      }
      engine.addWitness(best.cells, corners(engine, best, best.lowT));
      engine.addWitness(best.cells, corners(engine, best, best.highT));
    }
  }

  /**
   * For each cell, the other cells that additional equations say are the same number (a shared
   * margin of three tables is one number in all three), or an empty array.
   */
  private static int[][] twins(IntervalEngine engine, LinearConstraints additional) {
    int n = engine.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (Equality e : additional.equalities()) {
      if (e.terms().size() == 2 && e.constant() == 0 && e.terms().values().stream().mapToLong(Long::longValue).sum() == 0) {
        List<CellRef> refs = new ArrayList<>(e.terms().keySet());
        int a = engine.indexOf(refs.get(0));
        int b = engine.indexOf(refs.get(1));
        if (a >= 0 && b >= 0) {
          parent[root(parent, a)] = root(parent, b);
        }
      }
    }
    java.util.Map<Integer, List<Integer>> classes = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      classes.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(i);
    }
    int[][] twin = new int[n][];
    for (List<Integer> members : classes.values()) {
      for (int m : members) {
        twin[m] = members.stream().mapToInt(Integer::intValue).filter(x -> x != m).toArray();
      }
    }
    return twin;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Suppresses the twins of every suppressed cell (unless never); new ones become targets. */
  private static void mirror(int[][] twin, BitSet suppressed, BitSet targets, BitSet never) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
        for (int t : twin[c]) {
          if (!suppressed.get(t) && !never.get(t)) {
            suppressed.set(t);
            targets.set(t);
            changed = true;
          }
        }
      }
    }
  }

  private static double[] corners(IntervalEngine engine, Cube cube, double t) {
    double[] point = new double[cube.cells.length];
    for (int k = 0; k < point.length; k++) {
      point[k] = engine.value(cube.cells[k]) + cube.signs[k] * t;
    }
    return point;
  }

  private Cube cheapestCube(TableSet set, int target, BitSet never, BitSet suppressed) {
    IntervalEngine engine = set.engine;
    CellRef ref = engine.ref(target);
    CountTable table = set.table(ref);
    List<String> own = ref.coordinates();
    int k = own.size();
    List<List<String>> partners = new ArrayList<>(k);
    for (int d = 0; d < k; d++) {
      List<String> others = new ArrayList<>(table.levels(d));
      others.remove(own.get(d));
      partners.add(others);
    }
    Cube best = null;
    int[] at = new int[k];
    do {
      List<String> choice = CountTable.coordinatesAt(partners, at);
      Cube cube = cube(engine, table.name(), own, choice, never, suppressed);
      if (cube != null && (best == null || Cube.CHEAPEST.compare(cube, best) < 0)) {
        best = cube;
      }
    } while (CountTable.next(partners, at));
    return best;
  }

  /** The cube with corners at {@code own} and {@code partner} values, or null if unusable. */
  private Cube cube(IntervalEngine engine, String table, List<String> own, List<String> partner,
      BitSet never, BitSet suppressed) {
    int k = own.size();
    int corners = 1 << k;
    int[] cells = new int[corners];
    int[] signs = new int[corners];
    int newCells = 0;
    long newValue = 0;
    double minPlus = Double.POSITIVE_INFINITY;
    double minMinus = Double.POSITIVE_INFINITY;
    List<String> coordinates = new ArrayList<>(own);
    for (int mask = 0; mask < corners; mask++) {
      int sign = 1;
      for (int d = 0; d < k; d++) {
        boolean other = (mask & (1 << d)) != 0;
        coordinates.set(d, other ? partner.get(d) : own.get(d));
        boolean withTotal = Published.TOTAL.equals(own.get(d))
            || Published.TOTAL.equals(partner.get(d));
        if (other && !withTotal) {
          sign = -sign;
        }
      }
      int cell = engine.indexOf(new CellRef(table, coordinates));
      long value = engine.value(cell);
      if (!suppressed.get(cell)) {
        if (never.get(cell)) {
          return null;
        }
        newCells++;
        newValue += value;
      }
      cells[mask] = cell;
      signs[mask] = sign;
      if (sign > 0) {
        minPlus = Math.min(minPlus, value);
      } else {
        minMinus = Math.min(minMinus, value);
      }
    }
    if (!protection.isSatisfiedBy(minPlus + minMinus)) {
      return null;
    }
    double lowT = -minPlus;
    double highT = Double.isInfinite(minMinus) ? lowT + protection.minimumWidth() : minMinus;
    return new Cube(cells, signs, List.copyOf(partner), newCells, newValue, lowT, highT);
  }

  // ---- greedy repair and pruning ----

  /** Adds single complements while cells are narrow; returns the cells still narrow. */
  private BitSet repair(IntervalEngine engine, int[][] twin, BitSet never, BitSet suppressed) {
    BitSet narrow = engine.narrow(suppressed, protection, new int[0], new BitSet(), false);
    // a cell whose twin must stay published cannot be hidden: its value is known anyway
    BitSet unusable = (BitSet) never.clone();
    for (int c = 0; c < twin.length; c++) {
      for (int t : twin[c]) {
        if (never.get(t)) {
          unusable.set(c);
        }
      }
    }
    while (!narrow.isEmpty()) {
      int pick = complement(engine, narrow, unusable, suppressed);
      if (pick < 0) {
        pick = complement(engine, suppressed, unusable, suppressed);
      }
      if (pick < 0) {
        break; // nothing suppressible is left next to any suppressed cell: protection impossible
      }
      suppressed.set(pick);
      for (int t : twin[pick]) {
        suppressed.set(t); // hidden in every table it is in, or it is no secret
      }
      narrow = engine.narrow(suppressed, protection, engine.neighbours(pick), new BitSet(), false);
    }
    return narrow;
  }

  /** The cheapest suppressible, unsuppressed cell sharing an equation with {@code near}; or −1. */
  private static int complement(IntervalEngine engine, BitSet near, BitSet never, BitSet suppressed) {
    int best = -1;
    for (int c = near.nextSetBit(0); c >= 0; c = near.nextSetBit(c + 1)) {
      for (int j : engine.neighbours(c)) {
        if (!suppressed.get(j) && !never.get(j)
            && (best < 0 || engine.value(j) < engine.value(best)
                || (engine.value(j) == engine.value(best) && j < best))) {
          best = j;
        }
      }
    }
    return best;
  }

  /**
   * Publishes secondary cells again where that leaves no new narrow cell; returns the narrow cells
   * left (a narrow secondary cell that can be published again leaves the set).
   */
  private BitSet prune(IntervalEngine engine, BitSet primary, BitSet suppressed, BitSet narrow) {
    List<Integer> secondary = new ArrayList<>();
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      if (!primary.get(c)) {
        secondary.add(c);
      }
    }
    secondary.sort(Comparator.comparingLong((Integer c) -> -engine.value(c))
        .thenComparingInt(c -> c));
    BitSet stillNarrow = narrow;
    for (int r : secondary) {
      suppressed.clear(r);
      BitSet after = engine.narrow(suppressed, protection, engine.neighbours(r), stillNarrow, true);
      BitSet added = (BitSet) after.clone();
      added.andNot(stillNarrow);
      if (added.isEmpty()) {
        stillNarrow = after;
      } else {
        suppressed.set(r);
      }
    }
    return stillNarrow;
  }

  @Override
  public String toString() {
    return "Suppressor[threshold=" + threshold + ", protection=" + protection + "]";
  }

  /** Settings of a suppressor; {@link #build()} validates them, naming a bad value. */
  public static final class Builder {
    private int threshold = 5;
    private Protection protection = Protection.exact();
    private Predicate<Cell> neverSuppress = cell -> false;

    private Builder() {}

    /** Cells with {@code 1 ≤ value < threshold} are primary; must be ≥ 2. Default 5. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** The interval width every suppressed cell must keep. Default {@link Protection#exact()}. */
    public Builder protection(Protection protection) {
      this.protection = protection;
      return this;
    }

    /**
     * Cells that must never become secondary suppressions (e.g. the yearly national totals with
     * value ≥ threshold). A cell it accepts that is primary stays primary.
     */
    public Builder neverSuppress(Predicate<Cell> neverSuppress) {
      this.neverSuppress = neverSuppress;
      return this;
    }

    /** Validates the settings. */
    public Suppressor build() {
      if (threshold < 2) {
        throw Problems.setting("threshold must be ≥ 2, was " + threshold);
      }
      if (protection == null) {
        throw Problems.setting("protection must be set, was null");
      }
      if (neverSuppress == null) {
        throw Problems.setting("neverSuppress must be set, was null");
      }
      return new Suppressor(this);
    }
  }
}
