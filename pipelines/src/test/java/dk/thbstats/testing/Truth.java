package dk.thbstats.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The generator's ground truth ({@code truth/records.csv}, {@code truth/persons.csv}). */
public final class Truth {
  /** A true person as the generator made it. */
  public record Person(String id, String role, String sex, LocalDate birthDate, String victimStatus,
      LocalDate referenceDate, Integer ageAtReference, String citizenship, java.util.List<String> exploitationForms) {}

  private final Map<String, String> personOfRecord = new HashMap<>();
  private final Map<String, Person> persons = new LinkedHashMap<>();

  public Truth(Path truthDir) {
    try {
      for (CSVRecord r : read(truthDir.resolve("records.csv"))) {
        personOfRecord.put(r.get("source") + "|" + r.get("record_id"), r.get("person_id"));
      }
      for (CSVRecord r : read(truthDir.resolve("persons.csv"))) {
        persons.put(r.get("person_id"), new Person(r.get("person_id"), r.get("role"), r.get("sex"),
            LocalDate.parse(r.get("birth_date")), emptyToNull(r.get("victim_status")),
            r.get("reference_date").isEmpty() ? null : LocalDate.parse(r.get("reference_date")),
            r.get("age_at_reference").isEmpty() ? null : Integer.valueOf(r.get("age_at_reference")),
            emptyToNull(r.get("citizenship")),
            r.get("exploitation_forms").isEmpty() ? java.util.List.of()
                : java.util.List.of(r.get("exploitation_forms").split("\\|"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Iterable<CSVRecord> read(Path file) throws IOException {
    Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The true person of a source record. */
  public String personOf(String source, String recordId) {
    return personOfRecord.get(source + "|" + recordId);
  }

  public Map<String, Person> persons() {
    return persons;
  }

  /**
   * The expected {@code victims_registered} counts before disclosure control, keyed
   * {@code year|sex|age_group}, with TOTAL margins, for the given years.
   */
  public Map<String, Long> victimsRegistered(java.util.List<Integer> years) {
    Map<String, Long> counts = new HashMap<>();
    java.util.List<String> yearValues = new java.util.ArrayList<>();
    years.forEach(y -> yearValues.add(String.valueOf(y)));
    yearValues.add("TOTAL");
    for (String y : yearValues) {
      for (String s : java.util.List.of("F", "M", "UNK", "TOTAL")) {
        for (String a : java.util.List.of("Y_LT18", "Y_GE18", "UNK", "TOTAL")) {
          counts.put(y + "|" + s + "|" + a, 0L);
        }
      }
    }
    for (Person p : persons.values()) {
      if (p.victimStatus() == null) {
        continue;
      }
      String y = String.valueOf(p.referenceDate().getYear());
      String s = "F".equals(p.sex()) || "M".equals(p.sex()) ? p.sex() : "UNK";
      String a = p.ageAtReference() == null ? "UNK" : p.ageAtReference() < 18 ? "Y_LT18" : "Y_GE18";
      for (String yy : java.util.List.of(y, "TOTAL")) {
        for (String ss : java.util.List.of(s, "TOTAL")) {
          for (String aa : java.util.List.of(a, "TOTAL")) {
            counts.merge(yy + "|" + ss + "|" + aa, 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }
}
