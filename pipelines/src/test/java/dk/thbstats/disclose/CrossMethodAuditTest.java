package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The attack across disclosure methods on hand-made tables: the two counter-examples of the issue
 * (a cell-key table publishing, with noise, the same persons as a suppressed cell), caught by the
 * attack and removed by the coexistence rule; a margin difference; and the bundled links file.
 */
class CrossMethodAuditTest {
  private static final PerturbationTable PTABLE = PerturbationTable.load(1);
  private static final MethodLinks.CountryGroups COUNTRIES = (c, y) -> switch (c) {
    case "DK" -> "NAT";
    case "PL", "RO" -> "EU27_2020_FOR";
    default -> "NEU27_2020_FOR";
  };

  /**
   * Counts by year (2025 and TOTAL, the same) x sex (F, M) x {@code bands}, with every margin:
   * {@code v[sex][band]} the interior.
   */
  private static Map<List<String>, Long> yearSexTable(long[][] v, String[] bands) {
    Map<List<String>, Long> n = new LinkedHashMap<>();
    String[] sexes = {"F", "M"};
    for (String year : List.of("2025", "TOTAL")) {
      long[] colTotals = new long[bands.length];
      for (int s = 0; s < 2; s++) {
        long row = 0;
        for (int b = 0; b < bands.length; b++) {
          n.put(List.of(year, sexes[s], bands[b]), v[s][b]);
          row += v[s][b];
          colTotals[b] += v[s][b];
        }
        n.put(List.of(year, sexes[s], "TOTAL"), row);
      }
      long all = 0;
      for (int b = 0; b < bands.length; b++) {
        n.put(List.of(year, "TOTAL", bands[b]), colTotals[b]);
        all += colTotals[b];
      }
      n.put(List.of(year, "TOTAL", "TOTAL"), all);
    }
    return n;
  }

  /** year 2025 (and TOTAL) x sex x age group; the interior hidden, the margins published. */
  private static CrossMethodAudit.SuppressionTable registered() {
    Map<List<String>, Long> n = yearSexTable(new long[][] {{3, 20}, {2, 15}}, new String[] {"Y_LT18", "Y_GE18"});
    Set<List<String>> hidden = Set.of(List.of("2025", "F", "Y_LT18"), List.of("2025", "F", "Y_GE18"),
        List.of("2025", "M", "Y_LT18"), List.of("2025", "M", "Y_GE18"), List.of("TOTAL", "F", "Y_LT18"),
        List.of("TOTAL", "F", "Y_GE18"), List.of("TOTAL", "M", "Y_LT18"), List.of("TOTAL", "M", "Y_GE18"));
    return new CrossMethodAudit.SuppressionTable("victims_registered", List.of("year", "sex", "age_group"), n, hidden);
  }

  /** The national profile of the same persons: year x sex x age band, every cell published with noise. */
  private static CrossMethodAudit.CellKeyTable profile(Map<List<String>, Long> published) {
    Map<List<String>, Long> n = yearSexTable(new long[][] {{3, 12, 8}, {2, 15, 0}},
        new String[] {"Y0-17", "Y18-24", "Y25-34"});
    Map<List<String>, Long> shown = new HashMap<>();
    n.forEach((at, count) -> shown.put(at, published.getOrDefault(at, count == 1 || count == 2 ? 3 : count)));
    return new CrossMethodAudit.CellKeyTable("victims_profile", List.of("year", "sex", "age_band"), n,
        shown, PTABLE);
  }

  private static MethodLinks profileLink() {
    return MethodLinks.of(List.of(new MethodLinks.Link("victims_profile", "victims_registered", Map.of(),
        Map.of("year", "year", "sex", "sex", "age_band", "age_group"),
        Map.of("age_band", Map.of("Y0-17", "Y_LT18", "Y18-24", "Y_GE18", "Y25-34", "Y_GE18")), Map.of())));
  }

  @Test
  void attack_suppressionAlone_everyHiddenCellAtLeastFiveWide() {
    CrossMethodAudit.Result r = CrossMethodAudit.attack(List.of(registered()), List.of(), profileLink(), COUNTRIES, 5,
        Set.of());
    assertTrue(r.passed(), r.violations().toString());
    assertEquals(8, r.targets());
  }

  @Test
  void attack_profilePublishesTheChildrenSuppressedInRegistered_narrowsThemAndCoexistenceWithholdsTheTwins() {
    // Counter-example 1: victims_profile (2025, F, Y0-17) counts the persons of victims_registered
    // (2025, F, Y_LT18), which is suppressed; published as 3 it says 1 to 5 (width 4 < 5).
    CrossMethodAudit.Result open = CrossMethodAudit.attack(List.of(registered()), List.of(profile(Map.of())),
        profileLink(), COUNTRIES, 5, Set.of());
    assertFalse(open.passed());
    assertTrue(open.violations().stream().anyMatch(v -> v.contains("victims_registered[2025, F, Y_LT18]")),
        open.violations().toString());
    CrossMethodAudit.Coexistence co = CrossMethodAudit.coexist(List.of(registered()), List.of(profile(Map.of())),
        profileLink(), COUNTRIES, 5);
    assertTrue(co.result().passed(), co.result().violations().toString());
    assertTrue(co.withheld().contains(CellRef.of("victims_profile", "2025", "F", "Y0-17")), co.withheld().toString());
    assertTrue(co.withheld().contains(CellRef.of("victims_profile", "2025", "M", "Y0-17")), co.withheld().toString());
    // The adults' bands of a hidden adults' cell are a breakdown of it, and the attack uses their sum.
    assertTrue(co.withheld().contains(CellRef.of("victims_profile", "2025", "F", "Y18-24")), co.withheld().toString());
    // What is not linked to a hidden cell stays.
    assertFalse(co.withheld().contains(CellRef.of("victims_profile", "2025", "TOTAL", "Y0-17")));
  }

  @Test
  void attack_marginDifference_profileTotalLessItsAdultBands_isCaught() {
    // Withhold the children's cells but publish the sex totals and every adult band: the children
    // are the total less the adults, within the noise of three cells.
    Set<CellRef> childrenOnly = Set.of(CellRef.of("victims_profile", "2025", "F", "Y0-17"),
        CellRef.of("victims_profile", "2025", "M", "Y0-17"));
    CrossMethodAudit.Result r = CrossMethodAudit.attack(List.of(registered()), List.of(profile(Map.of())),
        profileLink(), COUNTRIES, 5, childrenOnly);
    assertFalse(r.passed(), "the adults' bands give the adults' cell, and the published sex total the children's");
  }

  @Test
  void attack_nationalityPublishesTheNationalsSuppressedInCitizenship_isCaughtAndCoexistenceFixesIt() {
    // Counter-example 2: victims_nationality DK is victims_citizenship NAT (STLS and UNK likewise).
    Map<List<String>, Long> c = new LinkedHashMap<>();
    Map<List<String>, Long> nat = new LinkedHashMap<>();
    Map<String, long[]> bySex = new LinkedHashMap<>();
    // citizenship: NAT, EU, NEU, STLS, UNK; nationality: DK, PL, OTH_EU, NG, OTH_NEU, STLS, UNK
    bySex.put("F", new long[] {2, 6, 4, 9, 3, 0, 1});
    bySex.put("M", new long[] {1, 5, 2, 7, 5, 0, 3});
    String[] natCodes = {"DK", "PL", "OTH_EU", "NG", "OTH_NEU", "STLS", "UNK"};
    for (String year : List.of("2025", "TOTAL")) {
      long[] totalByNat = new long[7];
      for (Map.Entry<String, long[]> s : bySex.entrySet()) {
        long[] x = s.getValue();
        long[] groups = {x[0], x[1] + x[2], x[3] + x[4], x[5], x[6]};
        String[] gcodes = {"NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS", "UNK"};
        long all = 0;
        for (int g = 0; g < 5; g++) {
          c.merge(List.of(year, s.getKey(), gcodes[g]), groups[g], Long::sum);
          c.merge(List.of(year, "TOTAL", gcodes[g]), groups[g], Long::sum);
          all += groups[g];
        }
        c.put(List.of(year, s.getKey(), "TOTAL"), all);
        c.merge(List.of(year, "TOTAL", "TOTAL"), all, Long::sum);
        for (int k = 0; k < 7; k++) {
          nat.put(List.of(year, s.getKey(), natCodes[k]), x[k]);
          totalByNat[k] += x[k];
        }
        nat.put(List.of(year, s.getKey(), "TOTAL"), all);
      }
      long all = 0;
      for (int k = 0; k < 7; k++) {
        nat.put(List.of(year, "TOTAL", natCodes[k]), totalByNat[k]);
        all += totalByNat[k];
      }
      nat.put(List.of(year, "TOTAL", "TOTAL"), all);
    }
    Set<List<String>> hidden = new java.util.HashSet<>();
    for (String year : List.of("2025", "TOTAL")) {
      for (String sex : List.of("F", "M", "TOTAL")) {
        for (String g : List.of("NAT", "UNK", "STLS", "EU27_2020_FOR")) {
          hidden.add(List.of(year, sex, g));
        }
      }
    }
    CrossMethodAudit.SuppressionTable citizenship = new CrossMethodAudit.SuppressionTable("victims_citizenship",
        List.of("year", "sex", "citizenship_group"), c, hidden);
    Map<List<String>, Long> shown = new HashMap<>();
    nat.forEach((at, n) -> shown.put(at, n == 1 || n == 2 ? 3 : n));
    CrossMethodAudit.CellKeyTable nationality = new CrossMethodAudit.CellKeyTable("victims_nationality",
        List.of("year", "sex", "nationality"), nat, shown, PTABLE);
    MethodLinks links = MethodLinks.of(List.of(new MethodLinks.Link("victims_nationality", "victims_citizenship", Map.of(),
        Map.of("year", "year", "sex", "sex", "nationality", "citizenship_group"),
        Map.of("nationality", Map.of("OTH_EU", "EU27_2020_FOR", "OTH_NEU", "NEU27_2020_FOR", "STLS", "STLS", "UNK",
            "UNK", "*", "citizenship_group")), Map.of())));
    assertTrue(CrossMethodAudit.attack(List.of(citizenship), List.of(), links, COUNTRIES, 5, Set.of()).passed());
    CrossMethodAudit.Result open = CrossMethodAudit.attack(List.of(citizenship), List.of(nationality), links, COUNTRIES, 5,
        Set.of());
    assertFalse(open.passed());
    assertTrue(open.violations().stream().anyMatch(v -> v.contains("victims_citizenship[2025, F, NAT]")),
        open.violations().toString());
    assertTrue(open.linkEquations() > 0 && open.linksNotHolding() == 0, open.toString());
    CrossMethodAudit.Coexistence co = CrossMethodAudit.coexist(List.of(citizenship), List.of(nationality), links,
        COUNTRIES, 5);
    assertTrue(co.result().passed(), co.result().violations().toString());
    assertTrue(co.withheld().contains(CellRef.of("victims_nationality", "2025", "F", "DK")));
  }

  @Test
  void load_bundledLinks_nameEveryLinkedCellKeyTableOnce() {
    MethodLinks links = MethodLinks.load(1);
    assertEquals(7, links.links().size());
    assertEquals("victims_registered_status", links.of("victims_profile").suppressionTable());
    assertEquals("victims_citizenship", links.of("victims_nationality").suppressionTable());
    assertEquals(Map.of("exploitation", "TOTAL"), links.of("trend_victims").slice());
    assertEquals(null, links.of("indicators_support"));
  }
}
