package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IntervalEngineTest {

  /** The 2×2 grid A = (3, 10), B = (8, 20) with margins, plus a link B/X = o/F. */
  private static IntervalEngine engine(boolean linked) {
    CountTable g = CountTables.grid("g", List.of("A", "B"), List.of("X", "Y"), new long[][] {{3, 10}, {8, 20}});
    CountTable o = CountTable.builder("o", "sex").add(8, "F").add(9, "M").add(17, "TOTAL").build();
    LinearConstraints links = linked
        ? LinearConstraints.builder().addSame("link", CellRef.of("g", "B", "X"), CellRef.of("o", "F")).build()
        : LinearConstraints.empty();
    return new TableSet(List.of(g, o), links).engine;
  }

  private static int[] rectangle(IntervalEngine e) {
    return new int[] {
      e.indexOf(CellRef.of("g", "A", "X")), e.indexOf(CellRef.of("g", "A", "Y")),
      e.indexOf(CellRef.of("g", "B", "X")), e.indexOf(CellRef.of("g", "B", "Y"))
    };
  }

  @Test
  void addWitness_rectangleMoveWithinOneTable_kept() {
    IntervalEngine e = engine(false);

    assertTrue(e.addWitness(rectangle(e), new double[] {11, 2, 0, 28}));
  }

  @Test
  void addWitness_moveBreakingLinkToOtherTable_rejected() {
    IntervalEngine e = engine(true);

    assertFalse(e.addWitness(rectangle(e), new double[] {11, 2, 0, 28}));
  }

  @Test
  void addWitness_negativeCell_rejected() {
    IntervalEngine e = engine(false);

    assertFalse(e.addWitness(rectangle(e), new double[] {-1, 14, 12, 16}));
  }

  @Test
  void narrow_witnessesOnly_needNoLinearProgram() {
    IntervalEngine e = engine(false);
    int[] cells = rectangle(e);
    BitSet s = new BitSet();
    for (int c : cells) {
      s.set(c);
    }
    e.addWitness(cells, new double[] {0, 13, 11, 17});
    e.addWitness(cells, new double[] {11, 2, 0, 28});

    BitSet narrow = e.narrow(s, Protection.exact(), new int[0], new BitSet(), false);

    assertTrue(narrow.isEmpty());
    assertEquals(0, e.linearPrograms());
  }

  @Test
  void narrow_linkedRectangle_allFourNarrowDespiteRejectedWitness() {
    IntervalEngine e = engine(true);
    int[] cells = rectangle(e);
    BitSet s = new BitSet();
    for (int c : cells) {
      s.set(c);
    }
    e.addWitness(cells, new double[] {11, 2, 0, 28});

    BitSet narrow = e.narrow(s, Protection.exact(), new int[0], new BitSet(), false);

    assertEquals(4, narrow.cardinality());
  }

  @Test
  void intervals_componentsSolvedSeparately_sameAsHand() {
    SortedMap<CellRef, Long> values = new TreeMap<>();
    // two independent lines: a + b = 10 and c + d = 4
    values.put(CellRef.of("t", "a"), 7L);
    values.put(CellRef.of("t", "b"), 3L);
    values.put(CellRef.of("t", "c"), 1L);
    values.put(CellRef.of("t", "d"), 3L);
    values.put(CellRef.of("t", "s"), 10L);
    values.put(CellRef.of("t", "u"), 4L);
    LinearConstraints c = LinearConstraints.builder()
        .addSum("ab", List.of(CellRef.of("t", "a"), CellRef.of("t", "b")), CellRef.of("t", "s"))
        .addSum("cd", List.of(CellRef.of("t", "c"), CellRef.of("t", "d")), CellRef.of("t", "u"))
        .build();
    IntervalEngine e = new IntervalEngine(values, c);
    BitSet s = new BitSet();
    s.set(0, 4);

    Interval[] intervals = e.intervals(s);

    assertEquals(new Interval(0, 10), intervals[0]);
    assertEquals(new Interval(0, 10), intervals[1]);
    assertEquals(new Interval(0, 4), intervals[2]);
    assertEquals(new Interval(0, 4), intervals[3]);
    assertEquals(0, e.coldComponents(), "the warm solver's answers passed their checks");
  }

  @Test
  void intervals_samePatternAgain_answeredFromTheKeptComponents() {
    IntervalEngine e = engine(true);
    BitSet s = new BitSet();
    for (int c : rectangle(e)) {
      s.set(c);
    }
    Interval[] first = e.intervals(s);
    int solved = e.linearPrograms();

    Interval[] again = e.intervals(s);

    assertTrue(solved > 0);
    assertEquals(solved, e.linearPrograms(), "no linear program solved twice");
    assertEquals(java.util.Arrays.asList(first), java.util.Arrays.asList(again));
  }

  @Test
  void intervals_cellsPublishedAgain_seededFromTheLargerComponentSameAsFresh() {
    CountTable t = CountTables.denmark(3);
    IntervalEngine e = new TableSet(List.of(t), LinearConstraints.empty()).engine;
    BitSet s = new BitSet();
    for (int i = 0; i < e.size(); i++) {
      if (e.value(i) < 9) {
        s.set(i);
      }
    }
    e.intervals(s);
    int compared = 0;
    // publish cells again one at a time, as pruning does
    for (int r = s.nextSetBit(0), k = 0; r >= 0 && k < 6; r = s.nextSetBit(r + 1), k++) {
      s.clear(r);
      IntervalEngine fresh = new TableSet(List.of(t), LinearConstraints.empty()).engine;

      Interval[] seeded = e.intervals(s);

      assertEquals(java.util.Arrays.asList(fresh.intervals(s)), java.util.Arrays.asList(seeded), "without " + e.ref(r));
      compared += s.cardinality();
    }
    assertTrue(e.seededComponents() >= 6, "seeded " + e.seededComponents());
    assertEquals(0, e.coldComponents());
    assertTrue(compared > 100, "compared " + compared);
  }
}
