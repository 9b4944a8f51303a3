package dk.thbstats.disclose;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * The linear-programming core shared by {@link DisclosureAudit} and {@link Suppressor}: cells are
 * numbered in {@link CellRef} order, equations are held as index arrays, and a suppression
 * pattern is a {@link BitSet} of cell numbers.
 *
 * <p>For a pattern S, the suppressed cells are variables {@code ≥ 0}; every other cell is fixed at
 * its value. Only equations touching S matter, and S splits into independent components (cells
 * linked through shared equations), so each linear program covers one component only.
 *
 * <p>Witnesses make repeated audits cheap without changing any answer: every optimum found is a
 * feasible point; a point stays feasible for any later pattern that still suppresses every cell
 * where the point differs from the true values. The spread of the valid witnesses is a lower bound
 * on each cell's interval, so a cell whose witnesses already span the required width needs no new
 * linear program, and a cell that looks too narrow is always settled by solving.
 *
 * <p>A component's linear program depends on its members only, so the engine keeps the last 64
 * components (fewer when they are large) with their optima: when the suppressor adds a cell, every component it does not
 * touch is answered from memory (a narrow cell elsewhere used to be solved again at every step).
 * A component inside a remembered one (cells published again, as pruning does) starts from that
 * one's tableau with the other cells fixed ({@link WarmSimplex#without}) instead of a phase 1 of
 * its own: on data-samples' victims tables with a four-way table added, pruning took 42 s, 39 s of
 * it in phase 1, and now takes 2 s.
 *
 * <p>Not thread-safe (it keeps the witness pool, the components and a counter). Deterministic.
 */
final class IntervalEngine {

  private static final double DEVIATION = 1e-7;
  private static final int POOL_LIMIT = 20_000;
  private static final int MAX_ITERATIONS = 100_000;
  /** At most this many components are kept, and at most this many cells² (about 8 MB per million). */
  private static final int COMPONENT_CACHE = 64;
  private static final long COMPONENT_CACHE_WEIGHT = 4_000_000L;

  private final CellRef[] refs;
  private final long[] values;
  private final Map<CellRef, Integer> index;
  private final int[][] eqVars;
  private final long[][] eqCoefficients;
  private final long[] eqConstants;
  private final int[][] eqsOfCell;
  private final int[][] neighbours;
  private final Deque<Witness> pool = new ArrayDeque<>();
  /** Components met before, by their members, with their optima (least recently used first). */
  private final java.util.LinkedHashMap<BitSet, ComponentLp> solved = new java.util.LinkedHashMap<>(16, 0.75f, true);
  /** The size of {@link #solved}: the sum of its components' squared sizes (tableau and optima). */
  private long solvedWeight;
  private int linearPrograms;
  private int coldComponents;
  private int seededComponents;

  /** A feasible point given by the cells where it differs from the true values. */
  private record Witness(int[] cells, double[] values) {}

  IntervalEngine(SortedMap<CellRef, Long> cellValues, LinearConstraints constraints) {
    int n = cellValues.size();
    refs = cellValues.keySet().toArray(new CellRef[0]);
    values = new long[n];
    index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      values[i] = cellValues.get(refs[i]);
      index.put(refs[i], i);
    }
    List<Equality> equalities = constraints.equalities();
    int m = equalities.size();
    eqVars = new int[m][];
    eqCoefficients = new long[m][];
    eqConstants = new long[m];
    List<List<Integer>> byCell = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byCell.add(new ArrayList<>());
    }
    for (int e = 0; e < m; e++) {
      Equality eq = equalities.get(e);
      int k = eq.terms().size();
      eqVars[e] = new int[k];
      eqCoefficients[e] = new long[k];
      eqConstants[e] = eq.constant();
      int t = 0;
      for (Map.Entry<CellRef, Long> term : eq.terms().entrySet()) {
        Integer i = index.get(term.getKey());
        if (i == null) {
          throw Problems.invariant(
              "equation '" + eq.label() + "' names cell " + term.getKey()
                  + ", which is in none of the tables");
        }
        eqVars[e][t] = i;
        eqCoefficients[e][t] = term.getValue();
        byCell.get(i).add(e);
        t++;
      }
      if (!eq.holdsFor(cellValues)) {
        throw Problems.invariant("equation '" + eq.label() + "' does not hold for the tables' values");
      }
    }
    eqsOfCell = new int[n][];
    neighbours = new int[n][];
    for (int i = 0; i < n; i++) {
      eqsOfCell[i] = byCell.get(i).stream().mapToInt(Integer::intValue).toArray();
      TreeSet<Integer> near = new TreeSet<>();
      for (int e : eqsOfCell[i]) {
        for (int j : eqVars[e]) {
          if (j != i) {
            near.add(j);
          }
        }
      }
      neighbours[i] = near.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  int size() {
    return refs.length;
  }

  CellRef ref(int i) {
    return refs[i];
  }

  long value(int i) {
    return values[i];
  }

  /** The number of {@code ref}; fails naming it if no table has it. */
  int indexOf(CellRef ref) {
    Integer i = index.get(ref);
    if (i == null) {
      throw Problems.invariant("cell " + ref + " is in none of the tables");
    }
    return i;
  }

  /** The cells sharing at least one equation with cell {@code i}, ascending. */
  int[] neighbours(int i) {
    return neighbours[i];
  }

  /** How many linear programs this engine has solved. */
  int linearPrograms() {
    return linearPrograms;
  }

  /**
   * How many components fell back to commons-math's simplex because {@link WarmSimplex} gave an
   * answer that failed its check (0 unless the tableau's arithmetic drifted).
   */
  int coldComponents() {
    return coldComponents;
  }

  /** How many components started from a larger component's tableau instead of a phase 1 of their own. */
  int seededComponents() {
    return seededComponents;
  }

  /**
   * Offers a point as a witness: {@code cells[k]} takes {@code pointValues[k]}, every other cell
   * its true value. It is kept only if it is non-negative and satisfies every equation (within
   * the solver's tolerance), so a caller's guess (e.g. a hypercube move, which ignores equations
   * across tables) can never make a narrow cell look protected. Returns whether it was kept.
   */
  boolean addWitness(int[] cells, double[] pointValues) {
    int k = 0;
    int[] c = new int[cells.length];
    double[] v = new double[cells.length];
    for (int j = 0; j < cells.length; j++) {
      if (pointValues[j] < -Protection.TOLERANCE) {
        return false;
      }
      if (Math.abs(pointValues[j] - values[cells[j]]) > DEVIATION) {
        c[k] = cells[j];
        v[k] = pointValues[j];
        k++;
      }
    }
    if (k == 0) {
      return false;
    }
    Witness w = new Witness(Arrays.copyOf(c, k), Arrays.copyOf(v, k));
    if (!feasible(w)) {
      return false;
    }
    pool.addLast(w);
    while (pool.size() > POOL_LIMIT) {
      pool.removeFirst();
    }
    return true;
  }

  /** Whether every equation touching the witness's cells holds at the witness. */
  private boolean feasible(Witness w) {
    Map<Integer, Double> at = new HashMap<>();
    for (int k = 0; k < w.cells.length; k++) {
      at.put(w.cells[k], w.values[k]);
    }
    TreeSet<Integer> touched = new TreeSet<>();
    for (int c : w.cells) {
      for (int e : eqsOfCell[c]) {
        touched.add(e);
      }
    }
    for (int e : touched) {
      double sum = -eqConstants[e];
      double scale = Math.abs(eqConstants[e]);
      for (int t = 0; t < eqVars[e].length; t++) {
        double x = at.getOrDefault(eqVars[e][t], (double) values[eqVars[e][t]]);
        sum += eqCoefficients[e][t] * x;
        scale += Math.abs(eqCoefficients[e][t] * x);
      }
      if (Math.abs(sum) > Protection.TOLERANCE * Math.max(1, scale)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The exact interval of every cell of {@code suppressed} (two linear programs per cell, fewer
   * when a minimum of 0 is already witnessed); {@code null} for other cells.
   */
  Interval[] intervals(BitSet suppressed) {
    return intervals(suppressed, suppressed);
  }

  /**
   * The exact interval of every cell of {@code targets} when the cells of {@code variables} (a
   * superset) are unknown and every other cell is fixed; {@code null} for other cells. (The attack
   * across methods has unknowns that are not targets: cell-key cells and their bounds' slacks.)
   */
  Interval[] intervals(BitSet variables, BitSet targets) {
    Bounds bounds = witnessed(variables);
    Components components = new Components(variables);
    Interval[] out = new Interval[refs.length];
    for (int c = targets.nextSetBit(0); c >= 0; c = targets.nextSetBit(c + 1)) {
      ComponentLp lp = components.lp(c);
      double[] max = lp.optimise(c, GoalType.MAXIMIZE);
      double hi = max == null ? Double.POSITIVE_INFINITY : max[lp.position(c)];
      record(lp, max, bounds);
      double lo;
      if (bounds.lo[c] <= DEVIATION) {
        lo = 0;
      } else {
        double[] min = lp.optimise(c, GoalType.MINIMIZE);
        lo = min[lp.position(c)];
        record(lp, min, bounds);
      }
      out[c] = Interval.ofBounds(lo, hi);
    }
    return out;
  }

  /**
   * The cells of {@code suppressed} whose interval is narrower than {@code protection} requires.
   * Cells are examined in {@code order} first, then in number order. With {@code stopEarly}, the
   * search ends at the first narrow cell not in {@code tolerated} (the answer then holds that cell
   * and the tolerated narrow cells found before it); otherwise every cell is examined.
   */
  BitSet narrow(
      BitSet suppressed, Protection protection, int[] order, BitSet tolerated, boolean stopEarly) {
    Bounds bounds = witnessed(suppressed);
    Components components = new Components(suppressed);
    BitSet narrow = new BitSet();
    BitSet seen = new BitSet();
    for (int c : order) {
      if (suppressed.get(c) && !seen.get(c)) {
        seen.set(c);
        if (isNarrow(c, protection, bounds, components)) {
          narrow.set(c);
          if (stopEarly && !tolerated.get(c)) {
            return narrow;
          }
        }
      }
    }
    for (int c = suppressed.nextSetBit(0); c >= 0; c = suppressed.nextSetBit(c + 1)) {
      if (!seen.get(c) && isNarrow(c, protection, bounds, components)) {
        narrow.set(c);
        if (stopEarly && !tolerated.get(c)) {
          return narrow;
        }
      }
    }
    return narrow;
  }

  /**
   * The cells of {@code targets} narrower than {@code protection} requires when every cell of
   * {@code variables} (a superset) is unknown. Witnesses (feasible points of earlier programs)
   * settle most cells without a program of their own: one optimum of a large component spreads
   * many cells at once.
   */
  BitSet narrow(BitSet variables, BitSet targets, Protection protection) {
    Bounds bounds = witnessed(variables);
    Components components = new Components(variables);
    BitSet narrow = new BitSet();
    for (int c = targets.nextSetBit(0); c >= 0; c = targets.nextSetBit(c + 1)) {
      if (isNarrow(c, protection, bounds, components)) {
        narrow.set(c);
      }
    }
    return narrow;
  }

  /** Whether the single cell {@code c} of {@code suppressed} is narrower than required. */
  boolean isNarrow(BitSet suppressed, int c, Protection protection) {
    return isNarrow(c, protection, witnessed(suppressed), new Components(suppressed));
  }

  private boolean isNarrow(int c, Protection protection, Bounds bounds, Components components) {
    if (protection.isSatisfiedBy(Interval.integerWidth(bounds.lo[c], bounds.hi[c]))) {
      return false;
    }
    ComponentLp lp = components.lp(c);
    double[] max = lp.optimise(c, GoalType.MAXIMIZE);
    if (max == null) {
      return false;
    }
    record(lp, max, bounds);
    if (protection.isSatisfiedBy(Interval.integerWidth(bounds.lo[c], bounds.hi[c]))) {
      return false;
    }
    if (bounds.lo[c] > DEVIATION) { // else the minimum is already 0, the non-negativity bound
      record(lp, lp.optimise(c, GoalType.MINIMIZE), bounds);
    }
    return !protection.isSatisfiedBy(Interval.integerWidth(bounds.lo[c], bounds.hi[c]));
  }

  /** The spread of the true values and of every witness still feasible under {@code s}. */
  private Bounds witnessed(BitSet s) {
    Bounds b = new Bounds(refs.length);
    for (int c = s.nextSetBit(0); c >= 0; c = s.nextSetBit(c + 1)) {
      b.lo[c] = values[c];
      b.hi[c] = values[c];
    }
    for (Witness w : pool) {
      if (valid(w, s)) {
        for (int k = 0; k < w.cells.length; k++) {
          b.include(w.cells[k], w.values[k]);
        }
      }
    }
    return b;
  }

  private static boolean valid(Witness w, BitSet s) {
    for (int c : w.cells) {
      if (!s.get(c)) {
        return false;
      }
    }
    return true;
  }

  private void record(ComponentLp lp, double[] point, Bounds bounds) {
    if (point == null) {
      return;
    }
    int[] cells = lp.vars;
    addWitness(cells, point);
    for (int k = 0; k < cells.length; k++) {
      bounds.include(cells[k], point[k]);
    }
  }

  private static final class Bounds {
    final double[] lo;
    final double[] hi;

    Bounds(int n) {
      lo = new double[n];
      hi = new double[n];
    }

    void include(int c, double v) {
      lo[c] = Math.min(lo[c], v);
      hi[c] = Math.max(hi[c], v);
    }
  }

  /** Keeps a component for later patterns, dropping the least recently used beyond the bounds. */
  private void remember(BitSet key, ComponentLp lp) {
    solved.put(key, lp);
    solvedWeight += lp.weight();
    var eldest = solved.entrySet().iterator();
    while ((solved.size() > COMPONENT_CACHE || solvedWeight > COMPONENT_CACHE_WEIGHT) && solved.size() > 1) {
      solvedWeight -= eldest.next().getValue().weight();
      eldest.remove();
    }
  }

  /**
   * The smallest remembered component that holds every cell of {@code key} and more, with a live
   * tableau; null if none. Publishing cells of a component again (the suppressor's pruning) leaves
   * components inside it, whose programs are its program with those cells fixed.
   */
  private ComponentLp seedFor(BitSet key) {
    BitSet best = null;
    int size = key.cardinality();
    for (Map.Entry<BitSet, ComponentLp> e : solved.entrySet()) {
      ComponentLp lp = e.getValue();
      if (lp.warm == null || lp.vars.length <= size || best != null && lp.vars.length >= best.cardinality()) {
        continue;
      }
      BitSet outside = (BitSet) key.clone();
      outside.andNot(e.getKey());
      if (outside.isEmpty()) {
        best = e.getKey();
      }
    }
    // used, so kept: pruning tries one cell after another against the same larger component
    return best == null ? null : solved.get(best);
  }

  /** The components of a pattern, with their linear programs built on first use. */
  private final class Components {
    private final BitSet suppressed;
    private final int[] root;
    private final Map<Integer, ComponentLp> lps = new HashMap<>();

    Components(BitSet suppressed) {
      this.suppressed = suppressed;
      root = new int[refs.length];
      for (int i = 0; i < root.length; i++) {
        root[i] = i;
      }
      for (int[] vars : eqVars) {
        int first = -1;
        for (int v : vars) {
          if (suppressed.get(v)) {
            if (first < 0) {
              first = v;
            } else {
              union(first, v);
            }
          }
        }
      }
    }

    private int find(int i) {
      while (root[i] != i) {
        root[i] = root[root[i]];
        i = root[i];
      }
      return i;
    }

    private void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        root[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }

    ComponentLp lp(int c) {
      return lps.computeIfAbsent(find(c), r -> {
        List<Integer> members = new ArrayList<>();
        for (int i = suppressed.nextSetBit(0); i >= 0; i = suppressed.nextSetBit(i + 1)) {
          if (find(i) == r) {
            members.add(i);
          }
        }
        BitSet key = new BitSet();
        members.forEach(key::set);
        // A component's program depends on its members only (a suppressed cell sharing an equation
        // with a member is a member), so one met under an earlier pattern is the same program.
        ComponentLp known = solved.get(key);
        if (known == null) {
          known = new ComponentLp(members.stream().mapToInt(Integer::intValue).toArray(), suppressed);
          known.seedFrom(seedFor(key));
          remember(key, known);
        }
        return known;
      });
    }
  }

  /**
   * The linear program over one component: its cells as variables ≥ 0, its equations. Solved by
   * {@link WarmSimplex} from the previous optimum; an answer that fails the check against the
   * equations (or a ray that is not one) sends this component to commons-math's simplex.
   */
  private final class ComponentLp {
    final int[] vars;
    private final double[][] a;
    private final double[] b;
    private final LinearConstraintSet constraints;
    private final boolean unconstrained;
    private WarmSimplex warm;
    /** Whether {@link #warm} came from a larger component's tableau (on failure: start from scratch, then cold). */
    private boolean seeded;
    private boolean cold;
    /** Optimal points by variable position (null: unbounded), so a component met again is not solved again. */
    private final Map<Integer, double[]> maxima = new HashMap<>();
    private final Map<Integer, double[]> minima = new HashMap<>();

    ComponentLp(int[] vars, BitSet suppressed) {
      this.vars = vars;
      TreeSet<Integer> eqs = new TreeSet<>();
      for (int v : vars) {
        for (int e : eqsOfCell[v]) {
          eqs.add(e);
        }
      }
      a = new double[eqs.size()][];
      b = new double[eqs.size()];
      List<LinearConstraint> rows = new ArrayList<>(eqs.size());
      int at = 0;
      for (int e : eqs) {
        double[] row = new double[vars.length];
        double rhs = eqConstants[e];
        for (int t = 0; t < eqVars[e].length; t++) {
          int j = eqVars[e][t];
          if (suppressed.get(j)) {
            row[position(j)] += eqCoefficients[e][t];
          } else {
            rhs -= eqCoefficients[e][t] * values[j];
          }
        }
        a[at] = row;
        b[at] = rhs;
        at++;
        rows.add(new LinearConstraint(row, Relationship.EQ, rhs));
      }
      constraints = new LinearConstraintSet(rows);
      unconstrained = rows.isEmpty();
    }

    /**
     * Starts from {@code larger}'s tableau with the cells that are not members of this component
     * held at their true values. That keeps this component's program exactly: an equation touching
     * a member and a suppressed non-member would make them one component, so the equations split
     * into this component's and the others', and fixing the others at a feasible point (the true
     * values) leaves this component's feasible set as it is.
     */
    void seedFrom(ComponentLp larger) {
      if (larger == null || unconstrained) {
        return;
      }
      int[] fixed = new int[larger.vars.length - vars.length];
      double[] at = new double[fixed.length];
      int f = 0;
      for (int j = 0; j < larger.vars.length; j++) {
        if (position(larger.vars[j]) < 0) {
          fixed[f] = j;
          at[f] = values[larger.vars[j]];
          f++;
        }
      }
      warm = larger.warm.without(fixed, at, MAX_ITERATIONS);
      seeded = warm != null;
      seededComponents += seeded ? 1 : 0;
    }

    int position(int cell) {
      return Arrays.binarySearch(vars, cell);
    }

    /** Memory weight for the component cache: the tableau and the optima are about n² numbers each. */
    long weight() {
      return 3L * vars.length * Math.max(vars.length, a.length);
    }

    /** The optimal point for cell {@code c}, or null when the maximum is unbounded. */
    double[] optimise(int c, GoalType goal) {
      if (unconstrained) {
        return goal == GoalType.MAXIMIZE ? null : new double[vars.length];
      }
      int k = position(c);
      boolean maximise = goal == GoalType.MAXIMIZE;
      Map<Integer, double[]> memo = maximise ? maxima : minima;
      if (memo.containsKey(k)) {
        return memo.get(k);
      }
      double[] point = solve(c, k, maximise, goal);
      memo.put(k, point);
      return point;
    }

    private double[] solve(int c, int k, boolean maximise, GoalType goal) {
      linearPrograms++;
      while (!cold) {
        if (warm == null) {
          warm = WarmSimplex.start(a, b, MAX_ITERATIONS);
        }
        WarmSimplex.Solution s = warm == null ? null : warm.optimise(k, maximise);
        if (s != null && s.unbounded() && maximise && isRay(s.ray(), k)) {
          return null;
        }
        if (s != null && !s.unbounded() && satisfies(s.point())) {
          return s.point();
        }
        warm = null;
        if (seeded) {
          seeded = false; // the inherited basis drifted: phase 1 from scratch, then commons-math
        } else {
          cold = true;
          coldComponents++;
        }
      }
      try {
        PointValuePair p = new SimplexSolver().optimize(
            new MaxIter(MAX_ITERATIONS),
            new LinearObjectiveFunction(unit(k), 0),
            constraints,
            goal,
            new NonNegativeConstraint(true),
            PivotSelectionRule.BLAND);
        return p.getPoint();
      } catch (UnboundedSolutionException e) {
        return null;
      } catch (NoFeasibleSolutionException e) {
        throw Problems.invariant(
            "no feasible values for the " + vars.length + " suppressed cells around " + refs[c]
                + ", although the true values satisfy every equation (solver failure)");
      } catch (TooManyIterationsException e) {
        throw Problems.invariant(
            "the linear program for " + refs[c] + " did not finish in " + MAX_ITERATIONS + " pivots");
      }
    }

    private double[] unit(int k) {
      double[] objective = new double[vars.length];
      objective[k] = 1;
      return objective;
    }

    /** Whether {@code x} is non-negative and satisfies every equation within the tolerance. */
    private boolean satisfies(double[] x) {
      for (double v : x) {
        if (v < -Protection.TOLERANCE) {
          return false;
        }
      }
      return residualsVanish(x, b);
    }

    /** Whether {@code r} is a direction of growth for cell {@code k}: r ≥ 0, r_k > 0, A r = 0. */
    private boolean isRay(double[] r, int k) {
      for (double v : r) {
        if (v < 0) {
          return false;
        }
      }
      return r[k] > DEVIATION && residualsVanish(r, new double[b.length]);
    }

    private boolean residualsVanish(double[] x, double[] rhs) {
      for (int i = 0; i < a.length; i++) {
        double sum = -rhs[i];
        double scale = Math.abs(rhs[i]);
        for (int j = 0; j < x.length; j++) {
          if (a[i][j] != 0) {
            sum += a[i][j] * x[j];
            scale += Math.abs(a[i][j] * x[j]);
          }
        }
        if (Math.abs(sum) > Protection.TOLERANCE * Math.max(1, scale)) {
          return false;
        }
      }
      return true;
    }
  }
}
