package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanModeTest {
  @TempDir static Path out;
  private static Map<String, String> recordToPerson;
  private static Map<String, Map<String, String>> persons;

  @BeforeAll
  static void generate() {
    Generator.generate(GeneratorOptions.builder().persons(1000).seed(3).out(out).clean(true).build());
    recordToPerson = ReadBack.records(out);
    persons = ReadBack.persons(out);
  }

  private static Map<String, String> person(String source, ReadBack.Row r) {
    return persons.get(recordToPerson.get(source + "/" + r.get(ReadBack.idColumn(source))));
  }

  @Test
  void clean_everyRecord_carriesNameExactBirthDateSexAndCitizenship() {
    var ngoDates = ReadBack.dates("ngo");
    Map<String, String> ngoSex = Map.of("K", "F", "M", "M", "A", "X");
    for (ReadBack.Row r : ReadBack.rows(out, "ngo")) {
      Map<String, String> p = person("ngo", r);
      assertFalse(r.get("fornavn").isEmpty() || r.get("efternavn").isEmpty(), r.toString());
      assertEquals(p.get("birth_date"), LocalDate.parse(r.get("fødselsdato"), ngoDates).toString());
      assertEquals(p.get("sex"), ngoSex.get(r.get("køn")));
      assertEquals(p.get("citizenship"), r.get("statsborgerskab"));
      assertEquals("", r.get("anslået_alder"));
    }
    for (ReadBack.Row r : ReadBack.rows(out, "police")) {
      Map<String, String> p = person("police", r);
      assertFalse(r.get("navn").isEmpty());
      assertEquals(p.get("birth_date"), r.get("fødselsdato"));
      assertEquals(p.get("sex"), Map.of("K", "F", "M", "M").get(r.get("køn")));
      assertEquals(p.get("citizenship"), r.get("nationalitet"));
    }
    for (ReadBack.Row r : ReadBack.rows(out, "dis")) {
      Map<String, String> p = person("dis", r);
      assertFalse(r.get("/given_name").isEmpty() || r.get("/family_name").isEmpty());
      assertEquals(p.get("birth_date"), r.get("/birth_date"));
      assertEquals(p.get("sex"), r.get("/sex"));
      assertEquals(p.get("citizenship"), r.get("/citizenship"));
    }
  }

  @Test
  void clean_samePerson_sameNameSpellingInEverySource() {
    Map<String, String> nameOf = new HashMap<>();
    for (String source : List.of("ngo", "dis")) {
      String given = source.equals("ngo") ? "fornavn" : "/given_name";
      String family = source.equals("ngo") ? "efternavn" : "/family_name";
      for (ReadBack.Row r : ReadBack.rows(out, source)) {
        String id = person(source, r).get("person_id");
        String name = r.get(given) + " " + r.get(family);
        assertEquals(nameOf.computeIfAbsent(id, k -> name), name, id);
      }
    }
    int compared = 0;
    for (ReadBack.Row r : ReadBack.rows(out, "police")) {
      String id = person("police", r).get("person_id");
      if (nameOf.containsKey(id)) {
        compared++;
        assertEquals(nameOf.get(id), r.get("navn"), "police navn is 'Given Family': " + id);
      }
    }
    assertTrue(compared > 10, "persons at the police and elsewhere: " + compared);
  }

  @Test
  void clean_nameAndBirthDate_uniqueAcrossPersons() {
    Map<String, Set<String>> owners = new HashMap<>();
    for (String source : List.of("ngo", "police", "dis")) {
      for (ReadBack.Row r : ReadBack.rows(out, source)) {
        Map<String, String> p = person(source, r);
        String name = switch (source) {
          case "ngo" -> r.get("fornavn") + " " + r.get("efternavn");
          case "police" -> r.get("navn");
          default -> r.get("/given_name") + " " + r.get("/family_name");
        };
        owners.computeIfAbsent(normalised(name) + "/" + p.get("birth_date"), k -> new TreeSet<>())
            .add(p.get("person_id"));
      }
    }
    assertTrue(owners.values().stream().allMatch(s -> s.size() == 1),
        owners.entrySet().stream().filter(e -> e.getValue().size() > 1).toList().toString());
  }

  /** Folded tokens in sorted order: order and diacritics do not make two names different. */
  static String normalised(String name) {
    String[] tokens = NamePools.fold(name).split("\\s+");
    Arrays.sort(tokens);
    return String.join(" ", tokens);
  }

  @Test
  void clean_noSecondRegistrationWithinAnOrganisation() {
    Set<String> seen = new TreeSet<>();
    for (ReadBack.Row r : ReadBack.finalVersions(out, "ngo").values()) {
      assertTrue(seen.add(r.get("organisation") + "/" + person("ngo", r).get("person_id")), r.get("sagsnummer"));
    }
  }
}
