package dk.thbstats.disclose;

import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds test tables: margins are computed from the interior cells, so tables are additive. */
final class CountTables {
  private CountTables() {}

  static final String VICTIMS = "victims_registered";
  static final List<String> YEARS = List.of("2021", "2022", "2023", "2024", "2025", "2026");
  static final List<String> SEXES = List.of("F", "M", "UNK");
  static final List<String> AGES = List.of("Y_LT18", "Y_GE18", "UNK");

  /**
   * A table from its interior cells (no TOTAL coordinate): every combination of the given levels
   * plus TOTAL, each margin the sum of the interior cells it covers.
   */
  static CountTable fromInterior(
      String name, List<String> dimensions, List<List<String>> levels, Map<List<String>, Long> interior) {
    List<List<String>> withTotal = new ArrayList<>();
    for (List<String> l : levels) {
      List<String> w = new ArrayList<>(l);
      w.add(Published.TOTAL);
      withTotal.add(w);
    }
    CountTable.Builder b = CountTable.builder(name, dimensions);
    int[] at = new int[dimensions.size()];
    do {
      List<String> cell = CountTable.coordinatesAt(withTotal, at);
      long sum = 0;
      for (Map.Entry<List<String>, Long> e : interior.entrySet()) {
        boolean covered = true;
        for (int d = 0; d < cell.size(); d++) {
          if (!cell.get(d).equals(Published.TOTAL) && !cell.get(d).equals(e.getKey().get(d))) {
            covered = false;
            break;
          }
        }
        if (covered) {
          sum += e.getValue();
        }
      }
      b.add(cell, sum);
    } while (CountTable.next(withTotal, at));
    return b.build();
  }

  /** A two-dimensional table rows × cols with the given interior values, row by row. */
  static CountTable grid(String name, List<String> rows, List<String> cols, long[][] values) {
    Map<List<String>, Long> interior = new LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < cols.size(); c++) {
        interior.put(List.of(rows.get(r), cols.get(c)), values[r][c]);
      }
    }
    return fromInterior(name, List.of("row", "col"), List.of(rows, cols), interior);
  }

  /**
   * A year × sex × age_group table shaped like Danish registrations: 60–120 victims a year, most
   * of them adult women, few men, very few children and unknowns. Fixed seed: fixed table.
   */
  static CountTable denmark(long seed) {
    Random random = new Random(seed);
    Map<List<String>, Long> interior = new LinkedHashMap<>();
    for (String year : YEARS) {
      long[][] v = {
        // Y_LT18, Y_GE18, UNK
        {between(random, 1, 7), between(random, 45, 90), between(random, 0, 3)}, // F
        {between(random, 0, 4), between(random, 6, 25), between(random, 0, 2)}, // M
        {between(random, 0, 1), between(random, 0, 3), between(random, 0, 1)}, // UNK
      };
      for (int s = 0; s < SEXES.size(); s++) {
        for (int a = 0; a < AGES.size(); a++) {
          interior.put(List.of(year, SEXES.get(s), AGES.get(a)), v[s][a]);
        }
      }
    }
    return fromInterior(VICTIMS, List.of("year", "sex", "age_group"),
        List.of(YEARS, SEXES, AGES), interior);
  }

  private static long between(Random random, int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /** The pipeline's never-suppress rule: yearly national totals at or above the threshold. */
  static boolean yearlyTotal(Cell cell) {
    return cell.isTotal("sex") && cell.isTotal("age_group") && cell.value() >= 5;
  }

  static List<String> list(String... s) {
    return Arrays.asList(s);
  }
}
