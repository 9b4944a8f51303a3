package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountTableTest {

  /** sex (F, M, TOTAL) × age (A, C, TOTAL) with interior F/A=4, F/C=1, M/A=7, M/C=0. */
  private static CountTable.Builder small() {
    return CountTable.builder("t", "sex", "age")
        .add(4, "F", "A").add(1, "F", "C").add(5, "F", "TOTAL")
        .add(7, "M", "A").add(0, "M", "C").add(7, "M", "TOTAL")
        .add(11, "TOTAL", "A").add(1, "TOTAL", "C").add(12, "TOTAL", "TOTAL");
  }

  @Test
  void build_completeAdditiveTable_keepsCellsInRefOrder() {
    CountTable t = small().build();

    assertEquals(9, t.size());
    assertEquals(List.of("sex", "age"), t.dimensions());
    assertEquals(List.of("F", "M", "TOTAL"), t.levels("sex"));
    assertEquals(CellRef.of("t", "F", "A"), t.cells().get(0).ref());
    assertEquals(CellRef.of("t", "TOTAL", "TOTAL"), t.cells().get(8).ref());
    assertEquals(12, t.value("TOTAL", "TOTAL"));
    assertEquals(0, t.value(t.ref("M", "C")));
    assertEquals("t[sex=F, age=C]", t.describe(t.ref("F", "C")));
  }

  @Test
  void build_cellsAddedInAnyOrder_sameTable() {
    CountTable a = small().build();
    CountTable b = CountTable.builder("t", "sex", "age")
        .add(12, "TOTAL", "TOTAL").add(1, "TOTAL", "C").add(11, "TOTAL", "A")
        .add(7, "M", "TOTAL").add(0, "M", "C").add(7, "M", "A")
        .add(5, "F", "TOTAL").add(1, "F", "C").add(4, "F", "A")
        .build();

    assertEquals(a.cells(), b.cells());
  }

  @Test
  void build_missingCell_namesTheCell() {
    CountTable.Builder b = CountTable.builder("t", "sex", "age")
        .add(4, "F", "A").add(4, "F", "TOTAL")
        .add(0, "M", "TOTAL")
        .add(4, "TOTAL", "A").add(4, "TOTAL", "TOTAL");

    PipelineException e = assertThrows(PipelineException.class, b::build);

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertEquals("table t is incomplete: cell t[sex=M, age=A] is missing (1 of 6 cells missing)",
        e.getMessage());
  }

  @Test
  void build_marginDiffersFromSum_namesCellDimensionAndDifference() {
    CountTable.Builder b = CountTable.builder("t", "sex", "age")
        .add(4, "F", "A").add(1, "F", "C").add(5, "F", "TOTAL")
        .add(7, "M", "A").add(0, "M", "C").add(7, "M", "TOTAL")
        .add(11, "TOTAL", "A").add(3, "TOTAL", "C").add(14, "TOTAL", "TOTAL");

    PipelineException e = assertThrows(PipelineException.class, b::build);

    assertEquals("table t is not additive: cell t[sex=TOTAL, age=C] differs by 2 from the sum over sex",
        e.getMessage());
  }

  @Test
  void add_sameCellTwice_namesTheCell() {
    CountTable.Builder b = CountTable.builder("t", "sex").add(1, "F");

    PipelineException e = assertThrows(PipelineException.class, () -> b.add(2, "F"));

    assertEquals("cell t[sex=F] is given twice", e.getMessage());
  }

  @Test
  void add_negativeValue_rejected() {
    CountTable.Builder b = CountTable.builder("t", "sex");

    PipelineException e = assertThrows(PipelineException.class, () -> b.add(-1, "F"));

    assertEquals("cell t[sex=F] must be ≥ 0, was -1", e.getMessage());
  }

  @Test
  void add_wrongNumberOfCoordinates_rejected() {
    CountTable.Builder b = CountTable.builder("t", "sex", "age");

    PipelineException e = assertThrows(PipelineException.class, () -> b.add(1, "F"));

    assertEquals("a cell of table t has 1 coordinates, the table has 2 dimensions [sex, age]",
        e.getMessage());
  }

  @Test
  void build_dimensionWithoutTotal_rejected() {
    CountTable.Builder b = CountTable.builder("t", "sex").add(1, "F").add(2, "M");

    PipelineException e = assertThrows(PipelineException.class, b::build);

    assertEquals("table t: dimension sex has no TOTAL value", e.getMessage());
  }

  @Test
  void builder_repeatedDimension_rejected() {
    PipelineException e =
        assertThrows(PipelineException.class, () -> CountTable.builder("t", "sex", "sex"));

    assertEquals("table t names dimension sex twice", e.getMessage());
  }

  @Test
  void cell_isTotalAndCoordinate_readByDimensionName() {
    Cell c = small().build().cell(CellRef.of("t", "TOTAL", "C"));

    assertTrue(c.isTotal("sex"));
    assertFalse(c.isTotal("age"));
    assertEquals("C", c.coordinate("age"));
    PipelineException e = assertThrows(PipelineException.class, () -> c.coordinate("year"));
    assertEquals("table t has no dimension year, only [sex, age]", e.getMessage());
  }

  @Test
  void ref_unknownCell_namesIt() {
    CountTable t = small().build();

    PipelineException e = assertThrows(PipelineException.class, () -> t.ref("X", "A"));

    assertEquals("table t has no cell t[X, A]", e.getMessage());
  }

  @Test
  void build_denmarkFixture_additiveWithRealisticYearlyTotals() {
    CountTable t = CountTables.denmark(1);

    assertEquals(7 * 4 * 4, t.size());
    for (String year : CountTables.YEARS) {
      long total = t.value(year, "TOTAL", "TOTAL");
      assertTrue(total >= 55 && total <= 135, "yearly total of " + year + " was " + total);
    }
  }
}
