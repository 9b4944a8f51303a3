package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
  private static final Path OUT = Path.of("unused");

  @Test
  void build_defaults_matchTheDocumentedCalendar() {
    GeneratorOptions o = GeneratorOptions.builder().out(OUT).build();

    assertEquals(3, o.deliveries());
    assertEquals(LocalDate.of(2026, 10, 31), o.lastDelivery());
    assertEquals(2021, o.firstEventYear());
    assertEquals(
        List.of(LocalDate.of(2026, 4, 30), LocalDate.of(2026, 7, 31), LocalDate.of(2026, 10, 31)),
        o.deliveryDates());
  }

  @Test
  void build_lastDeliveryNotMonthEnd_keepsDayOfMonth() {
    GeneratorOptions o = GeneratorOptions.builder().out(OUT).lastDelivery(LocalDate.of(2025, 3, 15))
        .deliveries(2).build();

    assertEquals(List.of(LocalDate.of(2024, 12, 15), LocalDate.of(2025, 3, 15)), o.deliveryDates());
  }

  @Test
  void build_zeroPersons_failsNamingTheValue() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> GeneratorOptions.builder().out(OUT).persons(0).build());

    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals("persons must be ≥ 1, was 0", e.getMessage());
  }

  @Test
  void build_noOut_fails() {
    PipelineException e = assertThrows(PipelineException.class, () -> GeneratorOptions.builder().build());

    assertTrue(e.getMessage().startsWith("out must be set"), e.getMessage());
  }

  @Test
  void build_zeroDeliveries_failsNamingTheValue() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> GeneratorOptions.builder().out(OUT).deliveries(0).build());

    assertTrue(e.getMessage().startsWith("deliveries must be between 1 and"), e.getMessage());
    assertTrue(e.getMessage().endsWith("was 0"), e.getMessage());
  }

  @Test
  void build_deliveriesBeforeFirstEventYear_failsNamingTheFirstDate() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> GeneratorOptions.builder().out(OUT).deliveries(30).build());

    assertTrue(e.getMessage().contains("start on 2019-07-31"), e.getMessage());
    assertTrue(e.getMessage().contains("firstEventYear 2021"), e.getMessage());
  }

  @Test
  void build_firstEventYearAfterLastDelivery_failsNamingTheValue() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> GeneratorOptions.builder().out(OUT).firstEventYear(2027).build());

    assertTrue(e.getMessage().endsWith("was 2027"), e.getMessage());
  }
}
