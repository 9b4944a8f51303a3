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

    assertEquals(Comparisons.COLUMNS, List.of(link.columns()));
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
          if (CODES.contains(name)) {
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
  }

  /** Lines 2.. hold person 0 exact, person 0 copy, person 1 exact, ... (copies for the first 100). */
  private static long lineToPerson(long line) {
    long i = line - 2;
    return i < 200 ? i / 2 : 100 + (i - 200);
  }

  @Test
  void secondNight_withOnePercentNewRecords_keepsEveryUntouchedPersonsKey(SparkSession spark, @TempDir Path dir) {
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
    Dataset<Row> noLinks = spark.createDataFrame(List.<Row>of(), linkSchema());
    Dataset<Row> noRedirects = spark.createDataFrame(List.<Row>of(), redirectSchema());
    LinkStage stage = new LinkStage();
    RunContext ctx = new RunContext(spark, new RunId("20261129T023000Z"), Clock.systemUTC());
    LinkStage.Output one = stage.run(new LinkStage.Input(night1, noLinks, noRedirects, LocalDate.of(2026, 11, 1),
        settings, model), ctx);
    Dataset<Row> links1 = one.assignment().links().localCheckpoint();
    LinkStage.Output two = stage.run(new LinkStage.Input(night2, links1, noRedirects, LocalDate.of(2026, 11, 2),
        settings, model), ctx);
    Dataset<Row> links2 = two.assignment().links().localCheckpoint();

    Map<String, String> key1 = new HashMap<>();
    links1.collectAsList().forEach(r -> key1.put(r.getString(0), r.getString(1)));
    Map<String, String> key2 = new HashMap<>();
    links2.collectAsList().forEach(r -> key2.put(r.getString(0), r.getString(1)));
    // A person is untouched when the second night's person holding its records holds no new record.
    Map<String, Set<String>> members2 = new HashMap<>();
    key2.forEach((rec, p) -> members2.computeIfAbsent(p, k -> new HashSet<>()).add(rec));
    Map<String, Set<String>> members1 = new HashMap<>();
    key1.forEach((rec, p) -> members1.computeIfAbsent(p, k -> new HashSet<>()).add(rec));
    int untouched = 0;
    for (Map.Entry<String, Set<String>> e : members1.entrySet()) {
      Set<String> later = new HashSet<>();
      e.getValue().forEach(rec -> later.addAll(members2.get(key2.get(rec))));
      boolean touched = later.stream().anyMatch(rec -> !key1.containsKey(rec)) || !later.equals(e.getValue());
      if (!touched) {
        untouched++;
        for (String rec : e.getValue()) {
          assertEquals(e.getKey(), key2.get(rec), "untouched person kept its key");
        }
      }
    }
    assertEquals(all.size() - first.size(), key2.size() - key1.size(), "the new records are linked");
    assertTrue(untouched >= members1.size() - 2 * (all.size() - first.size()),
        "only persons the new records joined changed: " + untouched + " of " + members1.size());
    assertFalse(members1.isEmpty());
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
        base.linkThreshold(), base.clusterThreshold(), base.reviewThreshold());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < settings.maxBlock() + 10; i++) {
      rows.add(RowFactory.create(String.format("r%03d", i), null,
          dk.thbstats.core.SparkRows.seq(List.of(RowFactory.create("DOCUMENT", "NG", "filler")))));
    }
    rows.add(RowFactory.create("s1", "n", dk.thbstats.core.SparkRows.seq(List.of())));
    rows.add(RowFactory.create("s2", "n", dk.thbstats.core.SparkRows.seq(List.of())));
    Blocking.Result result = Blocking.pairs(spark.createDataFrame(rows, schema), settings);
    List<Row> pairs = result.pairs().collectAsList();
    assertEquals(1, pairs.size());
    assertEquals("s1", pairs.get(0).getAs("l_key"));
    assertEquals("name", pairs.get(0).getAs("rule"));
    Row big = result.blockSizes().orderBy(col("n").desc()).first();
    assertEquals(settings.maxBlock() + 10, big.<Long>getAs("n"));
  }

  private static StructType linkSchema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField(Links.RECORD_KEY, DataTypes.StringType, false),
        DataTypes.createStructField(Links.PERSON_KEY, DataTypes.StringType, false)));
  }

  private static StructType redirectSchema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField("old_person_key", DataTypes.StringType, false),
        DataTypes.createStructField("new_person_key", DataTypes.StringType, false),
        DataTypes.createStructField("merged_on", DataTypes.DateType, false)));
  }
}
