package dk.thbstats.disclose;

/**
 * A dense-tableau simplex for {@code max ±x_k} subject to {@code A x = b, x ≥ 0} that keeps its
 * basis from one objective to the next: phase 1 runs once per system, and every later linear
 * program starts from the previous optimum, which is feasible for any objective. The audit asks
 * for the minimum and maximum of every suppressed cell of a component — dozens to hundreds of
 * objectives over one system — so phase 1 (most of commons-math's time per program) is paid once.
 * The same system with some variables fixed (cells published again) starts from this basis too
 * ({@link #without}).
 *
 * <p>Pivoting: the largest reduced cost, switching to Bland's rule (smallest index, ties in the
 * ratio test to the smallest basic index) for the rest of a solve after 50 degenerate pivots in a
 * row, which rules out cycling. Redundant equations (margins of margins) are dropped after phase 1.
 *
 * <p>Answers are not trusted by the caller: {@link IntervalEngine} checks every optimum it gets
 * against the original equations and every unboundedness claim against its ray, and solves with
 * commons-math's {@code SimplexSolver} when a check fails. A wrong answer from here could only
 * make an interval look narrower than it is (a feasible point is never outside the true
 * interval), never wider.
 *
 * <p>Not thread-safe (the tableau changes with every solve). Deterministic.
 */
final class WarmSimplex {
  private static final double EPS = 1e-9;
  private static final int DEGENERATE_LIMIT = 50;

  private final int n;
  private final int maxPivots;
  private double[][] t; // m rows of n + 1 columns; the last is the right-hand side
  private int[] basis;
  private double[] ray; // set by a solve that found the objective unbounded

  private enum Status { OPTIMAL, UNBOUNDED, LIMIT }

  /** The outcome of one solve: the optimal point, or a ray along which the objective grows without bound. */
  record Solution(double[] point, double[] ray) {
    boolean unbounded() {
      return ray != null;
    }
  }

  private WarmSimplex(int n, int maxPivots) {
    this.n = n;
    this.maxPivots = maxPivots;
  }

  /**
   * Phase 1 for {@code a x = b, x ≥ 0} ({@code a} is m × n and is not changed); null when no
   * feasible point is found within {@code maxPivots} (the caller then asks commons-math).
   */
  static WarmSimplex start(double[][] a, double[] b, int maxPivots) {
    int m = a.length;
    int n = m == 0 ? 0 : a[0].length;
    WarmSimplex s = new WarmSimplex(n, maxPivots);
    int cols = n + m + 1;
    s.t = new double[m][cols];
    s.basis = new int[m];
    for (int i = 0; i < m; i++) {
      double sign = b[i] < 0 ? -1 : 1;
      for (int j = 0; j < n; j++) {
        s.t[i][j] = sign * a[i][j];
      }
      s.t[i][n + i] = 1;
      s.t[i][cols - 1] = sign * b[i];
      s.basis[i] = n + i;
    }
    double[] cost = new double[cols - 1];
    for (int i = 0; i < m; i++) {
      cost[n + i] = -1;
    }
    if (s.solve(cost, cols - 1) != Status.OPTIMAL) {
      return null;
    }
    double infeasibility = 0;
    for (int i = 0; i < m; i++) {
      if (s.basis[i] >= n) {
        infeasibility += Math.abs(s.t[i][cols - 1]);
      }
    }
    if (infeasibility > 1e-6) {
      return null;
    }
    s.dropArtificials();
    return s;
  }

  /**
   * A new system: this one with the variables in {@code columns} held at {@code values} and
   * removed (the others keep their order), started from this basis instead of from scratch.
   * Fixing a variable at a value some feasible point takes keeps the system feasible, but the
   * current basis may not be: a fixed basic variable is pivoted out of its row (the row is
   * dropped when nothing else is left in it: it only said what the fixed variable is), the
   * right-hand side moves by the fixed values, and a short phase 1 with one artificial variable
   * (−1 in every row that went negative, pivoted in at the most negative) restores feasibility.
   * The suppressor's pruning publishes one cell at a time again, which is exactly this; phase 1
   * from scratch there was most of its time. This system is not changed. Null when phase 1
   * fails (the caller starts from scratch).
   */
  WarmSimplex without(int[] columns, double[] values, int maxPivots) {
    int m = t.length;
    double[][] c = new double[m][];
    for (int i = 0; i < m; i++) {
      c[i] = t[i].clone();
    }
    int[] bas = basis.clone();
    boolean[] gone = new boolean[n];
    for (int f : columns) {
      gone[f] = true;
    }
    boolean[] keepRow = new boolean[m];
    java.util.Arrays.fill(keepRow, true);
    for (int f : columns) {
      for (int i = 0; i < m; i++) {
        if (bas[i] == f && keepRow[i]) {
          int e = -1;
          for (int j = 0; j < n; j++) {
            if (!gone[j] && Math.abs(c[i][j]) > 1e-7 && (e < 0 || Math.abs(c[i][j]) > Math.abs(c[i][e]))) {
              e = j;
            }
          }
          if (e < 0) {
            keepRow[i] = false;
          } else {
            pivot(c, i, e);
            bas[i] = e;
          }
        }
      }
    }
    int[] newColumn = new int[n];
    int width = 0;
    for (int j = 0; j < n; j++) {
      newColumn[j] = gone[j] ? -1 : width++;
    }
    int rows = 0;
    for (boolean k : keepRow) {
      rows += k ? 1 : 0;
    }
    // columns: the kept variables, one artificial, the right-hand side
    double[][] nt = new double[rows][width + 2];
    int[] nb = new int[rows];
    int at = 0;
    int worst = -1;
    for (int i = 0; i < m; i++) {
      if (!keepRow[i]) {
        continue;
      }
      double rhs = c[i][n];
      for (int k = 0; k < columns.length; k++) {
        rhs -= c[i][columns[k]] * values[k];
      }
      for (int j = 0; j < n; j++) {
        if (!gone[j]) {
          nt[at][newColumn[j]] = c[i][j];
        }
      }
      if (rhs < -EPS) {
        nt[at][width] = -1;
        if (worst < 0 || rhs < nt[worst][width + 1]) {
          worst = at;
        }
      }
      nt[at][width + 1] = rhs < -EPS ? rhs : Math.max(rhs, 0);
      nb[at] = newColumn[bas[i]];
      at++;
    }
    WarmSimplex s = new WarmSimplex(width, maxPivots);
    s.t = nt;
    s.basis = nb;
    if (worst >= 0) {
      pivot(s.t, worst, width);
      s.basis[worst] = width;
      double[] cost = new double[width + 1];
      cost[width] = -1;
      if (s.solve(cost, width + 1) != Status.OPTIMAL) {
        return null;
      }
      for (int i = 0; i < rows; i++) {
        if (s.basis[i] == width && Math.abs(s.t[i][width + 1]) > 1e-6) {
          return null; // still infeasible: not expected, as the fixed values belong to a feasible point
        }
      }
    }
    s.dropArtificials();
    return s;
  }

  /** Maximises {@code x_k} ({@code maximise}) or minimises it, from the current basis; null after too many pivots. */
  Solution optimise(int k, boolean maximise) {
    double[] cost = new double[n];
    cost[k] = maximise ? 1 : -1;
    Status status = solve(cost, n);
    if (status == Status.LIMIT) {
      return null;
    }
    if (status == Status.UNBOUNDED) {
      return new Solution(null, ray);
    }
    double[] x = new double[n];
    for (int i = 0; i < t.length; i++) {
      x[basis[i]] = Math.max(0, t[i][n]);
    }
    return new Solution(x, null);
  }

  /** Phase 2 over the first {@code width} columns for {@code max cost·x}. */
  private Status solve(double[] cost, int width) {
    int m = t.length;
    int rhs = t.length == 0 ? width : t[0].length - 1;
    double[] d = new double[width];
    for (int j = 0; j < width; j++) {
      double v = cost[j];
      for (int i = 0; i < m; i++) {
        double cb = cost[basis[i]];
        if (cb != 0) {
          v -= cb * t[i][j];
        }
      }
      d[j] = v;
    }
    boolean[] isBasic = new boolean[width];
    for (int i = 0; i < m; i++) {
      isBasic[basis[i]] = true;
    }
    boolean bland = false;
    int degenerate = 0;
    for (int pivots = 0; pivots < maxPivots; pivots++) {
      int e = -1;
      for (int j = 0; j < width; j++) {
        if (!isBasic[j] && d[j] > EPS && (e < 0 || !bland && d[j] > d[e])) {
          e = j;
          if (bland) {
            break;
          }
        }
      }
      if (e < 0) {
        return Status.OPTIMAL;
      }
      int r = -1;
      double best = 0;
      for (int i = 0; i < m; i++) {
        double p = t[i][e];
        if (p > EPS) {
          double ratio = t[i][rhs] / p;
          if (r < 0 || ratio < best - EPS
              || ratio <= best + EPS && (bland ? basis[i] < basis[r] : p > t[r][e])) {
            r = i;
            best = ratio;
          }
        }
      }
      if (r < 0) {
        ray = new double[n];
        if (e < n) {
          ray[e] = 1;
        }
        for (int i = 0; i < m; i++) {
          if (basis[i] < n) {
            ray[basis[i]] = Math.max(0, -t[i][e]);
          }
        }
        return Status.UNBOUNDED;
      }
      degenerate = best <= EPS ? degenerate + 1 : 0;
      if (degenerate > DEGENERATE_LIMIT) {
        bland = true;
      }
      pivot(t, r, e);
      double factor = d[e];
      if (factor != 0) {
        double[] row = t[r];
        for (int j = 0; j < width; j++) {
          d[j] -= factor * row[j];
        }
      }
      d[e] = 0;
      isBasic[basis[r]] = false;
      isBasic[e] = true;
      basis[r] = e;
    }
    return Status.LIMIT;
  }

  private static void pivot(double[][] t, int r, int e) {
    double[] row = t[r];
    double p = row[e];
    int cols = row.length;
    for (int j = 0; j < cols; j++) {
      row[j] /= p;
    }
    row[e] = 1;
    for (int i = 0; i < t.length; i++) {
      if (i == r) {
        continue;
      }
      double[] other = t[i];
      double f = other[e];
      if (f != 0) {
        for (int j = 0; j < cols; j++) {
          if (row[j] != 0) {
            other[j] -= f * row[j];
          }
        }
        other[e] = 0;
      }
    }
  }

  /** Pivots artificial variables out of the basis, drops redundant rows and the artificial columns. */
  private void dropArtificials() {
    int m = t.length;
    int rhs = t.length == 0 ? 0 : t[0].length - 1;
    boolean[] keep = new boolean[m];
    for (int i = 0; i < m; i++) {
      keep[i] = true;
      if (basis[i] >= n) {
        int e = -1;
        for (int j = 0; j < n; j++) {
          if (Math.abs(t[i][j]) > 1e-7 && (e < 0 || Math.abs(t[i][j]) > Math.abs(t[i][e]))) {
            e = j;
          }
        }
        if (e < 0) {
          keep[i] = false; // a redundant equation
        } else {
          pivot(t, i, e);
          basis[i] = e;
        }
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    double[][] nt = new double[kept][n + 1];
    int[] nb = new int[kept];
    int at = 0;
    for (int i = 0; i < m; i++) {
      if (keep[i]) {
        System.arraycopy(t[i], 0, nt[at], 0, n);
        nt[at][n] = t[i][rhs];
        nb[at] = basis[i];
        at++;
      }
    }
    t = nt;
    basis = nb;
  }
}
