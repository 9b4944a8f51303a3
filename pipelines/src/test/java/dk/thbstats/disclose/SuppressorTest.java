package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SuppressorTest {

  private static final Suppressor DEFAULT = Suppressor.builder().build();
  private static final Suppressor PIPELINE =
      Suppressor.builder().neverSuppress(CountTables::yearlyTotal).build();

  private static CellRef g(String row, String col) {
    return CellRef.of("g", row, col);
  }

  private static CountTable grid(List<String> cols, long[][] values) {
    return CountTables.grid("g", List.of("A", "B"), cols, values);
  }

  /** Re-audits the result's pattern from scratch: it must agree cell by cell. */
  private static void assertAuditAgrees(CountTable table, SuppressionResult result) {
    AuditReport again = DisclosureAudit.builder().build().audit(table, result.suppressed());
    assertEquals(result.audit().intervals(), again.intervals());
    assertEquals(result.isProtected(), again.passed());
  }

  @Test
  void builder_thresholdOne_rejectedNamingValue() {
    PipelineException e =
        assertThrows(PipelineException.class, () -> Suppressor.builder().threshold(1).build());

    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals("threshold must be ≥ 2, was 1", e.getMessage());
  }

  @Test
  void builder_nullPredicate_rejected() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> Suppressor.builder().neverSuppress(null).build());

    assertEquals("neverSuppress must be set, was null", e.getMessage());
  }

  @Test
  void protection_widthZero_rejectedNamingValue() {
    PipelineException e = assertThrows(PipelineException.class, () -> Protection.interval(0));

    assertEquals("protection width must be ≥ 1, was 0", e.getMessage());
  }

  @Test
  void suppress_twoByTwoWithOneCellOf3_suppressesFullRectangle() {
    CountTable t = grid(List.of("X", "Y"), new long[][] {{3, 10}, {8, 20}});

    SuppressionResult r = DEFAULT.suppress(t);

    assertTrue(r.isProtected());
    assertEquals(1, r.primaryCount());
    assertEquals(3, r.secondaryCount());
    assertEquals(Set.of(g("A", "X")), r.cellsWith(CellStatus.PRIMARY));
    assertEquals(Set.of(g("A", "Y"), g("B", "X"), g("B", "Y")), r.cellsWith(CellStatus.SECONDARY));
    assertEquals(new Interval(0, 11), r.outcome(g("A", "X")).interval());
    assertEquals(5, r.cellsWith(CellStatus.PUBLISHED).size());
    assertTrue(r.publishedValue(g("A", "X")).isEmpty());
    assertEquals(41, r.publishedValue(g("TOTAL", "TOTAL")).getAsLong());
    assertAuditAgrees(t, r);
  }

  @Test
  void suppress_smallRowWithZero_rowTotalIsPrimaryAndRectangleUsesMargins() {
    // Row A = (3, 0): its total 3 is primary too; the zero stays published.
    CountTable t = grid(List.of("X", "Y"), new long[][] {{3, 0}, {10, 7}});

    SuppressionResult r = DEFAULT.suppress(t);

    assertTrue(r.isProtected());
    assertEquals(Set.of(g("A", "TOTAL"), g("A", "X")), r.cellsWith(CellStatus.PRIMARY));
    assertEquals(Set.of(g("B", "TOTAL"), g("B", "X")), r.cellsWith(CellStatus.SECONDARY));
    assertEquals(CellStatus.PUBLISHED, r.status(g("A", "Y")));
    // corners move by t: A/X = 3 + t, A/TOTAL = 3 + t, B/X = 10 − t, B/TOTAL = 17 − t
    assertEquals(new Interval(0, 13), r.outcome(g("A", "X")).interval());
    assertEquals(new Interval(7, 20), r.outcome(g("B", "TOTAL")).interval());
    assertAuditAgrees(t, r);
  }

  @Test
  void suppress_smallCellBesideZero_zeroStaysPublished() {
    CountTable t = grid(List.of("X", "Y", "Z"), new long[][] {{3, 0, 12}, {9, 6, 15}});

    SuppressionResult r = DEFAULT.suppress(t);

    assertTrue(r.isProtected());
    // the zero would have been the cheaper cube, but a hidden 0 can only move up: A/Z is used
    assertEquals(Set.of(g("A", "Z"), g("B", "X"), g("B", "Z")), r.cellsWith(CellStatus.SECONDARY));
    assertEquals(CellStatus.PUBLISHED, r.status(g("A", "Y")));
    assertEquals(new Interval(0, 12), r.outcome(g("A", "X")).interval());
    assertAuditAgrees(t, r);
  }

  @Test
  void suppress_onlyZeroCanProtect_zeroUsedAfterAll() {
    // F = 3 must be hidden; UNK and TOTAL may not be: only the zero M can hide it
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(0, "M").add(10, "UNK").add(13, "TOTAL").build();
    Suppressor s = Suppressor.builder().protection(Protection.exact())
        .neverSuppress(c -> !c.ref().coordinates().get(0).equals("M")).build();

    SuppressionResult r = s.suppress(row);

    assertTrue(r.isProtected());
    assertEquals(Set.of(CellRef.of("r", "M")), r.cellsWith(CellStatus.SECONDARY));
    assertEquals(new Interval(0, 3), r.outcome(CellRef.of("r", "F")).interval());
    assertAuditAgrees(row, r);
  }

  @Test
  void suppress_smallCellBesideZeroWithWidth5_zeroNotEnough() {
    CountTable t = grid(List.of("X", "Y", "Z"), new long[][] {{3, 0, 12}, {9, 6, 15}});
    Suppressor wide = Suppressor.builder().protection(Protection.interval(5)).build();

    SuppressionResult r = wide.suppress(t);

    assertTrue(r.isProtected());
    assertEquals(Set.of(g("A", "Z"), g("B", "X"), g("B", "Z")), r.cellsWith(CellStatus.SECONDARY));
    assertEquals(new Interval(0, 12), r.outcome(g("A", "X")).interval());
    assertTrue(r.audit().intervals().values().stream().allMatch(i -> i.width() >= 5));
  }

  @Test
  void suppress_lineWithSmallCellAndZero_cellAndTotalProtectEachOther() {
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(0, "M").add(3, "TOTAL").build();

    SuppressionResult r = DEFAULT.suppress(row);

    assertTrue(r.isProtected());
    assertEquals(2, r.primaryCount());
    assertEquals(0, r.secondaryCount());
    assertEquals(0, r.publishedValue(CellRef.of("r", "M")).getAsLong());
    assertEquals(new Interval(0, Double.POSITIVE_INFINITY), r.outcome(CellRef.of("r", "F")).interval());
  }

  @Test
  void suppress_denmarkTables_yearlyTotalsPublishedAndAuditPasses() {
    for (long seed = 1; seed <= 6; seed++) {
      CountTable t = CountTables.denmark(seed);

      SuppressionResult r = PIPELINE.suppress(t);

      assertTrue(r.isProtected(), "seed " + seed + ": " + r.failures());
      long small = t.cells().stream().filter(c -> c.value() >= 1 && c.value() < 5).count();
      assertEquals(small, r.primaryCount(), "seed " + seed);
      for (Cell c : t.cells()) {
        CellOutcome o = r.outcome(c.ref());
        if (CountTables.yearlyTotal(c)) {
          assertEquals(CellStatus.PUBLISHED, o.status(), "seed " + seed + " " + c.ref());
        }
        if (o.status() == CellStatus.PUBLISHED) {
          assertFalse(c.value() >= 1 && c.value() < 5, "seed " + seed + " " + c.ref());
        } else {
          assertTrue(o.interval().width() >= 1 - 1e-6, "seed " + seed + " " + c.ref());
        }
      }
      assertAuditAgrees(t, r);
    }
  }

  @Test
  void suppress_denmarkTable_fixedFigures() {
    CountTable t = CountTables.denmark(1);

    SuppressionResult r = PIPELINE.suppress(t);

    assertEquals(112, t.size());
    assertEquals(42, r.primaryCount());
    assertEquals(19, r.secondaryCount()); // 18 when zeros were complements too
    assertEquals(51, r.cellsWith(CellStatus.PUBLISHED).size());
  }

  @Test
  void suppress_denmarkTable_everySecondaryCellIsNeeded() {
    CountTable t = CountTables.denmark(3);
    DisclosureAudit audit = DisclosureAudit.builder().build();

    SuppressionResult r = PIPELINE.suppress(t);

    for (CellRef secondary : r.cellsWith(CellStatus.SECONDARY)) {
      Set<CellRef> fewer = new TreeSet<>(r.suppressed());
      fewer.remove(secondary);
      assertFalse(audit.audit(t, fewer).passed(), "publishing " + secondary + " would be safe");
    }
  }

  @Test
  void suppress_denmarkTable_wellUnderASecond() {
    PIPELINE.suppress(CountTables.denmark(99)); // warm up class loading and the JIT
    CountTable t = CountTables.denmark(1);

    long start = System.nanoTime();
    SuppressionResult r = PIPELINE.suppress(t);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(r.isProtected());
    assertTrue(millis < 1000, "took " + millis + " ms");
  }

  @Test
  void suppress_denmarkTableWithWidth5_everyIntervalAtLeast5() {
    CountTable t = CountTables.denmark(1);
    Suppressor wide = Suppressor.builder()
        .neverSuppress(CountTables::yearlyTotal).protection(Protection.interval(5)).build();

    SuppressionResult r = wide.suppress(t);

    assertTrue(r.isProtected(), r.failures().toString());
    assertTrue(r.secondaryCount() >= PIPELINE.suppress(t).secondaryCount());
    assertTrue(r.audit().intervals().values().stream().allMatch(i -> i.width() >= 5 - 1e-6));
  }

  @Test
  void suppress_neverSetPinsLine_returnsFailureWithoutLooping() {
    CountTable row = CountTable.builder("r", "sex").add(3, "F").add(50, "M").add(53, "TOTAL").build();
    Suppressor blocked = Suppressor.builder().neverSuppress(c -> !c.coordinate("sex").equals("F")).build();

    SuppressionResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> blocked.suppress(row));

    assertFalse(r.isProtected());
    assertEquals(1, r.failures().size());
    assertEquals(CellRef.of("r", "F"), r.failures().get(0).cell());
    assertEquals(Violation.Kind.INTERVAL_TOO_NARROW, r.failures().get(0).kind());
    assertEquals(CellStatus.PRIMARY, r.status(CellRef.of("r", "F")));
    assertEquals(0, r.secondaryCount());
  }

  @Test
  void suppress_neverSetCoversEveryOtherCell_returnsFailureNamingThePrimary() {
    CountTable t = grid(List.of("X", "Y"), new long[][] {{3, 10}, {8, 20}});
    Suppressor blocked = Suppressor.builder().neverSuppress(c -> c.value() >= 5).build();

    SuppressionResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> blocked.suppress(t));

    assertFalse(r.isProtected());
    assertEquals(List.of(g("A", "X")), r.failures().stream().map(Violation::cell).toList());
    assertEquals(0, r.secondaryCount());
  }

  /** year × sex where the total of 2022 is 3 (F 2, M 1). */
  private static CountTable smallYear() {
    return CountTables.fromInterior("y", List.of("year", "sex"),
        List.of(List.of("2021", "2022", "2023"), List.of("F", "M")),
        Map.of(List.of("2021", "F"), 60L, List.of("2021", "M"), 20L,
            List.of("2022", "F"), 2L, List.of("2022", "M"), 1L,
            List.of("2023", "F"), 70L, List.of("2023", "M"), 15L));
  }

  @Test
  void suppress_smallCellInNeverSet_staysPrimaryAndIsProtectedThroughGrandTotal() {
    Suppressor s = Suppressor.builder()
        .neverSuppress(c -> c.isTotal("sex") && !c.isTotal("year")).build();

    SuppressionResult r = s.suppress(smallYear());

    assertTrue(r.isProtected(), r.failures().toString());
    assertEquals(CellStatus.PRIMARY, r.status(CellRef.of("y", "2022", "TOTAL")));
    assertEquals(CellStatus.PUBLISHED, r.status(CellRef.of("y", "2021", "TOTAL")));
    assertEquals(CellStatus.PUBLISHED, r.status(CellRef.of("y", "2023", "TOTAL")));
    assertEquals(CellStatus.SECONDARY, r.status(CellRef.of("y", "TOTAL", "TOTAL")));
  }

  @Test
  void suppress_smallCellPinnedByNeverSet_staysPrimaryAndIsReported() {
    // every sex=TOTAL cell is in the never-set, so 2022/TOTAL = grand total − the other years
    Suppressor s = Suppressor.builder().neverSuppress(c -> c.isTotal("sex")).build();

    SuppressionResult r = s.suppress(smallYear());

    assertFalse(r.isProtected());
    assertEquals(CellStatus.PRIMARY, r.status(CellRef.of("y", "2022", "TOTAL")));
    assertEquals(List.of(CellRef.of("y", "2022", "TOTAL")),
        r.failures().stream().map(Violation::cell).toList());
  }

  @Test
  void suppress_sameTableAnyCellOrder_identicalResult() {
    CountTable t = CountTables.denmark(4);
    List<Cell> reversed = new ArrayList<>(t.cells());
    Collections.reverse(reversed);
    CountTable.Builder b = CountTable.builder(t.name(), t.dimensions());
    reversed.forEach(c -> b.add(c.ref().coordinates(), c.value()));
    CountTable same = b.build();

    SuppressionResult first = PIPELINE.suppress(t);
    SuppressionResult second = Suppressor.builder().neverSuppress(CountTables::yearlyTotal).build()
        .suppress(same);

    assertEquals(first, second);
    assertEquals(first, PIPELINE.suppress(t));
  }

  @Test
  void suppress_cellPublishedInLinkedTable_complementsSpreadToThatTable() {
    CountTable t = grid(List.of("X", "Y"), new long[][] {{3, 10}, {8, 20}});
    CountTable other = CountTable.builder("o", "sex").add(8, "F").add(9, "M").add(17, "TOTAL").build();
    LinearConstraints links = LinearConstraints.builder()
        .addSame("g B/X is o F", g("B", "X"), CellRef.of("o", "F")).build();

    SuppressionResult r = DEFAULT.suppress(List.of(t, other), links);

    assertTrue(r.isProtected(), r.failures().toString());
    assertEquals(Set.of(g("A", "Y"), g("B", "X"), g("B", "Y"), CellRef.of("o", "F"), CellRef.of("o", "M")),
        r.cellsWith(CellStatus.SECONDARY));
    assertEquals(new Interval(0, 11), r.outcome(CellRef.of("o", "F")).interval());
    AuditReport again = DisclosureAudit.builder().build()
        .audit(List.of(t, other), r.suppressed(), links);
    assertTrue(again.passed());
    assertEquals(r.audit().intervals(), again.intervals());
  }
}
