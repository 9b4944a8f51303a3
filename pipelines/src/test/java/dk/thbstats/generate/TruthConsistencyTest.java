package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truth recomputed from the landing files alone, as a perfect deduplicator would. */
class TruthConsistencyTest {
  @TempDir static Path out;
  private static Map<String, String> recordToPerson;
  private static Map<String, Map<String, String>> persons;
  private static Map<String, Status> recomputed;

  /** Earliest IDENTIFIED and PRESUMED events of one person with the authorities on that date. */
  private static final class Status {
    LocalDate identified;
    Set<String> identifiedBy = new TreeSet<>();
    LocalDate presumed;
    Set<String> presumedBy = new TreeSet<>();
    Set<String> forms = new TreeSet<>();

    void identified(LocalDate d, String by) {
      if (identified == null || d.isBefore(identified)) {
        identified = d;
        identifiedBy.clear();
      }
      if (d.equals(identified)) {
        identifiedBy.add(by);
      }
    }

    void presumed(LocalDate d, String by) {
      if (presumed == null || d.isBefore(presumed)) {
        presumed = d;
        presumedBy.clear();
      }
      if (d.equals(presumed)) {
        presumedBy.add(by);
      }
    }
  }

  @BeforeAll
  static void generate() {
    Generator.generate(GeneratorOptions.builder().persons(2000).seed(7).out(out).build());
    recordToPerson = ReadBack.records(out);
    persons = ReadBack.persons(out);
    recomputed = new TreeMap<>();
    var ngoDates = ReadBack.dates("ngo");
    Map<String, String> ngoForms = ReadBack.contract("ngo").columnFor("exploitation_forms").orElseThrow().codes();
    Map<String, String> policeForms =
        ReadBack.contract("police").columnFor("exploitation_forms").orElseThrow().codes();
    Map<String, String> assessedBy = Map.of("CMM", "CMM", "UDLST", "DIS", "NGO", "NGO");
    for (ReadBack.Row r : ReadBack.finalVersions(out, "ngo").values()) {
      Status s = status(r, "ngo", "sagsnummer");
      String v = r.get("vurdering");
      if (v.equals("IDENTIFICERET")) {
        s.identified(LocalDate.parse(r.get("vurderingsdato"), ngoDates), assessedBy.get(r.get("vurderet_af")));
      } else if (v.equals("FORMODET")) {
        s.presumed(LocalDate.parse(r.get("vurderingsdato"), ngoDates), assessedBy.get(r.get("vurderet_af")));
      }
      forms(s, r.get("udnyttelsesform"), ngoForms);
    }
    for (ReadBack.Row r : ReadBack.finalVersions(out, "police").values()) {
      Status s = status(r, "police", "journalnummer");
      if (r.get("rolle").equals("OFFER")) {
        s.presumed(LocalDate.parse(r.get("anmeldelsesdato")), "POLICE");
      }
      forms(s, r.get("udnyttelse"), policeForms);
    }
    for (ReadBack.Row r : ReadBack.finalVersions(out, "dis").values()) {
      Status s = status(r, "dis", "/case_number");
      if (r.get("/decision/outcome").equals("IDENTIFIED")) {
        s.identified(LocalDate.parse(r.get("/decision/date")), "DIS");
      }
      forms(s, r.get("/exploitation"), null);
    }
  }

  private static Status status(ReadBack.Row r, String source, String idColumn) {
    String person = recordToPerson.get(source + "/" + r.get(idColumn));
    return recomputed.computeIfAbsent(person, p -> new Status());
  }

  private static void forms(Status s, String value, Map<String, String> codes) {
    if (!value.isEmpty()) {
      for (String code : value.split("\\|")) {
        s.forms.add(codes == null ? code : codes.get(code));
      }
    }
  }

  @Test
  void records_landingAndTruth_sameRecordIds() {
    Set<String> landing = new TreeSet<>();
    for (String source : List.of("ngo", "police", "dis")) {
      for (ReadBack.Row r : ReadBack.rows(out, source)) {
        landing.add(source + "/" + r.get(ReadBack.idColumn(source)));
      }
    }

    assertEquals(landing, recordToPerson.keySet());
    assertEquals(ReadBack.truth(out, "records.csv").size(), recordToPerson.size(), "one row per record");
  }

  @Test
  void persons_everyPerson_hasADeliveredRecord() {
    assertEquals(2000, persons.size());
    assertEquals(persons.keySet(), new TreeSet<>(recordToPerson.values()));
  }

  @Test
  void persons_statusAndReferenceDate_matchFinalRecordVersions() {
    int registered = 0;
    for (Map<String, String> p : persons.values()) {
      Status s = recomputed.get(p.get("person_id"));
      String status = s.identified != null ? "IDENTIFIED" : s.presumed != null ? "PRESUMED" : "";
      LocalDate ref = s.identified != null ? s.identified : s.presumed;
      Set<String> by = s.identified != null ? s.identifiedBy : s.presumedBy;
      String id = p.get("person_id");
      assertEquals(status, p.get("victim_status"), id);
      if (ref == null) {
        assertEquals("", p.get("reference_date"), id);
        assertEquals("", p.get("identifying_authority"), id);
        assertEquals("", p.get("age_at_reference"), id);
      } else {
        registered++;
        assertEquals(1, by.size(), "one authority on the earliest date: " + id + " " + by);
        assertEquals(ref.toString(), p.get("reference_date"), id);
        assertEquals(by.iterator().next(), p.get("identifying_authority"), id);
        int age = Period.between(LocalDate.parse(p.get("birth_date")), ref).getYears();
        assertEquals(String.valueOf(age), p.get("age_at_reference"), id);
        assertEquals("VICTIM", p.get("role"), id);
      }
      assertEquals(String.join("|", s.forms), p.get("exploitation_forms"), id);
    }
    assertTrue(registered > 300, "registered " + registered);
  }

  @Test
  void persons_suspects_neverRegisteredVictimsAndOnlyAtThePolice() {
    for (Map.Entry<String, String> e : recordToPerson.entrySet()) {
      Map<String, String> p = persons.get(e.getValue());
      if (p.get("role").equals("SUSPECT")) {
        assertTrue(e.getKey().startsWith("police/"), e.getKey());
        assertEquals("", p.get("victim_status"));
      }
    }
    for (ReadBack.Row r : ReadBack.rows(out, "police")) {
      String person = recordToPerson.get("police/" + r.get("journalnummer"));
      assertEquals(r.get("rolle").equals("OFFER") ? "VICTIM" : "SUSPECT", persons.get(person).get("role"));
    }
  }

  @Test
  void identifiers_passportCprAndDisCase_neverSharedBetweenPersons() {
    Map<String, Set<String>> owners = new HashMap<>();
    for (String source : List.of("ngo", "police", "dis")) {
      for (ReadBack.Row r : ReadBack.rows(out, source)) {
        String person = recordToPerson.get(source + "/" + r.get(ReadBack.idColumn(source)));
        switch (source) {
          case "ngo" -> {
            own(owners, "doc", r.get("dokumentnummer"), person);
            own(owners, "cpr", r.get("cpr").replace("-", ""), person);
            own(owners, "dis", r.get("udlændingesag"), person);
          }
          case "police" -> {
            own(owners, "doc", r.get("pasnummer"), person);
            own(owners, "cpr", r.get("cpr").replace("-", ""), person);
          }
          default -> {
            own(owners, "dis", r.get("/case_number"), person);
            for (String d : r.get("/documents").split("\\|")) {
              own(owners, "doc", d.isEmpty() ? "" : d.substring(d.lastIndexOf(':') + 1), person);
            }
          }
        }
      }
    }
    long shared = owners.entrySet().stream().filter(e -> e.getValue().size() > 1).count();
    assertEquals(0, shared, owners.entrySet().stream().filter(e -> e.getValue().size() > 1).toList().toString());
    assertTrue(owners.keySet().stream().anyMatch(k -> k.startsWith("cpr:")));
    assertTrue(owners.keySet().stream().anyMatch(k -> k.startsWith("doc:")));
    assertTrue(owners.keySet().stream().anyMatch(k -> k.startsWith("dis:")));
  }

  private static void own(Map<String, Set<String>> owners, String kind, String value, String person) {
    if (!value.isEmpty()) {
      owners.computeIfAbsent(kind + ":" + value, k -> new TreeSet<>()).add(person);
    }
  }

  @Test
  void records_ngoDisCaseNumber_pointsToTheSamePersonsDisCase() {
    int seen = 0;
    for (ReadBack.Row r : ReadBack.rows(out, "ngo")) {
      String dis = r.get("udlændingesag");
      if (!dis.isEmpty()) {
        seen++;
        assertEquals(recordToPerson.get("dis/" + dis), recordToPerson.get("ngo/" + r.get("sagsnummer")), dis);
      }
    }
    assertTrue(seen > 0);
  }
}
