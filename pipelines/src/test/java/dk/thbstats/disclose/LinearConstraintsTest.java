package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.PipelineException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LinearConstraintsTest {

  @Test
  void margins_threeDimensionalTable_oneEquationPerLine() {
    CountTable t = CountTables.denmark(1);

    LinearConstraints c = LinearConstraints.margins(t);

    // year lines: 4 sexes × 4 ages; sex lines: 7 years × 4 ages; age lines: 7 × 4.
    assertEquals(16 + 28 + 28, c.size());
    assertEquals(112, c.cells().size());
    Map<CellRef, Long> values = new TreeMap<>();
    t.cells().forEach(cell -> values.put(cell.ref(), cell.value()));
    assertTrue(c.equalities().stream().allMatch(e -> e.holdsFor(values)));
  }

  @Test
  void margins_twoByTwo_partsMinusTotal() {
    CountTable t = CountTables.grid("g", List.of("A", "B"), List.of("X", "Y"), new long[][] {{1, 2}, {3, 4}});

    LinearConstraints c = LinearConstraints.margins(t);

    assertEquals(6, c.size());
    Equality rowA = c.equalities().stream()
        .filter(e -> e.label().equals("g: col at row=A")).findFirst().orElseThrow();
    assertEquals(Map.of(CellRef.of("g", "A", "X"), 1L, CellRef.of("g", "A", "Y"), 1L,
        CellRef.of("g", "A", "TOTAL"), -1L), rowA.terms());
    assertEquals(0, rowA.constant());
  }

  @Test
  void margins_oneDimension_labelsGrandTotal() {
    CountTable t = CountTable.builder("r", "sex").add(1, "F").add(2, "M").add(3, "TOTAL").build();

    LinearConstraints c = LinearConstraints.margins(t);

    assertEquals(1, c.size());
    assertEquals("r: sex at the grand total", c.equalities().get(0).label());
  }

  @Test
  void builder_sameEquationTwice_keptOnce() {
    CountTable t = CountTables.denmark(2);

    LinearConstraints c = LinearConstraints.builder().addMargins(t).addMargins(t).build();

    assertEquals(72, c.size());
  }

  @Test
  void builder_crossTableEquations_addedToOneSystem() {
    CellRef a = CellRef.of("t1", "TOTAL");
    CellRef b = CellRef.of("t2", "TOTAL");

    LinearConstraints c = LinearConstraints.builder()
        .addSame("t1 and t2 count the same persons", a, b)
        .addSum("t2 total split in t3", List.of(CellRef.of("t3", "X"), CellRef.of("t3", "Y")), b)
        .build();

    assertEquals(2, c.size());
    assertEquals(Map.of(a, 1L, b, -1L), c.equalities().get(0).terms());
    assertEquals(4, c.cells().size());
  }

  @Test
  void sum_partGivenTwice_rejected() {
    CellRef x = CellRef.of("t", "X");

    PipelineException e = assertThrows(PipelineException.class,
        () -> Equality.sum("bad", List.of(x, x), CellRef.of("t", "TOTAL")));

    assertEquals("equality 'bad' names part t[X] twice", e.getMessage());
  }
}
