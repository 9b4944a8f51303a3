package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.ingest.PersonFiles;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables.Records;
import dk.thbstats.testing.PersonFileFixture;
import dk.thbstats.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Records with names and an address only, every name part carrying an error (issue 15, parts 2 and 4). */
@ExtendWith(SharedSpark.class)
class NamesOnlyLinkageTest {

  /** A filter of bigrams, each setting 20 positions drawn from the bigram's number (like the keyed encoder). */
  private static byte[] filter(List<Integer> bigrams) {
    byte[] bits = new byte[128];
    for (int b : bigrams) {
      SplittableRandom r = new SplittableRandom(b * 7919L);
      for (int i = 0; i < 20; i++) {
        int pos = r.nextInt(1024);
        bits[pos >>> 3] |= (byte) (1 << (pos & 7));
      }
    }
    return bits;
  }

  private static boolean shareBand(byte[] a, byte[] b) {
    Set<String> x = new HashSet<>(NameLsh.bands(a));
    return NameLsh.bands(b).stream().anyMatch(x::contains);
  }

  /** A person file's rows as read, and its records pseudonymised under the test key. */
  private record Pseudonymised(List<Row> rows, Dataset<Row> records) {}

  /** Writes {@code lines} as people.csv with {@code mapping}, reads and pseudonymises them. */
  private static Pseudonymised pseudonymise(SparkSession spark, Path dir, List<String> lines, String mapping)
      throws java.io.IOException {
    Files.write(dir.resolve("people.csv"), lines);
    Files.writeString(dir.resolve("mapping.json"), mapping);
    List<Row> rows = PersonFiles.read(dir.resolve("people.csv"), PersonFiles.Mapping.read(dir.resolve("mapping.json")));
    RunContext ctx = new RunContext(spark, new RunId("20261207T023000Z"), Clock.systemUTC());
    Dataset<Row> records = new PseudonymiseStage(Keyring.forTests())
        .run(spark.createDataFrame(rows, Staged.contract().schema()), ctx).localCheckpoint();
    return new Pseudonymised(rows, records);
  }

  /** record_key → the person file's record id, through the line each record came from. */
  private static Map<String, String> recordIds(List<Row> staged, Dataset<Row> records) {
    org.apache.spark.sql.types.StructType schema = Staged.contract().schema();
    Map<Long, String> idByLine = new HashMap<>();
    for (Row row : staged) {
      idByLine.put(((Number) row.get(schema.fieldIndex(Staged.SOURCE_LINE))).longValue(),
          row.getString(schema.fieldIndex(Staged.RECORD_ID)));
    }
    Map<String, String> out = new HashMap<>();
    for (Row row : records.select(Records.RECORD_KEY, Records.SOURCE_LINE).collectAsList()) {
      out.put(row.getString(0), idByLine.get(((Number) row.get(1)).longValue()));
    }
    return out;
  }

  @Test
  void lsh_findsNamesWithATypoInEachPart_andRarelyPairsUnrelatedNames() {
    SplittableRandom r = new SplittableRandom(15);
    int similar = 0;
    int unrelated = 0;
    int trials = 400;
    for (int t = 0; t < trials; t++) {
      List<Integer> name = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        name.add(r.nextInt(1_000_000));
      }
      // A typo in the given and in the family name changes about four bigrams of sixteen.
      List<Integer> typo = new ArrayList<>(name);
      for (int i = 0; i < 4; i++) {
        typo.set(i * 4 + 1, r.nextInt(1_000_000));
      }
      // An unrelated name sharing two bigrams.
      List<Integer> other = new ArrayList<>(name.subList(0, 2));
      for (int i = 0; i < 14; i++) {
        other.add(r.nextInt(1_000_000));
      }
      similar += shareBand(filter(name), filter(typo)) ? 1 : 0;
      unrelated += shareBand(filter(name), filter(other)) ? 1 : 0;
    }
    assertTrue(similar >= 0.85 * trials, "similar names sharing a band: " + similar + " of " + trials);
    assertTrue(unrelated <= 0.01 * trials, "unrelated names sharing a band: " + unrelated + " of " + trials);
    assertEquals(NameLsh.BANDS, NameLsh.bands(filter(List.of(1, 2, 3))).size());
    assertEquals(null, NameLsh.bands(null));
    assertEquals(null, NameLsh.bands(new byte[128]));
  }

  private static final String[] TOWNS = {"Aabro", "Bakby", "Cirkelund", "Dalsted", "Egehoved", "Fjordlev", "Granum",
      "Hedeby", "Islev", "Jyllinge", "Kirkerup", "Lundum", "Mosede", "Nordby", "Overlund", "Pilegaard"};
  private static final String[] STREETS = {"Skovvej", "Strandgade", "Kirkevej", "Bakkevej", "Engvej", "Mollevej",
      "Skolegade", "Havnegade", "Parkvej", "Sondergade", "Norregade", "Vestergade", "Ostergade", "Lindevej"};

  /** One typo: a letter doubled, dropped or replaced, at a place chosen by {@code at}. */
  private static String typo(String s, int at) {
    int i = 1 + Math.floorMod(at, s.length() - 2);
    return switch (Math.floorMod(at, 3)) {
      case 0 -> s.substring(0, i) + s.charAt(i) + s.substring(i);
      case 1 -> s.substring(0, i) + s.substring(i + 1);
      default -> s.substring(0, i) + (s.charAt(i) == 'e' ? 'a' : 'e') + s.substring(i + 1);
    };
  }

  @Test
  void namesAndAddressOnly_aFitLearnsTheAddress_andLinksRecordsWithATypoInEveryNamePart(SparkSession spark,
      @TempDir Path dir) throws Exception {
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(300, 21);
    SplittableRandom r = new SplittableRandom(4);
    List<String> lines = new ArrayList<>();
    lines.add("id,given,family,street,postcode,town");
    for (PersonFileFixture.Person p : persons) {
      String street = STREETS[r.nextInt(STREETS.length)] + " " + (1 + r.nextInt(80));
      String postcode = String.valueOf(1000 + r.nextInt(60));
      String town = TOWNS[r.nextInt(TOWNS.length)];
      lines.add(String.join(",", "a" + p.index(), p.given(), p.family(), street, postcode, town));
      if (p.index() % 2 == 0) {
        // The second record: half with the names as they were, half with a typo in the given and in
        // the family name; one in ten has moved.
        boolean moved = p.index() % 20 == 0;
        boolean typos = p.index() % 4 == 0;
        lines.add(String.join(",", "b" + p.index(), typos ? typo(p.given(), p.index()) : p.given(),
            typos ? typo(p.family(), p.index() + 3) : p.family(),
            moved ? "Torvet " + p.index() : street, moved ? String.valueOf(9000 + p.index()) : postcode,
            moved ? "Andetsted" : town));
      }
    }
    Pseudonymised file = pseudonymise(spark, dir, lines, """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "street": "street",
                    "postcode": "postcode", "locality": "town"}}
        """);
    List<Row> rows = file.rows();
    Dataset<Row> records = file.records();

    FellegiSunter fitted = ProbabilisticLinkage.train(records, LinkSettings.load(), ProbabilisticLinkage.SEED);
    // No date, no document: the round blocked on names learns the address, its "else" held.
    assertEquals(FellegiSunter.MSource.EM_PINNED, fitted.mFrom().get("address"));
    assertTrue(fitted.factor("address", 0) > 5, "address agreeing: " + fitted.factor("address", 0));
    assertTrue(fitted.factor("address", 5) < -2, "address else: " + fitted.factor("address", 5));
    assertTrue(FitChecks.problems(fitted, records.count()).isEmpty(), FitChecks.problems(fitted, records.count()).toString());

    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(records, LinkSettings.load(), null, 1L);
    assertTrue(result.fitProblems().isEmpty(), result.fitProblems().toString());
    assertEquals(FellegiSunter.MSource.BUNDLED, result.model().mFrom().get("name"));
    Map<String, String> personByKey = new HashMap<>();
    recordIds(rows, records).forEach((key, id) -> personByKey.put(key, id.substring(1)));
    Map<String, Set<String>> clusters = new HashMap<>();
    for (Row row : result.clusters().select(col(Records.RECORD_KEY), col("component")).collectAsList()) {
      clusters.computeIfAbsent(String.valueOf(row.get(1)), k -> new HashSet<>())
          .add(personByKey.get(row.getString(0)));
    }
    for (Set<String> members : clusters.values()) {
      assertEquals(1, members.size(), "records of different persons in one cluster: " + members);
    }
    // Persons with two records in one cluster, by kind of second record (none moved: moving is
    // a different address, and names alone with a typo are not enough to link on).
    Map<String, Integer> clustersOf = new HashMap<>();
    for (Set<String> members : clusters.values()) {
      clustersOf.merge(members.iterator().next(), 1, Integer::sum);
    }
    int exactLinked = 0;
    int exactPairs = 0;
    int typoLinked = 0;
    int typoPairs = 0;
    for (int i = 0; i < 300; i += 2) {
      if (i % 20 == 0) {
        continue;
      }
      boolean linked = clustersOf.get(String.valueOf(i)) == 1;
      if (i % 4 == 0) {
        typoPairs++;
        typoLinked += linked ? 1 : 0;
      } else {
        exactPairs++;
        exactLinked += linked ? 1 : 0;
      }
    }
    assertEquals(exactPairs, exactLinked, "same names, same address");
    assertTrue(typoLinked >= 0.9 * typoPairs, "a typo in every name part, same address: " + typoLinked + " of "
        + typoPairs + " linked; model " + result.model().describe());
  }

  /**
   * Part 5: strangers of one citizenship who share a given and a family name common there ("Petya
   * Ivanova" with different middle names) weigh what sharing them there is worth — little —
   * while a pair sharing names rare there keeps its weight.
   */
  @Test
  void sharedTokens_commonWithinACitizenship_weighLittle_rareOnesKeepTheirWeight(SparkSession spark,
      @TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("id,given,family,cit");
    List<PersonFileFixture.Person> others = PersonFileFixture.persons(140, 33);
    for (int i = 0; i < 60; i++) {
      // "Petya <middle> Ivanova": the pair shares two tokens, common among BG records.
      lines.add(String.join(",", "bg" + i, "Petya " + others.get(i).given(), "Ivanova", "BG"));
    }
    lines.add(String.join(",", "rare1", "Mirela " + others.get(100).given(), "Kostadinova", "BG"));
    lines.add(String.join(",", "rare2", "Mirela " + others.get(101).given(), "Kostadinova", "BG"));
    for (int i = 60; i < 100; i++) {
      lines.add(String.join(",", "dk" + i, others.get(i).given(), others.get(i).family(), "DK"));
    }
    Pseudonymised file = pseudonymise(spark, dir, lines, """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "citizenship": "cit"}}
        """);
    List<Row> rows = file.rows();
    Dataset<Row> records = file.records();
    Dataset<Row> linkRecords = ProbabilisticLinkage.linkColumns(records).localCheckpoint();
    LinkSettings settings = LinkSettings.load().withReviewThreshold(1e-300);
    FellegiSunter bundled = ModelFile.bundled();
    Dataset<Row> scored = ProbabilisticLinkage.score(Blocking.pairs(linkRecords, settings).pairs(), linkRecords,
        settings, bundled);
    Map<String, String> id = recordIds(rows, records);
    // Every pair below agrees on citizenship, which counts at its own factor: the rest is the name's.
    double prior = Math.log(bundled.lambda() / (1 - bundled.lambda())) / Math.log(2)
        + bundled.factor("citizenship", 0);
    int bgPairs = 0;
    Double rare = null;
    for (Row row : scored.select("l_key", "r_key", "weight", "cmp_name").collectAsList()) {
      String a = id.get(row.getString(0));
      String b = id.get(row.getString(1));
      if (a.startsWith("bg") && b.startsWith("bg") && !row.isNullAt(3) && row.getInt(3) == 1) {
        bgPairs++;
        // Two tokens each held by 60 of 62 BG records: u about 0.9, so the name weighs about
        // log2(0.1 / 0.9) instead of the model's +10.9 bits.
        assertTrue(row.getDouble(2) < prior - 2, "a pair of common BG names weighs " + (row.getDouble(2) - prior));
      }
      if (a.startsWith("rare") && b.startsWith("rare")) {
        rare = row.getDouble(2) - prior;
      }
    }
    assertTrue(bgPairs > 100, "pairs of the common names compared: " + bgPairs);
    assertTrue(rare != null && rare > 8, "the rare pair keeps its weight: " + rare);
  }

  /**
   * Strangers of one citizenship drawn from a small pool of similar names: their name levels are
   * common among them (measured on the pairs their birth dates tell apart), so two such records
   * without dates weigh what a shared name is worth there; two records of a country whose
   * strangers share nothing keep the model's weight.
   */
  @Test
  void nameLevels_commonAmongStrangersOfACitizenship_weighLittle_elsewhereTheModelsWeight(SparkSession spark,
      @TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("id,given,family,dob,cit");
    String[] given = {"Petya", "Petia", "Petja"};
    String[] family = {"Ivanova", "Ivanowa"};
    for (int i = 0; i < 120; i++) {
      String dob = String.format("%d-%02d-%02d", 1960 + i % 40, 1 + (i * 5) % 12, 1 + (i * 7) % 28);
      lines.add(String.join(",", "bg" + i, given[i % 3], family[(i / 3) % 2], dob, "BG"));
    }
    List<PersonFileFixture.Person> others = PersonFileFixture.persons(120, 5);
    for (int i = 0; i < 120; i++) {
      PersonFileFixture.Person p = others.get(i);
      lines.add(String.join(",", "dk" + i, p.given(), p.family(), p.birth().toString(), "DK"));
    }
    lines.add("bgA,Petya,Ivanova,,BG");
    lines.add("bgB,Petia,Ivanova,,BG");
    lines.add("dkA,Mirela,Kostadinova,,DK");
    lines.add("dkB,Mirela,Kostadinova,,DK");
    Pseudonymised file = pseudonymise(spark, dir, lines, """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "birth_date": "dob",
                    "birth_date_format": "yyyy-MM-dd", "citizenship": "cit"}}
        """);
    List<Row> rows = file.rows();
    Dataset<Row> records = file.records();
    Dataset<Row> linkRecords = ProbabilisticLinkage.linkColumns(records).localCheckpoint();
    LinkSettings settings = LinkSettings.load().withReviewThreshold(1e-300);
    FellegiSunter bundled = ModelFile.bundled();
    double[] modelU = bundled.u().get("name");
    Map<String, double[]> measured = new HashMap<>();
    for (Row r : NamesWithinCitizenship.of(linkRecords, settings, modelU, ProbabilisticLinkage.SEED).collectAsList()) {
      measured.computeIfAbsent(r.getString(0), k -> modelU.clone())[r.getInt(1)] = r.getDouble(2);
    }
    Dataset<Row> scored = ProbabilisticLinkage.score(Blocking.pairs(linkRecords, settings).pairs(), linkRecords,
        settings, bundled);
    Map<String, String> id = recordIds(rows, records);
    // Both pairs agree on citizenship, which counts at its own factor: the rest is the name's.
    double prior = Math.log(bundled.lambda() / (1 - bundled.lambda())) / Math.log(2)
        + bundled.factor("citizenship", 0);
    Double bg = null;
    Double dk = null;
    for (Row row : scored.select("l_key", "r_key", "weight", "cmp_name").collectAsList()) {
      Set<String> pair = Set.of(id.get(row.getString(0)), id.get(row.getString(1)));
      if (pair.equals(Set.of("bgA", "bgB"))) {
        int level = row.getInt(3);
        double uBg = measured.get("BG")[level];
        // Three given and two family names among 120 BG strangers: this level is common among them.
        assertTrue(uBg > 10 * modelU[level], "BG strangers at " + Comparisons.LEVELS.get("name").get(level) + ": u "
            + uBg + " against the model's " + modelU[level]);
        bg = row.getDouble(2) - prior;
        double cap = Math.log(bundled.m().get("name")[level] / uBg) / Math.log(2);
        assertTrue(bg <= cap + 1e-9, "the BG pair weighs " + bg + ", at most " + cap);
      }
      if (pair.equals(Set.of("dkA", "dkB"))) {
        dk = row.getDouble(2) - prior;
      }
    }
    assertTrue(bg != null && bg < 5, "the BG pair without dates weighs " + bg);
    assertTrue(dk != null && dk > 10, "the DK pair keeps the model's weight: " + dk);
    // DK strangers share no name: their measured u stays near the model's.
    assertTrue(measured.get("DK")[0] < 10 * modelU[0] + 1e-3, "DK same-name u " + measured.get("DK")[0]);
  }

  @Test
  void placeAgreement_inALargeTown_weighsLessThanInASmallOne(SparkSession spark, @TempDir Path dir)
      throws Exception {
    // 300 persons, 240 of them in one town: two records there that agree on postcode and locality
    // say less than two in a town of two records (the u of the level is at least the postcode's
    // frequency, as a common name's is).
    List<String> lines = new ArrayList<>();
    lines.add("id,given,family,postcode,town");
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(300, 9);
    for (int i = 0; i < 300; i++) {
      PersonFileFixture.Person p = persons.get(i);
      lines.add(String.join(",", "p" + i, p.given(), p.family(), i < 240 ? "8000" : String.valueOf(8100 + i),
          i < 240 ? "Aarhus" : "Town" + i));
    }
    lines.add("bigA,Karoline,Frandsen,8000,Aarhus");
    lines.add("bigB,Karolina,Frandsen,8000,Aarhus");
    lines.add("smallA,Vibeke,Gormsen,9999,Smaaby");
    lines.add("smallB,Vibecke,Gormsen,9999,Smaaby");
    Pseudonymised file = pseudonymise(spark, dir, lines, """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "postcode": "postcode", "locality": "town"}}
        """);
    Dataset<Row> linkRecords = ProbabilisticLinkage.linkColumns(file.records()).localCheckpoint();
    LinkSettings settings = LinkSettings.load().withReviewThreshold(1e-300);
    FellegiSunter model = ModelFile.bundled();
    Dataset<Row> scored = ProbabilisticLinkage.score(Blocking.pairs(linkRecords, settings).pairs(), linkRecords,
        settings, model);
    Map<String, String> id = recordIds(file.rows(), file.records());
    Map<Set<String>, Row> byPair = new HashMap<>();
    for (Row row : scored.select("l_key", "r_key", "weight", "cmp_name", "cmp_address").collectAsList()) {
      byPair.put(Set.of(id.get(row.getString(0)), id.get(row.getString(1))), row);
    }
    Row big = byPair.get(Set.of("bigA", "bigB"));
    Row small = byPair.get(Set.of("smallA", "smallB"));
    int postcodeLocality = Comparisons.LEVELS.get("address").indexOf("postcode_locality");
    assertEquals(postcodeLocality, big.getInt(4));
    assertEquals(postcodeLocality, small.getInt(4));
    assertEquals(big.getInt(3), small.getInt(3), "the same name level");
    double[] m = model.m().get("address");
    // 242 of 304 records at 8000, less the 3 one person may hold: u at least 239 / 304.
    double expected = Math.log(m[postcodeLocality] / (239.0 / 304)) / Math.log(2);
    double difference = small.getDouble(2) - big.getDouble(2);
    assertEquals(model.factor("address", postcodeLocality) - expected, difference, 1e-6,
        "the large town's agreement weighs log2(m / its frequency)");
    assertTrue(difference > 2, "two bits less than the small town's (u 1/6 in the bundled model): " + difference);
  }
}
