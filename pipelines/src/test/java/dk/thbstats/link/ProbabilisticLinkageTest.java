package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.ingest.PersonFiles;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Records;
import dk.thbstats.testing.PersonFileFixture;
import dk.thbstats.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class ProbabilisticLinkageTest {
  private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern LSH_BAND = Pattern.compile("[0-9]{1,2}(:[0-9a-f]{1,8}){6}");
  /** Coded, non-identifying attributes linkage may read besides tokens and Bloom filters. */
  private static final Set<String> CODES = Set.of(Records.SEX, Records.CITIZENSHIP, Records.BIRTH_DATE_PRECISION);

  private static Dataset<Row> pseudonymised(SparkSession spark, Path file) {
    Path mapping = file.resolveSibling("mapping.json");
    try {
      java.nio.file.Files.writeString(mapping, PersonFileFixture.mappingJson());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<Row> rows = PersonFiles.read(file, PersonFiles.Mapping.read(mapping));
    Dataset<Row> staged = spark.createDataFrame(rows, Staged.contract().schema());
    RunContext ctx = new RunContext(spark, new RunId("20261129T023000Z"), Clock.systemUTC());
    return new PseudonymiseStage(Keyring.forTests()).run(staged, ctx).dropDuplicates(Records.RECORD_KEY)
        .localCheckpoint();
  }

  private static List<String> fileLines(List<PersonFileFixture.Person> persons, int copies) {
    List<String> lines = new ArrayList<>();
    for (PersonFileFixture.Person p : persons) {
      lines.add(PersonFileFixture.exact("a" + p.index(), p));
      if (p.index() < copies) {
        lines.add(PersonFileFixture.varied("b" + p.index(), p, p.index()));
      }
    }
    return lines;
  }

  @Test
  void linkColumns_holdOnlyTokensBloomFiltersAndCodes_neverACleartextValue(SparkSession spark, @TempDir Path dir) {
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(40, 3);
    Dataset<Row> records = pseudonymised(spark, PersonFileFixture.write(dir.resolve("people.csv"), fileLines(persons, 20)));
    Dataset<Row> link = ProbabilisticLinkage.linkColumns(records);

    List<String> expected = new ArrayList<>(Comparisons.COLUMNS);
    expected.add(NameLsh.COLUMN);
    assertEquals(expected, List.of(link.columns()));
    Set<String> cleartext = new HashSet<>();
    for (PersonFileFixture.Person p : persons) {
      cleartext.addAll(List.of(p.given().toLowerCase(), p.family().toLowerCase(), p.birth().toString(),
          String.valueOf(p.birth().getYear()), p.phone().replace(" ", "")));
    }
    cleartext.remove("");
    for (StructField f : link.schema().fields()) {
      DataType t = f.dataType();
      boolean token = t instanceof StringType || t instanceof ArrayType a && a.elementType() instanceof StringType;
      boolean bloom = t instanceof BinaryType;
      boolean identifiers = f.name().equals(Records.IDENTIFIERS);
      assertTrue(token || bloom || identifiers, f.name() + " is " + t.simpleString());
    }
    for (Row r : link.collectAsList()) {
      for (int i = 0; i < r.size(); i++) {
        String name = link.columns()[i];
        if (r.isNullAt(i) || link.schema().fields()[i].dataType() instanceof BinaryType) {
          continue;
        }
        List<String> values = new ArrayList<>();
        if (link.schema().fields()[i].dataType() instanceof ArrayType) {
          for (Object x : r.getList(i)) {
            values.add(x instanceof Row id ? id.getString(2) : String.valueOf(x));
          }
        } else {
          values.add(String.valueOf(r.get(i)));
        }
        for (String value : values) {
          if (NameLsh.COLUMN.equals(name)) {
            // Band keys: a band number and three minima of hashes of Bloom-filter positions.
            assertTrue(LSH_BAND.matcher(value).matches(), name + " = " + value);
          } else if (CODES.contains(name)) {
            assertTrue(value.length() <= 16 && !cleartext.contains(value.toLowerCase()), name + " = " + value);
          } else {
            assertTrue(TOKEN.matcher(value).matches(), name + " holds a non-token value");
          }
        }
      }
    }
    // Linkage runs on those columns alone: nothing else is needed downstream of the projection.
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(link, LinkSettings.load(), ModelFile.bundled(), 1L);
    assertEquals(link.count(), result.clusters().count());
  }

  @Test
  void link_variantsOfOnePerson_areLinked_andStrangersAreNot(SparkSession spark, @TempDir Path dir) {
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(300, 5);
    Dataset<Row> records = pseudonymised(spark, PersonFileFixture.write(dir.resolve("people.csv"), fileLines(persons, 100)));
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(records, LinkSettings.load(), ModelFile.bundled(), 1L);
    // Line numbers: person i's exact record and (for i < 100) its copy follow each other.
    Map<String, Integer> entity = new HashMap<>();
    List<Row> lines = records.select(Records.RECORD_KEY, Records.SOURCE_LINE).orderBy(Records.SOURCE_LINE).collectAsList();
    for (Row r : lines) {
      entity.put(r.getString(0), (int) lineToPerson(r.getInt(1)));
    }
    Map<String, Set<Integer>> clusters = new HashMap<>();
    for (Row r : result.clusters().collectAsList()) {
      clusters.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(entity.get(r.getString(0)));
    }
    long mixed = clusters.values().stream().filter(s -> s.size() > 1).count();
    assertEquals(0, mixed, "no cluster holds two persons");
    // 400 records of 300 persons: every copy found gives one cluster fewer.
    assertTrue(clusters.size() <= 305, "at most 5 of 100 copies missed, clusters: " + clusters.size());
    // λ is where the candidates' own weights put it: its expected matching pairs are the sum of the
    // candidates' match probabilities under it (the fixed point), and near the 100 true ones.
    LinkSettings all = LinkSettings.load().withReviewThreshold(Double.MIN_VALUE);
    double sum = ProbabilisticLinkage.score(Blocking.pairs(result.records(), all).pairs(), result.records(), all,
        result.model()).agg(org.apache.spark.sql.functions.sum("probability")).first().getDouble(0);
    long n = result.records().count();
    double expected = result.model().lambda() * n * (n - 1) / 2.0;
    assertEquals(sum, expected, 0.01 * sum, "λ at the candidates' fixed point");
    assertEquals(100, expected, 10, "matching pairs λ expects");
    // The same fixed point from a start ten times too high or too low: where random pairs put λ
    // does not decide where scoring takes it.
    Dataset<Row> candidates = Blocking.pairs(result.records(), all).pairs();
    for (double start : new double[] {10, 0.1}) {
      FellegiSunter off = result.model().withLambda(result.model().lambda() * start);
      double moved = ProbabilisticLinkage.scoringLambda(
          ProbabilisticLinkage.weighed(candidates, result.records(), all, off), off, n);
      assertEquals(result.model().lambda(), moved, 0.02 * result.model().lambda(), "λ from " + start + " × it");
    }
  }

  /** Lines 2.. hold person 0 exact, person 0 copy, person 1 exact, ... (copies for the first 100). */
  private static long lineToPerson(long line) {
    long i = line - 2;
    return i < 200 ? i / 2 : 100 + (i - 200);
  }

  @Test
  void secondNight_withOnePercentNewRecords_isIncremental_andKeepsEveryUntouchedPersonsKey(SparkSession spark,
      @TempDir Path dir) {
    List<PersonFileFixture.Person> persons = PersonFileFixture.persons(800, 9);
    List<String> all = fileLines(persons, 200);
    // Night 1: all but every hundredth record; night 2: all of them (1 % new).
    List<String> first = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % 100 != 50) {
        first.add(all.get(i));
      }
    }
    Dataset<Row> night1 = pseudonymised(spark, PersonFileFixture.write(dir.resolve("n1/people.csv"), first));
    Dataset<Row> night2 = pseudonymised(spark, PersonFileFixture.write(dir.resolve("n2/people.csv"), all));
    LinkSettings settings = LinkSettings.load();
    FellegiSunter model = ModelFile.bundled();
    LinkStage stage = new LinkStage();
    RunContext ctx = new RunContext(spark, new RunId("20261129T023000Z"), Clock.systemUTC());
    LinkStage.Output one = stage.run(new LinkStage.Input(night1, LinkStage.Previous.none(spark),
        LocalDate.of(2026, 11, 1), settings, model, false), ctx);
    assertEquals(LinkStage.Mode.FULL, one.night().mode());
    LinkStage.Output two = stage.run(new LinkStage.Input(night2, previous(one), LocalDate.of(2026, 11, 2), settings,
        model, false), ctx);
    int added = all.size() - first.size();
    assertEquals(LinkStage.Mode.INCREMENTAL, two.night().mode());
    assertEquals(added, two.night().newOrChanged());
    assertEquals(all.size(), two.night().records());
    assertTrue(two.night().comparedPairs() * 20 < one.night().comparedPairs(),
        "compares only the new records' pairs: " + two.night().comparedPairs() + " vs " + one.night().comparedPairs());
    assertTrue(two.night().keptPairs() > one.night().keptPairs(), "keeps the earlier pairs");
    assertTrue(two.night().reclustered() < 4L * added,
        "re-clusters only the touched components: " + two.night().reclustered());

    Map<String, String> key1 = keys(one.links());
    Map<String, String> key2 = keys(two.links());
    assertEquals(added, key2.size() - key1.size(), "the new records are linked");
    // Every record outside the re-clustered components keeps its person key: the person is untouched.
    Map<String, String> component1 = new HashMap<>();
    one.links().collectAsList().forEach(r -> component1.put(r.getString(0), r.getString(2)));
    Map<String, String> component2 = new HashMap<>();
    two.links().collectAsList().forEach(r -> component2.put(r.getString(0), r.getString(2)));
    int unchanged = 0;
    for (Map.Entry<String, String> e : key1.entrySet()) {
      if (component1.get(e.getKey()).equals(component2.get(e.getKey()))) {
        assertEquals(e.getValue(), key2.get(e.getKey()), "untouched person kept its key");
        unchanged++;
      }
    }
    assertTrue(unchanged >= key1.size() - 4 * added, "kept " + unchanged + " of " + key1.size());

    // The incremental night agrees with linking everything again.
    LinkStage.Output full = stage.run(new LinkStage.Input(night2, previous(one), LocalDate.of(2026, 11, 2), settings,
        model, true), ctx);
    assertEquals(LinkStage.Mode.FULL, full.night().mode());
    assertEquals("requested", full.night().reason());
    long personsIncremental = two.links().select(Links.PERSON_KEY).distinct().count();
    long personsFull = full.links().select(Links.PERSON_KEY).distinct().count();
    assertTrue(Math.abs(personsIncremental - personsFull) <= 2,
        "incremental " + personsIncremental + " vs full " + personsFull + " persons");

    // Night 3: one re-delivered record with another birth date is linked again.
    List<String> changed = new ArrayList<>(all);
    PersonFileFixture.Person p = persons.get(300);
    int at = changed.indexOf(PersonFileFixture.exact("a300", p));
    changed.set(at, PersonFileFixture.varied("a300", p, 2));
    Dataset<Row> night3 = pseudonymised(spark, PersonFileFixture.write(dir.resolve("n3/people.csv"), changed));
    LinkStage.Output three = stage.run(new LinkStage.Input(night3, previous(two), LocalDate.of(2026, 11, 3),
        settings, model, false), ctx);
    assertEquals(LinkStage.Mode.INCREMENTAL, three.night().mode());
    assertEquals(1, three.night().newOrChanged());
    assertEquals(key2.size(), keys(three.links()).size());
  }

  @Test
  void fullReason_settingsOrModelChanged_recordsDoubled_orAskedFor(SparkSession spark) {
    LinkSettings settings = LinkSettings.load();
    FellegiSunter model = ModelFile.bundled();
    String fingerprint = LinkState.fingerprint(settings, model);
    LinkStage.Previous none = LinkStage.Previous.none(spark);
    LinkStage.Previous state = new LinkStage.Previous(none.links(), none.pairs(), none.redirects(),
        new LinkState(fingerprint, 1e-3, model.u(), 1000));
    assertEquals(null, LinkStage.fullReason(new LinkStage.Input(null, state, null, settings, model, false),
        fingerprint, 1999));
    assertEquals("records grew from 1000 to 2001 since the last full linkage",
        LinkStage.fullReason(new LinkStage.Input(null, state, null, settings, model, false), fingerprint, 2001));
    assertEquals("requested",
        LinkStage.fullReason(new LinkStage.Input(null, state, null, settings, model, true), fingerprint, 1000));
    assertEquals("no linkage state yet",
        LinkStage.fullReason(new LinkStage.Input(null, none, null, settings, model, false), fingerprint, 1000));
    String other = LinkState.fingerprint(settings.withLinkThreshold(0.6), model);
    assertFalse(fingerprint.equals(other));
    assertEquals("linkage settings or model changed",
        LinkStage.fullReason(new LinkStage.Input(null, state, null, settings, model, false), other, 1000));
    assertEquals("model fitted on tonight's records",
        LinkStage.fullReason(new LinkStage.Input(null, state, null, settings, null, false), null, 1000));
    Map<String, String> summary = new LinkState(fingerprint, 0.1 / 3, model.u(), 1000).toSummary();
    LinkState back = LinkState.fromSummary(summary);
    assertEquals(0.1 / 3, back.lambda());
    assertEquals(fingerprint, back.fingerprint());
    // u round-trips exactly: an incremental night scores with the u of the last full linkage.
    for (String c : model.comparisons()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(model.u().get(c), back.u().get(c), c);
    }
    // A state from before u was kept is no state: the next night links in full.
    summary.remove(LinkState.U);
    assertEquals(null, LinkState.fromSummary(summary));
  }

  /** What a night leaves for the next, as the nightly job reads it back. */
  private static LinkStage.Previous previous(LinkStage.Output night) {
    return new LinkStage.Previous(night.links(), LinkStage.pairsTable(night.pairs()),
        night.redirects(), night.state());
  }

  private static Map<String, String> keys(Dataset<Row> links) {
    Map<String, String> m = new HashMap<>();
    links.select(Links.RECORD_KEY, Links.PERSON_KEY).collectAsList().forEach(r -> m.put(r.getString(0), r.getString(1)));
    return m;
  }

  @Test
  void blocking_fillerIdentifierSharedByManyRecords_givesNoPairs_butRealMatchesDo(SparkSession spark) {
    StructType id = DataTypes.createStructType(List.of(
        DataTypes.createStructField("type", DataTypes.StringType, false),
        DataTypes.createStructField("country", DataTypes.StringType, true),
        DataTypes.createStructField("key", DataTypes.StringType, false)));
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField(Records.RECORD_KEY, DataTypes.StringType, false),
        DataTypes.createStructField(Records.NAME_KEY, DataTypes.StringType, true),
        DataTypes.createStructField(Records.IDENTIFIERS, DataTypes.createArrayType(id), false)));
    LinkSettings base = LinkSettings.load();
    LinkSettings settings = new LinkSettings(base.settings(), base.version(), base.description(),
        List.of(new LinkSettings.BlockingRule("identifier", List.of(Records.IDENTIFIERS)),
            new LinkSettings.BlockingRule("name", List.of(Records.NAME_KEY))),
        base.maxBlock(), List.of("name"), base.randomPairs(), base.emIterations(), base.diceLevels(),
        base.linkThreshold(), base.clusterThreshold(), base.reviewThreshold(), base.fullRelinkGrowth());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < settings.maxBlock() + 10; i++) {
      rows.add(RowFactory.create(String.format("r%03d", i), null,
          dk.thbstats.core.SparkRows.array(List.of(RowFactory.create("DOCUMENT", "NG", "filler")))));
    }
    rows.add(RowFactory.create("s1", "n", dk.thbstats.core.SparkRows.array(List.of())));
    rows.add(RowFactory.create("s2", "n", dk.thbstats.core.SparkRows.array(List.of())));
    Blocking.Result result = Blocking.pairs(spark.createDataFrame(rows, schema), settings);
    List<Row> pairs = result.pairs().collectAsList();
    assertEquals(1, pairs.size());
    assertEquals("s1", pairs.get(0).getAs("l_key"));
    assertEquals("name", pairs.get(0).getAs("rule"));
    Row big = result.blockSizes().orderBy(col("n").desc()).first();
    assertEquals(settings.maxBlock() + 10, big.<Long>getAs("n"));
  }
}
