package dk.thbstats.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.PipelineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopulationTest {

  @Test
  void load_shippedFile_holdsNoFiguresUntilFilledFromStatisticsDenmark() {
    Population p = Population.load();

    assertEquals(List.of(), p.figures(), "no figure is typed in from memory");
  }

  @Test
  void of_sameCellTwice_failsNamingTheFigure() {
    PipelineException e = assertThrows(PipelineException.class, () -> Population.of(List.of(
        new Population.Figure(2024, "F", "TOTAL", 10), new Population.Figure(2024, "F", "TOTAL", 11))));

    assertTrue(e.getMessage().contains("figure 2 gives 2024 F TOTAL a second time"), e.getMessage());
  }

  @Test
  void of_unknownSex_fails() {
    PipelineException e = assertThrows(PipelineException.class, () -> Population.of(List.of(
        new Population.Figure(2024, "UNK", "TOTAL", 10))));

    assertTrue(e.getMessage().contains("schemas/reference/population.json: figure 1"), e.getMessage());
  }
}
