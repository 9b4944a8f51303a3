package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.aggregate.RegisteredChange;
import dk.thbstats.aggregate.VictimsByCitizenship;
import dk.thbstats.core.StageRunner;
import dk.thbstats.disclose.CellKeyMethod;
import dk.thbstats.disclose.CrossMethodAudit;
import dk.thbstats.disclose.EarlierReleases;
import dk.thbstats.disclose.MethodLinks;
import dk.thbstats.disclose.SuppressionStage;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.PublishedOrder;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Population;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Persons;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The statistics products of a night, from the restricted persons, events and links, as stages:
 * record keys for new persons ({@link RecordKeysStage}), the count tables ({@link AggregateStage})
 * and their suppression ({@code disclose.SuppressionStage}), the trend tables ({@link
 * TrendTablesStage}) and the cell key method ({@link CellKeyStage}), the two methods together
 * ({@link AcrossMethodsStage}), then one write-audit-publish of them all ({@link PublishStage}).
 * Used by the nightly job and by key rotation, which publishes again from the rotated warehouse.
 */
public final class StatisticsStep {
  /** What was published: the suppression results, each cell-key table's cell count, the audits. */
  record Result(List<SuppressionStage.Output> suppression, Map<Tables, Long> cellKeyCells, String publishAudit,
      long recordKeysAssigned, Map<Tables, Long> withheldCells) {}

  private StatisticsStep() {}

  static Result run(SparkSession spark, Warehouse warehouse, StageRunner runner, Keyring keyring, CodeLists codeLists,
      LocalDate vintage, NightInputs inputs) {
    Dataset<Row> persons = warehouse.read(Tables.PERSONS);
    RecordKeysStage.Output keys = runner.run(new RecordKeysStage(),
        new RecordKeysStage.Input(warehouse, persons, keyring, vintage));
    Dataset<Row> events = warehouse.read(Tables.EVENTS);
    Dataset<Row> links = warehouse.read(Tables.LINKS);

    List<Integer> victimYears = victimYears(persons);
    List<Integer> trendYears = span(persons.filter(col(Persons.IS_VICTIM)).select(year(col(Persons.REFERENCE_DATE)).as("y"))
        .union(events.select(year(col(Events.EVENT_DATE)).as("y"))));
    Map<Tables, Dataset<Row>> counts = runner.run(new AggregateStage(),
        new AggregateStage.Input(persons, events, links, codeLists, victimYears)).counts();
    Map<Tables, Dataset<Row>> trends = runner.run(new TrendTablesStage(), new TrendTablesStage.Input(persons, events,
        links, keys.recordKeys(), codeLists, victimYears, trendYears)).counts();

    // What every earlier release published: cells one showed with the value they still have are
    // known, so they are neither suppressed now nor left out of the audit's attack.
    EarlierReleases earlier = earlierReleases(warehouse);
    Map<SuppressionGroup, SuppressionStage.Output> disclosed = new java.util.EnumMap<>(SuppressionGroup.class);
    for (SuppressionGroup g : SuppressionGroup.values()) {
      disclosed.put(g, runner.run(new SuppressionStage(),
          new SuppressionStage.Input(g.tables(), g.tables().stream().map(counts::get).toList(), earlier)));
    }
    List<Publisher.Release> toPublish = new ArrayList<>();
    for (SuppressionGroup g : SuppressionGroup.values()) {
      for (Tables t : g.tables()) {
        SuppressionStage.Table result = disclosed.get(g).of(t);
        toPublish.add(new Publisher.Release(t, result.published(), result.suppressedCells()));
      }
    }
    // Derived measures from the published cells only (checked again by the audit on the branch).
    Population population = Population.load();
    Dataset<Row> change = RegisteredChange.of(disclosed.get(SuppressionGroup.VICTIMS).of(Tables.VICTIMS_REGISTERED)
        .published(), population).localCheckpoint();
    toPublish.add(new Publisher.Release(Tables.VICTIMS_REGISTERED_CHANGE, change, 0));
    CellKeyStage.Output cellKey = runner.run(new CellKeyStage(), new CellKeyStage.Input(trends));
    MethodLinks methodLinks = MethodLinks.load(1);
    MethodLinks.CountryGroups countries = (c, y) -> VictimsByCitizenship.groupOfYear(c, y, codeLists);
    AcrossMethodsStage.Output across = runner.run(new AcrossMethodsStage(),
        new AcrossMethodsStage.Input(counts, disclosed, trends, cellKey, methodLinks, countries));
    Map<Tables, Long> withheldCells = new LinkedHashMap<>();
    for (Map.Entry<Tables, Dataset<Row>> e : cellKey.perturbed().entrySet()) {
      Tables t = e.getKey();
      Dataset<Row> rows = e.getValue();
      if (methodLinks.of(t.table()) != null) {
        Set<List<String>> mine = CrossMethodAudit.of(across.withheld(), t.table());
        rows = CellKeyMethod.withLinkRules(t.contract(), rows, mine);
        withheldCells.put(t, (long) mine.size());
      }
      toPublish.add(new Publisher.Release(t, rows, 0));
    }
    String publishAudit = runner.run(new PublishStage(), new PublishStage.Input(warehouse, toPublish, vintage, counts,
        earlier, trends, cellKey, across, methodLinks, countries, population, inputs)).audit();
    return new Result(new ArrayList<>(disclosed.values()), cellKey.cells(), publishAudit, keys.assigned(),
        withheldCells);
  }

  /** The reference years of the registered victims, first to last. */
  public static List<Integer> victimYears(Dataset<Row> persons) {
    return span(persons.filter(col(Persons.IS_VICTIM)).select(year(col(Persons.REFERENCE_DATE)).as("y")));
  }

  /**
   * What every release made so far published, in the order they were made (their tags on the
   * suppression tables; a table a release did not hold contributes nothing).
   */
  static EarlierReleases earlierReleases(Warehouse warehouse) {
    EarlierReleases.Builder b = EarlierReleases.builder();
    for (SuppressionGroup group : SuppressionGroup.values()) {
      for (Tables t : group.tables()) {
        org.apache.iceberg.Table table = warehouse.iceberg(t);
        List<Map.Entry<String, Long>> tags = new ArrayList<>(warehouse.tags(t).entrySet());
        tags.sort(java.util.Comparator.comparingLong(e -> table.snapshot(e.getValue()).sequenceNumber()));
        for (Map.Entry<String, Long> tag : tags) {
          b.add(tag.getKey(), t.table(), publishedValues(warehouse, t, tag.getValue()));
        }
      }
    }
    return b.build();
  }

  /** The cells a snapshot of a published table shows with a value (an aggregate), by coordinates. */
  public static Map<List<String>, Long> publishedValues(Warehouse warehouse, Tables t, long snapshot) {
    Map<List<String>, Long> out = new java.util.HashMap<>();
    List<String> dims = PublishedOrder.dimensions(t.contract());
    for (Row r : warehouse.readSnapshot(t, snapshot).filter(col("value").isNotNull()).collectAsList()) {
      out.put(dims.stream().map(d -> (String) r.getAs(d)).toList(), ((Number) r.getAs("value")).longValue());
    }
    return out;
  }

  /** Every year from the first to the last in column {@code y} (empty when there is none). */
  static List<Integer> span(Dataset<Row> years) {
    Row r = years.agg(min(col("y")), max(col("y"))).first();
    List<Integer> out = new ArrayList<>();
    if (!r.isNullAt(0)) {
      for (int y = r.getInt(0); y <= r.getInt(1); y++) {
        out.add(y);
      }
    }
    return out;
  }
}
