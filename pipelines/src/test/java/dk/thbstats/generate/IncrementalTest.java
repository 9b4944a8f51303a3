package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.schema.SourceContract;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NGO exports are full, police and DIS exports incremental; no delivery shows a future event. */
class IncrementalTest {
  @TempDir static Path out;
  private static final List<LocalDate> DELIVERIES = List.of(
      LocalDate.of(2025, 12, 31), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 6, 30), LocalDate.of(2026, 9, 30));

  @BeforeAll
  static void generate() {
    Generator.generate(GeneratorOptions.builder().persons(800).seed(5).out(out).deliveries(4)
        .lastDelivery(LocalDate.of(2026, 9, 30)).build());
  }

  private static Map<LocalDate, Map<String, ReadBack.Row>> byDelivery(String source) {
    Map<LocalDate, Map<String, ReadBack.Row>> map = new TreeMap<>();
    for (LocalDate d : DELIVERIES) {
      map.put(d, new TreeMap<>());
    }
    for (ReadBack.Row r : ReadBack.rows(out, source)) {
      ReadBack.Row previous = map.get(r.delivery()).put(r.get(ReadBack.idColumn(source)), r);
      assertEquals(null, previous, "a record once per delivery: " + r.get(ReadBack.idColumn(source)));
    }
    return map;
  }

  @Test
  void ngo_laterDelivery_holdsEveryEarlierCaseWithTheSameContactDate() {
    Map<LocalDate, Map<String, ReadBack.Row>> d = byDelivery("ngo");
    for (int k = 1; k < DELIVERIES.size(); k++) {
      Map<String, ReadBack.Row> before = d.get(DELIVERIES.get(k - 1));
      Map<String, ReadBack.Row> now = d.get(DELIVERIES.get(k));
      assertTrue(now.keySet().containsAll(before.keySet()), "full export " + DELIVERIES.get(k));
      assertTrue(now.size() > before.size());
      for (Map.Entry<String, ReadBack.Row> e : before.entrySet()) {
        assertEquals(e.getValue().get("kontaktdato"), now.get(e.getKey()).get("kontaktdato"));
        assertEquals(e.getValue().get("fornavn"), now.get(e.getKey()).get("fornavn"), "same record, same name");
      }
    }
  }

  @Test
  void ngo_caseFirstWithContactOnly_laterGainsAnAssessment() {
    Map<LocalDate, Map<String, ReadBack.Row>> d = byDelivery("ngo");
    int gained = 0;
    for (int k = 1; k < DELIVERIES.size(); k++) {
      for (Map.Entry<String, ReadBack.Row> e : d.get(DELIVERIES.get(k - 1)).entrySet()) {
        if (e.getValue().get("vurdering").isEmpty()
            && !d.get(DELIVERIES.get(k)).get(e.getKey()).get("vurdering").isEmpty()) {
          gained++;
        }
      }
    }
    assertTrue(gained > 0);
  }

  @Test
  void policeAndDis_laterDelivery_onlyNewOrChangedRecords() {
    for (String source : List.of("police", "dis")) {
      Map<LocalDate, Map<String, ReadBack.Row>> d = byDelivery(source);
      Map<String, ReadBack.Row> latest = new HashMap<>(d.get(DELIVERIES.get(0)));
      int repeated = 0;
      for (int k = 1; k < DELIVERIES.size(); k++) {
        LocalDate previous = DELIVERIES.get(k - 1);
        for (Map.Entry<String, ReadBack.Row> e : d.get(DELIVERIES.get(k)).entrySet()) {
          ReadBack.Row before = latest.put(e.getKey(), e.getValue());
          if (before != null) {
            repeated++;
            assertNotEquals(before.values(), e.getValue().values(), source + " resent unchanged: " + e.getKey());
            assertTrue(hasDateAfter(source, e.getValue(), previous), source + " change without event: " + e.getKey());
          }
        }
      }
      assertTrue(repeated > 0, source + ": some records are updated");
    }
  }

  @Test
  void allSources_noEventAfterItsDeliveryDate() {
    for (String source : List.of("ngo", "police", "dis")) {
      DateTimeFormatter f = ReadBack.dates(source);
      SourceContract c = ReadBack.contract(source);
      for (ReadBack.Row r : ReadBack.rows(out, source)) {
        for (SourceContract.ColumnSpec col : c.columns()) {
          if (col.type().equals("date") && !col.field().equals("birth_date") && !r.get(col.name()).isEmpty()) {
            LocalDate date = LocalDate.parse(r.get(col.name()), f);
            assertFalse(date.isAfter(r.delivery()), source + " " + col.name() + " " + date + " in " + r.delivery());
            assertFalse(date.isBefore(LocalDate.of(2021, 1, 1)), source + " " + col.name() + " " + date);
          }
        }
      }
    }
  }

  @Test
  void allSources_everyDeliveryFolderHasFiles() {
    Set<String> folders = new TreeSet<>();
    for (String source : List.of("ngo", "police", "dis")) {
      for (Path f : ReadBack.files(out, source)) {
        folders.add(source + "/" + f.getParent().getFileName());
      }
    }
    assertEquals(12, folders.size(), folders.toString());
  }

  private static boolean hasDateAfter(String source, ReadBack.Row r, LocalDate previous) {
    DateTimeFormatter f = ReadBack.dates(source);
    List<String> columns = new ArrayList<>();
    for (SourceContract.ColumnSpec col : ReadBack.contract(source).columns()) {
      if (col.type().equals("date") && !col.field().equals("birth_date")) {
        columns.add(col.name());
      }
    }
    for (String col : columns) {
      String v = r.get(col);
      if (!v.isEmpty() && LocalDate.parse(v, f).isAfter(previous)) {
        return true;
      }
    }
    return false;
  }
}
