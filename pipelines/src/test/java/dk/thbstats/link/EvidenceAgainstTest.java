package dk.thbstats.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.pseudonymise.BirthDateTypos;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Evidence against a match: birth dates more than a typo apart, cannot-links, and clusters that do not chain. */
class EvidenceAgainstTest {

  private static boolean oneTypoApart(String a, String b) {
    Set<String> x = new HashSet<>(BirthDateTypos.neighbourhood(LocalDate.parse(a)));
    x.retainAll(BirthDateTypos.neighbourhood(LocalDate.parse(b)));
    return !x.isEmpty();
  }

  @Test
  void birthDateNeighbourhood_sharedExactlyWithinOneTypo() {
    assertTrue(oneTypoApart("1996-05-24", "1996-05-24"), "the same date");
    assertTrue(oneTypoApart("1996-05-24", "1996-05-25"), "one digit");
    assertTrue(oneTypoApart("1996-05-24", "1996-08-24"), "one digit of the month");
    assertTrue(oneTypoApart("1996-05-24", "1986-05-24"), "one digit of the year");
    assertTrue(oneTypoApart("1996-05-24", "1969-05-24"), "two adjacent digits transposed");
    assertTrue(oneTypoApart("1996-05-12", "1996-05-21"), "day digits transposed");
    assertTrue(oneTypoApart("1989-03-04", "1990-03-04"), "a year apart across a decade, same day and month");
    assertTrue(oneTypoApart("1999-12-31", "2000-12-31"), "a year apart across a century");
    // More than a typo: the false merges, and dates near in time but not by one typo.
    assertFalse(oneTypoApart("1996-05-24", "1998-11-13"));
    assertFalse(oneTypoApart("1988-06-03", "1987-05-16"));
    assertFalse(oneTypoApart("1996-05-24", "1996-05-13"), "two day digits");
    assertFalse(oneTypoApart("1989-03-04", "1991-03-04"), "two years");
    assertFalse(oneTypoApart("1996-05-24", "1997-05-25"), "a year and a day");
    assertEquals(17, BirthDateTypos.neighbourhood(LocalDate.parse("1996-05-24")).size());
  }

  @Test
  void comparisonLevels_oneImmutableSource_namedNotNumbered() {
    // The level names a model file and the fit read are those of the level lists, in their order.
    assertEquals(Comparisons.ALL.stream().map(Comparisons.Comparison::name).toList(),
        List.copyOf(Comparisons.LEVELS.keySet()));
    for (Comparisons.Comparison c : Comparisons.ALL) {
      assertEquals(c.names(), Comparisons.LEVELS.get(c.name()));
      assertEquals(c.levels().size(), Comparisons.LEVELS.get(c.name()).size());
    }
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> Comparisons.LEVELS.put("x", List.of("a", "else")));
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> Comparisons.LEVELS.get("name").add("x"));
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> Comparisons.ALL.get(0).levels().add(Comparisons.Level.orElse("x")));
    // Rules name levels; a name the comparison lacks fails and says which levels there are.
    IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Comparisons.indexes("birth_date", "exactly"));
    assertTrue(unknown.getMessage().contains("exactly") && unknown.getMessage().contains("day_month_swapped"),
        unknown.getMessage());
    assertEquals(Set.of(3, 4, 5, 6), Comparisons.AGAINST.get("birth_date").get(0).levels());
    assertEquals(2, Comparisons.index("birth_date", "typo"));
    IllegalArgumentException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Comparisons.Comparison("x", org.apache.spark.sql.functions.lit(true),
            List.of(Comparisons.Level.orElse("a"), Comparisons.Level.orElse("a"))));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
  }

  @Test
  void factor_evidenceAgainstLevelsAreCapped_whateverMAndUSay() {
    // A runaway fit: m as large as u at every level (EM that took strangers for matches).
    Map<String, double[]> m = new LinkedHashMap<>();
    Map<String, double[]> u = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : Comparisons.LEVELS.entrySet()) {
      int n = e.getValue().size();
      double[] mm = new double[n];
      double[] uu = new double[n];
      for (int i = 0; i < n; i++) {
        mm[i] = 0.9 / n;
        uu[i] = 0.1 / n;
      }
      m.put(e.getKey(), mm);
      u.put(e.getKey(), uu);
    }
    FellegiSunter fs = new FellegiSunter(List.copyOf(Comparisons.LEVELS.keySet()), m, u, 0.01);
    List<String> birth = Comparisons.LEVELS.get("birth_date");
    for (String level : List.of("year_month", "year", "year_plus_minus_1", "else")) {
      assertTrue(fs.factor("birth_date", birth.indexOf(level)) <= -8.0, level);
    }
    // A known year (placeholder or bare year) two or more years off; an estimated age far off.
    assertTrue(fs.factor("birth_date", birth.indexOf("coarse_else")) <= -6.0, "coarse_else");
    assertTrue(fs.factor("birth_date", birth.indexOf("estimated_else")) <= -4.0, "estimated_else");
    assertTrue(fs.factor("birth_date", birth.indexOf("coarse_year_plus_minus_1")) > 0, "a year off is no cap");
    assertTrue(fs.factor("birth_date", birth.indexOf("typo")) > 0, "a typo is not evidence against");
    assertTrue(fs.factor("identifier", Comparisons.LEVELS.get("identifier").indexOf("disagree")) <= -20.0);
  }

  @Test
  void averageLinkage_threePersonsChainedThroughOneBadPair_areSplitAtTheWeakLinks() {
    // Persons A (records 0, 1), B (2, 3) and C (4, 5); within each person pairs are sure, and
    // strong-looking bad pairs chain them into one component (A and C never compared). Member pairs
    // across persons carry hard evidence against (different full birth dates), scored or not.
    int n = 6;
    double[][] p = new double[n][n];
    int[][] same = {{0, 1}, {2, 3}, {4, 5}};
    for (int[] s : same) {
      p[s[0]][s[1]] = 0.99;
      p[s[1]][s[0]] = 0.99;
    }
    // B looks like A and like C (same name, say): every pair across A–B and B–C scores 0.9.
    for (int i : new int[] {0, 1, 4, 5}) {
      for (int j : new int[] {2, 3}) {
        p[i][j] = 0.9;
        p[j][i] = 0.9;
      }
    }
    boolean[][] against = new boolean[n][n];
    int[] person = {0, 0, 1, 1, 2, 2};
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        against[i][j] = person[i] != person[j];
      }
    }
    int[] cluster = Clustering.averageLinkage(p, against, 0.3);
    assertEquals(cluster[0], cluster[1]);
    assertEquals(cluster[2], cluster[3]);
    assertEquals(cluster[4], cluster[5]);
    assertNotEquals(cluster[0], cluster[2]);
    assertNotEquals(cluster[2], cluster[4]);
    assertNotEquals(cluster[0], cluster[4]);
    // Without the evidence against, the chain would have been one person: the test can fail.
    int[] unconstrained = Clustering.averageLinkage(p, new boolean[n][n], 0.3);
    assertEquals(unconstrained[0], unconstrained[2]);
  }

  private static Clustering.Evidence dated(String date) {
    java.util.Set<String> typos = new HashSet<>(BirthDateTypos.neighbourhood(LocalDate.parse(date)));
    return new Clustering.Evidence(Set.of(), date, null, typos);
  }

  @Test
  void against_datesTwoTyposApartButBridgedByAThird_areNotACannotLink_fartherDatesAre() {
    // 1989 and 1991 are each one year from 1990: two typos of one date, not two persons.
    List<Clustering.Evidence> e = List.of(dated("1990-03-05"), dated("1989-03-05"), dated("1991-03-05"),
        dated("1975-11-20"));
    double[][] p = new double[4][4];
    boolean[][] against = Clustering.against(e, p, 0.5);
    assertFalse(against[1][2], "bridged by 1990-03-05");
    assertFalse(against[0][1]);
    assertTrue(against[0][3], "more than a typo from every other date");
    assertTrue(against[1][3]);
    // Without the bridge the two variants are apart.
    boolean[][] alone = Clustering.against(List.of(e.get(1), e.get(2)), new double[2][2], 0.5);
    assertTrue(alone[0][1]);
    // A pair that links on its own other fields is not vetoed by its dates.
    double[][] linked = new double[2][2];
    linked[0][1] = linked[1][0] = 0.9;
    assertFalse(Clustering.against(List.of(e.get(1), e.get(2)), linked, 0.5)[0][1]);
  }
}
