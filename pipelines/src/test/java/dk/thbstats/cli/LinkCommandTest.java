package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.testing.PersonFileFixture;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class LinkCommandTest {
  @Test
  void link_twoFilesReusingRecordIds_writesOneRowPerRecord_andLinksAcrossAndWithinFiles(@TempDir Path dir)
      throws IOException {
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(400, 21);
    // File a: every person once, ids 1..400. File b: persons 0..39 again, varied, with ids that
    // collide with file a's ids of other persons (ids must never be compared), and person 40..49
    // twice within b.
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (PersonFileFixture.Person p : persons) {
      a.add(PersonFileFixture.exact(String.valueOf(p.index() + 1), p));
    }
    for (int i = 0; i < 40; i++) {
      b.add(PersonFileFixture.varied(String.valueOf(100 - i), persons.get(i), i));
    }
    for (int i = 40; i < 50; i++) {
      b.add(PersonFileFixture.exact("x" + i, persons.get(i)));
      b.add(PersonFileFixture.varied("y" + i, persons.get(i), i));
    }
    PersonFileFixture.write(dir.resolve("ngo_a.csv"), a);
    PersonFileFixture.write(dir.resolve("police_b.csv"), b);
    Files.writeString(dir.resolve("mapping.json"), PersonFileFixture.mappingJson());

    // Tests run in pipelines/; the model in force is the repository's schemas/linkage/model.v1.json.
    Path model = Path.of("").toAbsolutePath().getParent().resolve("schemas/linkage/model.v1.json");
    TestCli.Result r = new TestCli(dir).run("link", "--input", "ngo_a.csv,police_b.csv", "--mapping", "mapping.json",
        "--out", "out/persons.csv", "--model", model.toString(), "--report", "out/report");
    assertEquals(0, r.status(), r.err());

    // The report: the model's weights, the fit, probabilities, cluster sizes, blocking — and no value
    // of any record (names, dates, phone numbers, record ids as words).
    String page = Files.readString(dir.resolve("out/report/linkage.html"), StandardCharsets.UTF_8);
    for (String section : List.of("Match weights", "Checks of the fit", "Match probabilities", "Cluster sizes",
        "Blocking", "name_lsh", "one_token_dice_mid", "records</th><td class=\"n\">460<")) {
      assertTrue(page.contains(section), "report lacks " + section);
    }
    String lower = page.toLowerCase(java.util.Locale.ROOT);
    for (PersonFileFixture.Person p : persons) {
      for (String value : List.of(p.given(), p.family(), p.birth().toString(), p.phone().replace(" ", ""))) {
        if (!value.isEmpty()) {
          assertTrue(!java.util.regex.Pattern.compile("(?<![a-z0-9])" + java.util.regex.Pattern.quote(
              value.toLowerCase(java.util.Locale.ROOT)) + "(?![a-z0-9])").matcher(lower).find(),
              "the report holds an input value");
        }
      }
    }

    List<String> lines = Files.readAllLines(dir.resolve("out/persons.csv"), StandardCharsets.UTF_8);
    assertEquals("source,record_id,person_id", lines.get(0));
    assertEquals(400 + 60, lines.size() - 1, "one row per record");
    Map<String, String> person = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertTrue(person.put(f[0] + "/" + f[1], f[2]) == null, "duplicate row " + line);
    }
    int linkedAcross = 0;
    for (int i = 0; i < 40; i++) {
      if (person.get("ngo_a/" + (i + 1)).equals(person.get("police_b/" + (100 - i)))) {
        linkedAcross++;
      }
    }
    assertTrue(linkedAcross >= 37, "copies in the other file found: " + linkedAcross);
    for (int i = 40; i < 50; i++) {
      assertEquals(person.get("police_b/x" + i), person.get("police_b/y" + i), "duplicates within one file");
    }
    // Reused ids: police_b/100 is person 0, ngo_a/100 is person 99 — never one person.
    assertTrue(!person.get("ngo_a/100").equals(person.get("police_b/100")));
    Set<String> distinct = new HashSet<>(person.values());
    assertTrue(distinct.size() >= 400 && distinct.size() <= 405, "persons: " + distinct.size());
  }

  /**
   * The false merges — same given and family name and sex, full birth dates that disagree
   * entirely — stay two persons with the bundled model and with a model fitted on the input, while a
   * one-digit date typo of one person still links.
   */
  @Test
  void link_sameNameBirthDatesMoreThanATypoApart_stayTwoPersons_aOneDigitTypoLinks(@TempDir Path dir)
      throws IOException {
    // A dense file (each person five times, as an NGO's contacts are): the prior of a match is
    // then high (about 1 in 125 pairs), so a shared name alone nearly links — where the weight of
    // the birth dates decides. (With a sparse file the prior alone keeps these pairs apart.)
    List<String> rows = new ArrayList<>();
    for (PersonFileFixture.Person p : PersonFileFixture.persons(100, 5)) {
      rows.add(PersonFileFixture.exact(String.valueOf(p.index() + 1), p));
      for (int k = 0; k < 4; k++) {
        rows.add(PersonFileFixture.varied(p.index() + 1 + "v" + k, p, k));
      }
    }
    rows.add("p1,Petya,Ivanova,1996-05-24,F,");
    rows.add("p2,PETYA,Ivanoova,1998-11-13,F,");
    rows.add("j1,Jørgen,Sørensen,1988-06-03,M,");
    rows.add("j2,Jorgen,SØRENSON,1987-05-16,M,");
    rows.add("m1,Milena,Dragova,1991-07-14,F,");
    rows.add("m2,Milena,Dragova,1991-07-15,F,");
    rows.add("m3,MILENA,Dragova,1991-07-14,F,");
    PersonFileFixture.write(dir.resolve("ngo_a.csv"), rows);
    Files.writeString(dir.resolve("mapping.json"), PersonFileFixture.mappingJson());
    Path model = Path.of("").toAbsolutePath().getParent().resolve("schemas/linkage/model.v1.json");
    for (boolean bundled : new boolean[] {true, false}) {
      List<String> args = new ArrayList<>(List.of("link", "--input", "ngo_a.csv", "--mapping", "mapping.json",
          "--out", "out-" + bundled + "/persons.csv"));
      if (bundled) {
        args.addAll(List.of("--model", model.toString()));
      }
      TestCli.Result r = new TestCli(dir).run(args.toArray(new String[0]));
      assertEquals(0, r.status(), r.err());
      Map<String, String> person = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("out-" + bundled + "/persons.csv"), StandardCharsets.UTF_8)
          .subList(1, rows.size() + 1)) {
        String[] f = line.split(",");
        person.put(f[1], f[2]);
      }
      String which = bundled ? "bundled model" : "fitted model";
      assertTrue(!person.get("p1").equals(person.get("p2")), "Petya Ivanova 1996-05-24 / 1998-11-13, " + which);
      assertTrue(!person.get("j1").equals(person.get("j2")), "Jørgen Sørensen 1988-06-03 / 1987-05-16, " + which);
      assertEquals(person.get("m1"), person.get("m2"), "a one-digit typo in the day, " + which);
      assertEquals(person.get("m1"), person.get("m3"), which);
    }
  }

  /**
   * A fit that cannot separate anything — 150 strangers who share one name, with no other field —
   * is refused by its checks (agreeing on the name weighs nothing when every pair agrees), and the
   * records are linked with the bundled model instead, which keeps them apart: said on stderr.
   */
  @Test
  void link_strangersSharingOneName_fitIsRefused_andTheBundledModelLinks(@TempDir Path dir) throws IOException {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add("s" + i + ",Ali,Hassan,,M,");
    }
    PersonFileFixture.write(dir.resolve("ngo_a.csv"), rows);
    Files.writeString(dir.resolve("mapping.json"), PersonFileFixture.mappingJson());
    TestCli.Result r = new TestCli(dir).run("link", "--input", "ngo_a.csv", "--mapping", "mapping.json",
        "--out", "out/persons.csv", "--report", "out");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("WARNING the model fitted on the input failed its checks (name: no agreeing level weighs for a match"), r.err());
    // The report says so too, and names the model that linked.
    String page = Files.readString(dir.resolve("out/linkage.html"), StandardCharsets.UTF_8);
    assertTrue(page.contains("failed its checks") && page.contains("name: no agreeing level weighs for a match"), "report of the refused fit");
    assertTrue(page.contains("bundled model schemas/linkage/model.v1.json (the fit failed its checks)"));
    assertTrue(!page.toLowerCase(java.util.Locale.ROOT).contains("hassan"), "no input value in the report");
    assertTrue(r.err().contains("linked with the bundled model"), r.err());
    Set<String> persons = new HashSet<>();
    for (String line : Files.readAllLines(dir.resolve("out/persons.csv"), StandardCharsets.UTF_8).subList(1, 151)) {
      persons.add(line.split(",")[2]);
    }
    assertTrue(persons.size() >= 145, "strangers stay strangers: " + persons.size() + " persons for 150 records");
  }

  /**
   * {@code bench --model}: a FEBRL-format set linked with the bundled model only prints that line;
   * a model choice that is not fitted, bundled or both is refused, naming the value.
   */
  @Test
  void bench_modelChoice_runsTheBundledModelOnly_andRefusesAnUnknownChoice(@TempDir Path dir) throws IOException {
    List<String> rows = new ArrayList<>();
    rows.add("rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth");
    int k = 0;
    for (PersonFileFixture.Person p : PersonFileFixture.persons(60, 3)) {
      String dob = p.birth().toString().replace("-", "");
      String rest = "," + (k % 90 + 1) + ",main street,," + "town" + (k % 7) + ",2" + (100 + k) + ",nsw," + dob;
      rows.add("rec-" + k + "-org," + p.given().toLowerCase() + "," + p.family().toLowerCase() + rest);
      if (k % 3 == 0) {
        rows.add("rec-" + k + "-dup-0," + p.given().toLowerCase() + "," + p.family().toLowerCase() + "e" + rest);
      }
      k++;
    }
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/dataset1.csv"), rows, StandardCharsets.UTF_8);
    TestCli cli = new TestCli(dir);
    TestCli.Result r = cli.run("bench", "--data", "data", "--only", "febrl1", "--model", "bundled");
    assertEquals(0, r.status(), r.out() + r.err());
    // data set, model, records, true pairs, predicted pairs, precision, recall, F1, seconds
    assertTrue(r.out().lines().map(l -> List.of(l.trim().split("\\s+")))
        .anyMatch(f -> f.size() == 9 && f.subList(0, 4).equals(List.of("febrl1", "bundled", "80", "20"))), r.out());
    assertTrue(r.out().lines().noneMatch(l -> l.contains("fitted")), r.out());
    TestCli.Result bad = cli.run("bench", "--data", "data", "--only", "febrl1", "--model", "trained");
    assertEquals(2, bad.status(), bad.out() + bad.err());
    assertTrue(bad.err().contains("--model must be fitted, bundled or both, not 'trained'"), bad.err());
    TestCli.Result unknown = cli.run("bench", "--only", "febrl4");
    assertEquals(2, unknown.status(), unknown.out() + unknown.err());
    assertTrue(unknown.err().contains("--only names no bench set [febrl4]"), unknown.err());

    // A folder of person files with its mapping and truth: a line of its own, named after it.
    Path set = dir.resolve("mine");
    Files.createDirectories(set);
    List<String> a = new ArrayList<>(List.of("id,given,family,dob"));
    List<String> b = new ArrayList<>(List.of("id,given,family,dob"));
    List<String> truth = new ArrayList<>(List.of("source,record_id,person"));
    for (PersonFileFixture.Person p : PersonFileFixture.persons(40, 4)) {
      a.add(String.join(",", "x" + p.index(), p.given(), p.family(), p.birth().toString()));
      truth.add("a,x" + p.index() + ",p" + p.index());
      if (p.index() % 2 == 0) {
        // the same record id in the other file: the truth tells them apart by source
        b.add(String.join(",", "x" + p.index(), p.given(), p.family() + "e", p.birth().toString()));
        truth.add("b,x" + p.index() + ",p" + p.index());
      }
    }
    Files.write(set.resolve("a.csv"), a, StandardCharsets.UTF_8);
    Files.write(set.resolve("b.csv"), b, StandardCharsets.UTF_8);
    Files.write(set.resolve("truth.csv"), truth, StandardCharsets.UTF_8);
    Files.writeString(set.resolve("mapping.json"), """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "birth_date": "dob",
                    "birth_date_format": "yyyy-MM-dd"}}
        """);
    TestCli.Result mine = cli.run("bench", "--set", "mine", "--model", "bundled");
    assertEquals(0, mine.status(), mine.out() + mine.err());
    assertTrue(mine.out().lines().map(l -> List.of(l.trim().split("\\s+")))
        .anyMatch(f -> f.size() == 9 && f.subList(0, 4).equals(List.of("mine", "bundled", "60", "20"))), mine.out());
    assertTrue(mine.out().lines().noneMatch(l -> l.startsWith("febrl")), mine.out());
  }
}
