package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broad bounds on the synthetic population (N = 2000, noisy): realistic, not exact. */
class DistributionTest {
  @TempDir static Path out;
  private static Map<String, Map<String, String>> persons;
  private static Map<String, Set<String>> sourcesOf;
  private static List<Map<String, String>> registered;

  @BeforeAll
  static void generate() {
    Generator.generate(GeneratorOptions.builder().persons(2000).seed(11).out(out).build());
    persons = ReadBack.persons(out);
    sourcesOf = new HashMap<>();
    ReadBack.records(out).forEach((rec, person) ->
        sourcesOf.computeIfAbsent(person, p -> new TreeSet<>()).add(rec.substring(0, rec.indexOf('/'))));
    registered = persons.values().stream().filter(p -> !p.get("victim_status").isEmpty()).toList();
  }

  private static double share(List<Map<String, String>> rows, java.util.function.Predicate<Map<String, String>> p) {
    return rows.stream().filter(p).count() / (double) rows.size();
  }

  @Test
  void victims_sex_mostlyWomenSomeMenFewX() {
    List<Map<String, String>> victims = persons.values().stream().filter(p -> p.get("role").equals("VICTIM")).toList();

    double f = share(victims, p -> p.get("sex").equals("F"));
    double m = share(victims, p -> p.get("sex").equals("M"));
    double x = share(victims, p -> p.get("sex").equals("X"));
    assertTrue(f > 0.62 && f < 0.78, "F " + f);
    assertTrue(m > 0.21 && m < 0.37, "M " + m);
    assertTrue(x > 0 && x < 0.03, "X " + x);
  }

  @Test
  void registered_minors_aFewPercent() {
    double minors = share(registered, p -> Integer.parseInt(p.get("age_at_reference")) < 18);

    assertTrue(minors > 0.03 && minors < 0.12, "minors " + minors);
  }

  @Test
  void registered_citizenship_nigeriaAndThailandAmongTheLargest() {
    Map<String, Integer> counts = new TreeMap<>();
    registered.forEach(p -> counts.merge(p.get("citizenship"), 1, Integer::sum));
    List<String> top = counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .limit(5).map(Map.Entry::getKey).toList();

    assertTrue(top.containsAll(List.of("NG", "TH", "RO")), top.toString());
    assertTrue(counts.size() >= 15, counts.toString());
    assertTrue(counts.containsKey("DK"));
  }

  @Test
  void identified_perFullYear_realisticForTwoThousandPersons() {
    Map<String, Integer> perYear = new TreeMap<>();
    registered.stream().filter(p -> p.get("victim_status").equals("IDENTIFIED"))
        .forEach(p -> perYear.merge(p.get("reference_date").substring(0, 4), 1, Integer::sum));

    for (String year : List.of("2021", "2022", "2023", "2024", "2025")) {
      int n = perYear.getOrDefault(year, 0);
      assertTrue(n >= 30 && n <= 90, year + ": " + n);
    }
  }

  @Test
  void identified_byCmmAndByDis_dependingOnDocuments() {
    Set<String> eu = Set.of("DK", "RO", "BG", "HU", "PL", "LT");
    int cmm = 0;
    int dis = 0;
    for (Map<String, String> p : registered) {
      if (p.get("victim_status").equals("IDENTIFIED")) {
        if (p.get("identifying_authority").equals("DIS")) {
          dis++;
          assertTrue(!eu.contains(p.get("citizenship")), p.get("person_id"));
        } else {
          assertEquals("CMM", p.get("identifying_authority"));
          cmm++;
        }
      }
    }
    assertTrue(cmm > 50 && dis > 50, "CMM " + cmm + ", DIS " + dis);
  }

  @Test
  void registered_sources_mostInOneSomeInTwoOrThree() {
    double one = share(registered, p -> sourcesOf.get(p.get("person_id")).size() == 1);
    long three = registered.stream().filter(p -> sourcesOf.get(p.get("person_id")).size() == 3).count();

    assertTrue(one > 0.5 && one < 0.85, "one source " + one);
    assertTrue(three >= 5, "three sources " + three);
  }

  @Test
  void ngo_contacts_exceedIdentifiedVictims() {
    long contacts = persons.values().stream()
        .filter(p -> p.get("role").equals("VICTIM") && p.get("victim_status").isEmpty()
            && sourcesOf.get(p.get("person_id")).equals(Set.of("ngo")))
        .count();
    long identified = registered.stream().filter(p -> p.get("victim_status").equals("IDENTIFIED")).count();

    assertTrue(contacts > 2 * identified, contacts + " contacts, " + identified + " identified");
  }

  @Test
  void forms_womenMostlySexualMenOftenLabourSomeSeveral() {
    List<Map<String, String>> women = registered.stream().filter(p -> p.get("sex").equals("F")).toList();
    List<Map<String, String>> men = registered.stream().filter(p -> p.get("sex").equals("M")).toList();

    double sexual = share(women, p -> p.get("exploitation_forms").contains("SEX_"));
    double labour = share(men, p -> p.get("exploitation_forms").contains("LABOUR"));
    double several = share(registered, p -> p.get("exploitation_forms").contains("|"));
    assertTrue(sexual > 0.6, "women sexual " + sexual);
    assertTrue(labour > 0.3, "men labour " + labour);
    assertTrue(several > 0.05 && several < 0.4, "several " + several);
  }

  @Test
  void ngo_variation_missingValuesAndPlaceholdersAtTheirRates() {
    List<ReadBack.Row> rows = List.copyOf(ReadBack.finalVersions(out, "ngo").values());
    List<Map<String, String>> v = rows.stream().map(ReadBack.Row::values).toList();

    double missingBirth = share(v, r -> r.get("fødselsdato").isEmpty());
    double estimated = share(v, r -> !r.get("anslået_alder").isEmpty());
    double january = share(v, r -> r.get("fødselsdato").startsWith("01-01-"));
    double missingSex = share(v, r -> r.get("køn").isEmpty());
    double missingCitizenship = share(v, r -> r.get("statsborgerskab").isEmpty());
    assertTrue(missingBirth > 0.12 && missingBirth < 0.28, "missing birth " + missingBirth);
    assertTrue(estimated > 0.05 && estimated < missingBirth, "estimated age " + estimated);
    assertTrue(january > 0.02 && january < 0.12, "1 January " + january);
    assertTrue(missingSex > 0.02 && missingSex < 0.09, "missing sex " + missingSex);
    assertTrue(missingCitizenship > 0.02 && missingCitizenship < 0.09, "missing citizenship " + missingCitizenship);
  }

  @Test
  void ngo_secondRegistrations_aFewPercentAndSomePersonsInTwoOrganisations() {
    Map<String, String> toPerson = ReadBack.records(out);
    Map<String, Integer> perOrgPerson = new HashMap<>();
    Map<String, Set<String>> orgsOf = new HashMap<>();
    List<ReadBack.Row> rows = List.copyOf(ReadBack.finalVersions(out, "ngo").values());
    for (ReadBack.Row r : rows) {
      String person = toPerson.get("ngo/" + r.get("sagsnummer"));
      perOrgPerson.merge(r.get("organisation") + "/" + person, 1, Integer::sum);
      orgsOf.computeIfAbsent(person, p -> new TreeSet<>()).add(r.get("organisation"));
    }
    long second = perOrgPerson.values().stream().mapToInt(n -> n - 1).sum();
    double rate = second / (double) rows.size();
    long twoOrgs = orgsOf.values().stream().filter(s -> s.size() > 1).count();

    assertTrue(rate > 0.01 && rate < 0.06, "second registrations " + rate);
    assertTrue(twoOrgs > 20, "persons in two organisations " + twoOrgs);
  }
}
