package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DisclosureAuditTest {

  private static final DisclosureAudit AUDIT = DisclosureAudit.builder().build();

  /** rows A, B × cols X, Y: A = (3, 10), B = (8, 20). */
  private static CountTable grid() {
    return CountTables.grid("g", List.of("A", "B"), List.of("X", "Y"), new long[][] {{3, 10}, {8, 20}});
  }

  private static CellRef g(String row, String col) {
    return CellRef.of("g", row, col);
  }

  @Test
  void audit_rectangleSuppressed_intervalsAsComputedByHand() {
    // Moving the rectangle by t: A/X = 3 + t, A/Y = 10 − t, B/X = 8 − t, B/Y = 20 + t, all ≥ 0,
    // so −3 ≤ t ≤ 8.
    AuditReport r = AUDIT.audit(grid(), Set.of(g("A", "X"), g("A", "Y"), g("B", "X"), g("B", "Y")));

    assertTrue(r.passed());
    assertEquals(new Interval(0, 11), r.interval(g("A", "X")));
    assertEquals(new Interval(2, 13), r.interval(g("A", "Y")));
    assertEquals(new Interval(0, 11), r.interval(g("B", "X")));
    assertEquals(new Interval(17, 28), r.interval(g("B", "Y")));
  }

  @Test
  void audit_rowPairSuppressed_bothRecoveredFromColumnTotals() {
    AuditReport r = AUDIT.audit(grid(), Set.of(g("A", "X"), g("A", "Y")));

    assertFalse(r.passed());
    assertEquals(Interval.point(3), r.interval(g("A", "X")));
    assertEquals(List.of(g("A", "X"), g("A", "Y")),
        r.violations(Violation.Kind.INTERVAL_TOO_NARROW).stream().map(Violation::cell).toList());
  }

  @Test
  void audit_singleSuppressedCellInLine_reportedAsRecoverable() {
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(40, "M").add(2, "UNK")
        .add(45, "TOTAL").build();

    AuditReport r = AUDIT.audit(row, Set.of(CellRef.of("r", "F")));

    assertEquals(Interval.point(3), r.interval(CellRef.of("r", "F")));
    assertEquals(2, r.violations().size());
    Violation narrow = r.violations().get(0);
    assertEquals(Violation.Kind.INTERVAL_TOO_NARROW, narrow.kind());
    assertEquals("suppressed cell r[sex=F] can be narrowed to an interval of width 0 "
        + "(required ≥ 1)", narrow.message());
    Violation small = r.violations().get(1);
    assertEquals(Violation.Kind.SMALL_CELL_PUBLISHED, small.kind());
    assertEquals(CellRef.of("r", "UNK"), small.cell());
    assertEquals("published cell r[sex=UNK] is below the threshold 5 (a value from 1 to 4)",
        small.message());
  }

  @Test
  void audit_twoCellsOfOneLine_unboundedOnlyByTheirSum() {
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(40, "M").add(43, "TOTAL").build();

    AuditReport r = AUDIT.audit(row, Set.of(CellRef.of("r", "F"), CellRef.of("r", "M")));

    assertTrue(r.passed());
    assertEquals(new Interval(0, 43), r.interval(CellRef.of("r", "F")));
  }

  @Test
  void audit_cellWithItsTotal_unboundedAbove() {
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(0, "M").add(3, "TOTAL").build();

    AuditReport r = AUDIT.audit(row, Set.of(CellRef.of("r", "F"), CellRef.of("r", "TOTAL")));

    assertTrue(r.passed());
    assertEquals(new Interval(0, Double.POSITIVE_INFINITY), r.interval(CellRef.of("r", "F")));
  }

  @Test
  void audit_intervalProtection_flagsIntervalsShorterThanWidth() {
    DisclosureAudit wide = DisclosureAudit.builder().protection(Protection.interval(12)).build();

    AuditReport r = wide.audit(grid(), Set.of(g("A", "X"), g("A", "Y"), g("B", "X"), g("B", "Y")));

    // every corner has width 11
    assertEquals(4, r.violations(Violation.Kind.INTERVAL_TOO_NARROW).size());
    assertEquals(11.0, r.interval(g("B", "Y")).width());
  }

  @Test
  void audit_sameCellPublishedInOtherTable_additionalEquationRecoversRectangle() {
    // table o publishes B/X of g (8) as its F cell: the rectangle then moves no more.
    CountTable other = CountTable.builder("o", "sex").add(8, "F").add(9, "M").add(17, "TOTAL").build();
    Set<CellRef> rectangle = Set.of(g("A", "X"), g("A", "Y"), g("B", "X"), g("B", "Y"));
    LinearConstraints links = LinearConstraints.builder()
        .addSame("g B/X is o F", g("B", "X"), CellRef.of("o", "F"))
        .build();

    AuditReport alone = AUDIT.audit(List.of(grid(), other), rectangle, LinearConstraints.empty());
    AuditReport linked = AUDIT.audit(List.of(grid(), other), rectangle, links);

    assertTrue(alone.passed());
    assertEquals(new Interval(0, 11), alone.interval(g("A", "X")));
    assertEquals(Interval.point(3), linked.interval(g("A", "X")));
    assertEquals(Interval.point(20), linked.interval(g("B", "Y")));
    assertEquals(4, linked.violations(Violation.Kind.INTERVAL_TOO_NARROW).size());
  }

  @Test
  void audit_unknownSuppressedCell_namesIt() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> AUDIT.audit(grid(), Set.of(g("C", "X"))));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertEquals("cell g[C, X] is in none of the tables", e.getMessage());
  }

  @Test
  void audit_equationThatDoesNotHold_namesIt() {
    CountTable other = CountTable.builder("o", "sex").add(4, "F").add(8, "M").add(12, "TOTAL").build();
    // g A/X is 3, o F is 4
    LinearConstraints links = LinearConstraints.builder()
        .addSame("g A/X is o F", g("A", "X"), CellRef.of("o", "F")).build();

    PipelineException e = assertThrows(PipelineException.class,
        () -> AUDIT.audit(List.of(grid(), other), Set.of(), links));

    assertEquals("equation 'g A/X is o F' does not hold for the tables' values", e.getMessage());
  }

  @Test
  void builder_thresholdOne_rejectedNamingValue() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> DisclosureAudit.builder().threshold(1).build());

    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals("threshold must be ≥ 2, was 1", e.getMessage());
  }

  /**
   * Two-dimensional margin systems are totally unimodular, so the linear programs' bounds must
   * equal the integer bounds found by trying every value: 300 random tables and patterns.
   */
  @Test
  void audit_randomTwoDimensionalPatterns_matchBruteForce() {
    Random random = new Random(20261129);
    for (int round = 0; round < 300; round++) {
      long[][] v = new long[2][2];
      for (long[] row : v) {
        for (int c = 0; c < row.length; c++) {
          row[c] = random.nextInt(4);
        }
      }
      CountTable t = CountTables.grid("g", List.of("A", "B"), List.of("X", "Y"), v);
      List<CellRef> suppressed = new ArrayList<>();
      for (Cell cell : t.cells()) {
        boolean grandTotal = cell.isTotal("row") && cell.isTotal("col");
        if (!grandTotal && random.nextInt(9) < 3 && suppressed.size() < 4) {
          suppressed.add(cell.ref());
        }
      }

      AuditReport r = AUDIT.audit(t, Set.copyOf(suppressed));

      Map<CellRef, long[]> expected = bruteForce(t, suppressed);
      for (CellRef ref : suppressed) {
        long[] mm = expected.get(ref);
        assertEquals(new Interval(mm[0], mm[1]), r.interval(ref), "round " + round + " cell " + ref);
      }
    }
  }

  /**
   * In three dimensions the linear relaxation can only be wider than the integer range: check it
   * contains it, on 100 random 2×2×2 tables.
   */
  @Test
  void audit_randomThreeDimensionalPatterns_containIntegerRange() {
    Random random = new Random(7);
    List<String> two = List.of("a", "b");
    for (int round = 0; round < 100; round++) {
      Map<List<String>, Long> interior = new LinkedHashMap<>();
      for (String x : two) {
        for (String y : two) {
          for (String z : two) {
            interior.put(List.of(x, y, z), (long) random.nextInt(3));
          }
        }
      }
      CountTable t = CountTables.fromInterior("c", List.of("x", "y", "z"), List.of(two, two, two), interior);
      List<CellRef> suppressed = new ArrayList<>();
      for (Cell cell : t.cells()) {
        boolean grandTotal = cell.isTotal("x") && cell.isTotal("y") && cell.isTotal("z");
        if (!grandTotal && random.nextInt(27) < 6 && suppressed.size() < 3) {
          suppressed.add(cell.ref());
        }
      }

      AuditReport r = AUDIT.audit(t, Set.copyOf(suppressed));

      Map<CellRef, long[]> integer = bruteForce(t, suppressed);
      for (CellRef ref : suppressed) {
        Interval lp = r.interval(ref);
        assertTrue(lp.min() <= integer.get(ref)[0] && lp.max() >= integer.get(ref)[1],
            "round " + round + " cell " + ref + ": " + lp);
        assertTrue(lp.contains(t.value(ref)));
      }
    }
  }

  /**
   * Integer min and max of each suppressed cell, trying 0 .. grand total for each (the grand total
   * is never suppressed in these tests, so it bounds every cell).
   */
  private static Map<CellRef, long[]> bruteForce(CountTable t, List<CellRef> suppressed) {
    List<CellRef> refs = t.cells().stream().map(Cell::ref).toList();
    long[] values = t.cells().stream().mapToLong(Cell::value).toArray();
    int[] vars = suppressed.stream().mapToInt(refs::indexOf).toArray();
    List<Equality> equations = LinearConstraints.margins(t).equalities();
    int[][] eqCells = new int[equations.size()][];
    long[][] eqCoefficients = new long[equations.size()][];
    for (int e = 0; e < equations.size(); e++) {
      eqCells[e] = equations.get(e).terms().keySet().stream().mapToInt(refs::indexOf).toArray();
      eqCoefficients[e] = equations.get(e).terms().values().stream().mapToLong(Long::longValue).toArray();
    }
    long cap = java.util.Arrays.stream(values).max().orElse(0); // the grand total
    long[][] minMax = new long[vars.length][];
    for (int i = 0; i < vars.length; i++) {
      minMax[i] = new long[] {Long.MAX_VALUE, Long.MIN_VALUE};
    }
    search(0, values.clone(), vars, cap, eqCells, eqCoefficients, minMax);
    Map<CellRef, long[]> out = new LinkedHashMap<>();
    for (int i = 0; i < vars.length; i++) {
      out.put(suppressed.get(i), minMax[i]);
    }
    return out;
  }

  private static void search(int k, long[] trial, int[] vars, long cap, int[][] eqCells,
      long[][] eqCoefficients, long[][] minMax) {
    if (k == vars.length) {
      for (int e = 0; e < eqCells.length; e++) {
        long sum = 0;
        for (int j = 0; j < eqCells[e].length; j++) {
          sum += eqCoefficients[e][j] * trial[eqCells[e][j]];
        }
        if (sum != 0) {
          return;
        }
      }
      for (int i = 0; i < vars.length; i++) {
        minMax[i][0] = Math.min(minMax[i][0], trial[vars[i]]);
        minMax[i][1] = Math.max(minMax[i][1], trial[vars[i]]);
      }
      return;
    }
    for (long x = 0; x <= cap; x++) {
      trial[vars[k]] = x;
      search(k + 1, trial, vars, cap, eqCells, eqCoefficients, minMax);
    }
  }
}
