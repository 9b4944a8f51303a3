package dk.thbstats.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fit's guardrails on pattern counts, no Spark: held m, u without the matches, λ at its fixed point. */
class ModelFitTest {

  private static FellegiSunter.Pattern pattern(long count, int... levels) {
    return new FellegiSunter.Pattern(levels, count);
  }

  @Test
  void pinnedEm_recoversMAndLambda_fromOneComparison() {
    // One comparison of four levels; truth: λ 0.2, m (0.7, 0.2, 0.05, 0.05), u (0.01, 0.04, 0.15, 0.8).
    double lambda = 0.2;
    double[] m = {0.7, 0.2, 0.05, 0.05};
    double[] u = {0.01, 0.04, 0.15, 0.8};
    List<FellegiSunter.Pattern> patterns = new ArrayList<>();
    for (int l = 0; l < 4; l++) {
      patterns.add(pattern(Math.round(1_000_000 * (lambda * m[l] + (1 - lambda) * u[l])), l));
    }
    FellegiSunter start = new FellegiSunter(List.of("address"), Map.of("address", FellegiSunter.initialM(4)),
        Map.of("address", u), 0.1);
    FellegiSunter fitted = FellegiSunter.em(patterns, start, Set.of("address"), Set.of(),
        Map.of("address", new FellegiSunter.Pin(3, 0.05)), 400);
    assertEquals(0.2, fitted.lambda(), 0.005);
    assertEquals(0.7, fitted.m().get("address")[0], 0.01);
    assertEquals(0.2, fitted.m().get("address")[1], 0.01);
    assertEquals(0.05, fitted.m().get("address")[3], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new FellegiSunter.Pin(3, 0));
  }

  @Test
  void em_leavesAtMostATenthOfAPersonsPairsOnTheLevelsThatSayTwoPersons() {
    // A round blocked on the name: strangers who share it, birth dates far apart, look to EM like
    // matches whose dates disagree. Truth here: the "match" class has 40 % of its full dates wholly
    // different (level else); the bound keeps every level saying two persons to 10 % together.
    int levels = Comparisons.LEVELS.get("birth_date").size();
    int exact = 0;
    int otherDate = Comparisons.LEVELS.get("birth_date").indexOf("else");
    double lambda = 0.2;
    double[] m = new double[levels];
    double[] u = new double[levels];
    java.util.Arrays.fill(m, 0.01);
    java.util.Arrays.fill(u, 0.02);
    m[exact] = 0.6 - 0.01 * (levels - 2);
    m[otherDate] = 0.4;
    u[exact] = 0.001;
    u[otherDate] = 1 - 0.001 - 0.02 * (levels - 2);
    List<FellegiSunter.Pattern> patterns = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      patterns.add(pattern(Math.round(1_000_000 * (lambda * m[l] + (1 - lambda) * u[l])), l));
    }
    FellegiSunter start = new FellegiSunter(List.of("birth_date"),
        Map.of("birth_date", FellegiSunter.initialM(levels)), Map.of("birth_date", u), 0.1);
    double[] fitted = FellegiSunter.em(patterns, start, Set.of("birth_date"), Set.of(), 200).m().get("birth_date");
    double against = 0;
    double total = 0;
    for (int l = 0; l < levels; l++) {
      total += fitted[l];
      boolean saysTwo = l == levels - 1 || Comparisons.against("birth_date", l) != null;
      against += saysTwo ? fitted[l] : 0;
    }
    assertEquals(1.0, total, 1e-9);
    assertTrue(against <= FellegiSunter.MAX_AGAINST_M + 1e-9, "m on the levels saying two persons: " + against);
    // The bound scales, it does not reorder: the agreeing levels keep their proportions.
    double[] bounded = FellegiSunter.boundAgainst("birth_date", m);
    assertEquals(m[exact] / m[1], bounded[exact] / bounded[1], 1e-9);
    assertEquals(FellegiSunter.MAX_AGAINST_M, bounded[otherDate] + bounded[levels - 1]
        + bounded[Comparisons.LEVELS.get("birth_date").indexOf("coarse_else")]
        + bounded[3] + bounded[4] + bounded[5], 1e-9);
  }

  @Test
  void bound_holdsWhereTheLastLevelSaysTwoPersons_notWhereCircumstancesChange() {
    // A person keeps a name and a birth date, but changes telephone and address: a third of one
    // person's pairs may rightly disagree on contact, and EM's m for it stays as fitted.
    double[] contact = {0.66, 0.34};
    assertEquals(0.34, FellegiSunter.boundAgainst("contact", contact)[1], 0.0);
    double[] address = {0.3, 0.1, 0.1, 0.1, 0.1, 0.3};
    assertEquals(0.3, FellegiSunter.boundAgainst("address", address)[5], 0.0);
    assertEquals(0.3, FellegiSunter.boundAgainst("citizenship", new double[] {0.7, 0.3})[1], 0.0);
    // Where it says two persons, the same m is bounded.
    assertEquals(FellegiSunter.MAX_AGAINST_M, FellegiSunter.boundAgainst("identifier", contact)[1], 1e-12);
    assertEquals(FellegiSunter.MAX_AGAINST_M, FellegiSunter.boundAgainst("sex", contact)[1], 1e-12);
  }

  @Test
  void citizenshipAgreement_countsForAMatch_sexOnlyAgainst() {
    // Name levels of one citizenship are weighed against its strangers, so agreeing on citizenship
    // counts at its own factor (the exact factorisation); sex follows from the given name.
    List<String> cs = List.of("sex", "citizenship");
    FellegiSunter model = new FellegiSunter(cs,
        Map.of("sex", new double[] {0.995, 0.005}, "citizenship", new double[] {0.999, 0.001}),
        Map.of("sex", new double[] {0.55, 0.45}, "citizenship", new double[] {0.1, 0.9}), 1e-4);
    assertEquals(Math.log(0.999 / 0.1) / Math.log(2), model.factor("citizenship", 0), 1e-9);
    assertEquals(0.0, model.factor("sex", 0), 0.0);
    assertTrue(model.factor("sex", 1) < -6);
  }

  @Test
  void selfConsistentLambda_countsWeakCandidatesByTheirPosterior() {
    // 1,000 candidate pairs with overwhelming evidence (2^30), 100,000 with weak evidence (2^5), among
    // 10^8 pairs: about 1,000 matches, λ about 10^-5 — not the 10^-3 a prior among candidates gives.
    List<String> cs = List.of("a");
    FellegiSunter model = new FellegiSunter(cs, Map.of("a", new double[] {0.5, 0.5 / 32, 0.5 - 0.5 / 32}),
        Map.of("a", new double[] {0.5 / Math.pow(2, 30), 0.5 / 1024, 1 - 0.5 / Math.pow(2, 30) - 0.5 / 1024}), 0.01);
    List<FellegiSunter.Pattern> candidates = List.of(pattern(1_000, 0), pattern(100_000, 1));
    double lambda = ProbabilisticLinkage.selfConsistentLambda(candidates, model, 1e-3, 1e8);
    assertEquals(1.0e-5, lambda, 0.05e-5);
  }

  @Test
  void problems_judgeTheStrongestAgreeingLevel_notALevelNoRecordReaches() {
    // Names and place only: no pair can agree on a street, so EM leaves the street levels' m at
    // nothing; agreeing on postcode and locality still weighs for a match. Not a runaway fit.
    List<String> cs = List.of("address");
    double[] u = {1e-6, 2.4e-4, 1e-6, 2e-3, 1e-6, 1 - 2.24e-3 - 3e-6};
    FellegiSunter placeOnly = new FellegiSunter(cs,
        Map.of("address", new double[] {1e-9, 0.80, 1e-9, 0.15, 1e-9, 0.05 - 3e-9}), Map.of("address", u), 1e-4);
    assertEquals(List.of(), FitChecks.problems(placeOnly, 20_000));
    // No agreeing level above its u: that fit did run away, and the strongest level is named.
    FellegiSunter flat = new FellegiSunter(cs,
        Map.of("address", new double[] {1e-6, 2.4e-4, 1e-6, 1e-3, 1e-6, 1 - 1.24e-3 - 3e-6}), Map.of("address", u),
        1e-4);
    List<String> problems = FitChecks.problems(flat, 20_000);
    assertEquals(2, problems.size(), problems.toString()); // and its "else" weighs nothing against
    assertTrue(problems.get(0).startsWith("address: no agreeing level weighs for a match (the strongest, "
        + "postcode_locality_street, weighs 0.00 bits)"), problems.get(0));
  }

  @Test
  void disagreeingLevel_neverWeighsForAMatch_andStartingValuesAreNotChecked() {
    // Measured u where almost every record shares one place: "else" is rarer among strangers than
    // the starting m says. It weighs 0, not for a match; the comparison's m was never fitted, so the
    // checks leave it alone.
    List<String> cs = List.of("address");
    double[] start = FellegiSunter.initialM(6);
    double[] u = {1e-6, 0.9, 1e-6, 0.0999, 1e-6, 1e-6};
    FellegiSunter fallback = new FellegiSunter(cs, Map.of("address", start), Map.of("address", u), 1e-4,
        Map.of("address", FellegiSunter.MSource.START));
    assertEquals(0.0, fallback.factor("address", 5), 0.0);
    assertEquals(List.of(), FitChecks.problems(fallback, 1_000));
    FellegiSunter fitted = new FellegiSunter(cs, Map.of("address", start), Map.of("address", u), 1e-4);
    assertEquals(List.of("address: disagreeing (else) weighs 0.00 bits, not against a match"),
        FitChecks.problems(fitted, 1_000));
  }

  @Test
  void fallbackU_keepsWhatTheModelMeasured_andMeasuresTheRest() {
    List<String> cs = List.of("name", "address");
    double[] nameU = {0.001, 0.999};
    double[] start = {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0};
    FellegiSunter bundled = new FellegiSunter(cs, Map.of("name", new double[] {0.9, 0.1}, "address", start),
        Map.of("name", nameU, "address", start), 1e-4,
        Map.of("name", FellegiSunter.MSource.EM, "address", FellegiSunter.MSource.START));
    double[] hereName = {0.01, 0.99};
    double[] hereAddress = {1e-6, 2.4e-4, 1e-6, 2e-3, 1e-6, 1 - 2.24e-3 - 3e-6};
    Map<String, double[]> u = ProbabilisticLinkage.ownUOr(bundled, Map.of("name", hereName, "address", hereAddress));
    assertTrue(u.get("name") == nameU, "the bundled model's measured u stands");
    assertTrue(u.get("address") == hereAddress, "a u at its starting values is measured here");
  }

  @Test
  void clusterProblem_manyRecordsInLargePersons_isAProblem() {
    assertEquals(null, FitChecks.clusterProblem(1000, 20));
    assertEquals(null, FitChecks.clusterProblem(0, 0));
    assertEquals("clusters: 25 of 1000 records (2.5 %) in persons of 10 records or more (at most 2 % is plausible)",
        FitChecks.clusterProblem(1000, 25));
  }
}
