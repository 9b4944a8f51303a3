package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

class WarmSimplexTest {

  @Test
  void optimise_twoByTwoWithMargins_givesTheRectangleInterval() {
    // cells a b / c d with row sums 13, 28 and column sums 11, 30 (a=3, b=10, c=8, d=20), all hidden;
    // the column equations are redundant given the rows and the total
    double[][] a = {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}, {0, 1, 0, 1}};
    double[] b = {13, 28, 11, 30};
    WarmSimplex s = WarmSimplex.start(a, b, 1000);
    assertNotNull(s);

    assertEquals(11, s.optimise(0, true).point()[0], 1e-9);
    assertEquals(0, s.optimise(0, false).point()[0], 1e-9);
    assertEquals(13, s.optimise(1, true).point()[1], 1e-9);
    assertEquals(2, s.optimise(1, false).point()[1], 1e-9);
    double[] p = s.optimise(3, false).point();
    assertArrayEquals(new double[] {0, 13, 11, 17}, p, 1e-9, "the minimum of d is a vertex where every equation holds");
  }

  @Test
  void optimise_cellInNoBoundingEquation_reportsAGrowingRay() {
    // x0 - x1 = 2: x0 can grow without bound along (1, 1)
    WarmSimplex s = WarmSimplex.start(new double[][] {{1, -1}}, new double[] {2}, 1000);

    WarmSimplex.Solution max = s.optimise(0, true);

    assertTrue(max.unbounded());
    assertArrayEquals(new double[] {1, 1}, max.ray(), 1e-12);
    assertEquals(2, s.optimise(0, false).point()[0], 1e-9);
  }

  @Test
  void start_infeasibleSystem_returnsNull() {
    assertNull(WarmSimplex.start(new double[][] {{1, 1}}, new double[] {-3}, 1000));
  }

  /** A random three-way margin table's system over its hidden cells, and those cells' true values. */
  private record MarginSystem(double[][] a, double[] b, double[] truth) {}

  /**
   * Random three-way tables with all margins (the shape the suppressor audits), a random half of
   * the cells hidden; null when nothing is hidden or no equation touches a hidden cell.
   */
  private static MarginSystem randomSystem(Random random) {
    int[] dims = {2 + random.nextInt(3), 2 + random.nextInt(3), 2 + random.nextInt(2)};
    int cells = dims[0] * dims[1] * dims[2];
    long[] value = new long[cells];
    for (int i = 0; i < cells; i++) {
      value[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(9);
    }
    boolean[] hidden = new boolean[cells];
    List<Integer> vars = new ArrayList<>();
    for (int i = 0; i < cells; i++) {
      hidden[i] = random.nextBoolean();
      if (hidden[i]) {
        vars.add(i);
      }
    }
    // the equations: every line of the cube (one coordinate free) sums to its margin
    List<double[]> rows = new ArrayList<>();
    List<Double> rhs = new ArrayList<>();
    for (int free = 0; free < 3; free++) {
      int o1 = (free + 1) % 3;
      int o2 = (free + 2) % 3;
      for (int u = 0; u < dims[o1]; u++) {
        for (int v = 0; v < dims[o2]; v++) {
          // the line's hidden cells sum to its margin less its published cells
          double[] row = new double[vars.size()];
          double constant = 0;
          boolean any = false;
          for (int w = 0; w < dims[free]; w++) {
            int[] at = new int[3];
            at[free] = w;
            at[o1] = u;
            at[o2] = v;
            int cell = (at[0] * dims[1] + at[1]) * dims[2] + at[2];
            if (hidden[cell]) {
              row[vars.indexOf(cell)] = 1;
              constant += value[cell];
              any = true;
            }
          }
          if (any) {
            rows.add(row);
            rhs.add(constant);
          }
        }
      }
    }
    if (vars.isEmpty() || rows.isEmpty()) {
      return null;
    }
    return new MarginSystem(rows.toArray(new double[0][]), rhs.stream().mapToDouble(Double::doubleValue).toArray(),
        vars.stream().mapToDouble(c -> value[c]).toArray());
  }

  /**
   * The warm solver's minimum and maximum of every hidden cell, asked one after the other from the
   * same tableau, equal commons-math's cold solves.
   */
  @Test
  void optimise_randomMarginTables_agreesWithCommonsMathOnEveryCell() {
    Random random = new Random(7);
    int compared = 0;
    for (int round = 0; round < 12; round++) {
      MarginSystem sys = randomSystem(random);
      if (sys == null) {
        continue;
      }
      WarmSimplex warm = WarmSimplex.start(sys.a(), sys.b(), 10_000);
      assertNotNull(warm);
      compared += assertAgreesWithCold(warm, sys.a(), sys.b(), "round " + round);
    }
    assertTrue(compared > 100, "compared " + compared);
  }

  /**
   * Publishing hidden cells again (fixing them at their true values), the tableau started from the
   * larger system's basis gives the same minimum and maximum of every remaining cell as the system
   * built without those cells, solved cold.
   */
  @Test
  void without_randomMarginTables_fixingCellsAgreesWithTheSmallerSystem() {
    Random random = new Random(11);
    int compared = 0;
    for (int round = 0; round < 12; round++) {
      MarginSystem sys = randomSystem(random);
      if (sys == null || sys.truth().length < 3) {
        continue;
      }
      WarmSimplex warm = WarmSimplex.start(sys.a(), sys.b(), 10_000);
      int n = sys.truth().length;
      warm.optimise(random.nextInt(n), random.nextBoolean()); // any basis the larger system was left in
      List<Integer> fixed = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (fixed.size() < n - 1 && random.nextInt(3) == 0) {
          fixed.add(j);
        }
      }
      int[] columns = fixed.stream().mapToInt(Integer::intValue).toArray();
      double[] at = fixed.stream().mapToDouble(j -> sys.truth()[j]).toArray();
      double[][] a = new double[sys.a().length][n - columns.length];
      double[] b = sys.b().clone();
      for (int i = 0; i < a.length; i++) {
        int k = 0;
        for (int j = 0; j < n; j++) {
          if (fixed.contains(j)) {
            b[i] -= sys.a()[i][j] * sys.truth()[j];
          } else {
            a[i][k++] = sys.a()[i][j];
          }
        }
      }

      WarmSimplex smaller = warm.without(columns, at, 10_000);

      assertNotNull(smaller, "round " + round);
      compared += assertAgreesWithCold(smaller, a, b, "round " + round + " without " + fixed);
    }
    assertTrue(compared > 50, "compared " + compared);
  }

  /** Compares every cell's minimum and maximum with commons-math's; returns how many were compared. */
  private static int assertAgreesWithCold(WarmSimplex warm, double[][] a, double[] b, String what) {
    List<LinearConstraint> constraints = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      constraints.add(new LinearConstraint(a[i], Relationship.EQ, b[i]));
    }
    int compared = 0;
    for (int k = 0; k < a[0].length; k++) {
      for (boolean max : new boolean[] {true, false}) {
        Double expected = cold(a[0].length, constraints, k, max);
        WarmSimplex.Solution got = warm.optimise(k, max);
        if (expected == null) {
          assertTrue(got.unbounded(), what + " cell " + k + " unbounded");
        } else {
          assertEquals(expected, got.point()[k], 1e-7, what + " cell " + k + (max ? " max" : " min"));
        }
        compared++;
      }
    }
    return compared;
  }

  private static Double cold(int n, List<LinearConstraint> constraints, int k, boolean max) {
    double[] objective = new double[n];
    objective[k] = 1;
    try {
      return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(objective, 0),
          new LinearConstraintSet(constraints), max ? GoalType.MAXIMIZE : GoalType.MINIMIZE,
          new NonNegativeConstraint(true), PivotSelectionRule.BLAND).getPoint()[k];
    } catch (UnboundedSolutionException e) {
      return null;
    }
  }
}
