package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.year;

import dk.thbstats.aggregate.ActionPlanIndicators;
import dk.thbstats.aggregate.RegisteredChange;
import dk.thbstats.aggregate.Traffickers;
import dk.thbstats.aggregate.VictimsByCitizenship;
import dk.thbstats.aggregate.VictimsByExploitation;
import dk.thbstats.aggregate.VictimsFunnel;
import dk.thbstats.aggregate.VictimsProfile;
import dk.thbstats.aggregate.VictimsRegistered;
import dk.thbstats.aggregate.VictimsTrend;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.Parallel;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.StageRunner;
import dk.thbstats.disclose.CellKeyMethod;
import dk.thbstats.disclose.CellRef;
import dk.thbstats.disclose.CrossMethodAudit;
import dk.thbstats.disclose.EarlierReleases;
import dk.thbstats.disclose.MethodLinks;
import dk.thbstats.disclose.PerturbationTable;
import dk.thbstats.disclose.PublishAudit;
import dk.thbstats.disclose.SuppressionStage;
import dk.thbstats.pseudonymise.CellKeys;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.PublishedOrder;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Population;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables.CkmKeys;
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
 * The statistics products of a night, from the restricted persons, events and links: record keys
 * for new persons, the count tables (suppression) and the trend tables (cell key method), then
 * one write-audit-publish of them all. Used by the nightly job and by key rotation, which
 * publishes again from the rotated warehouse.
 */
public final class StatisticsStep {
  /** What was published: the suppression results, each cell-key table's cell count, the audits. */
  record Result(List<SuppressionStage.Output> suppression, Map<Tables, Long> cellKeyCells, String publishAudit,
      long recordKeysAssigned, Map<Tables, Long> withheldCells) {}

  private StatisticsStep() {}

  static Result run(SparkSession spark, Warehouse warehouse, StageRunner runner, Keyring keyring, CodeLists codeLists,
      LocalDate vintage, NightInputs inputs) {
    Dataset<Row> persons = warehouse.read(Tables.PERSONS);
    // Record keys are assigned once, the first night a person key appears, and then only read.
    long assigned = runner.time("record keys", () -> {
      Dataset<Row> fresh = persons.select(Persons.PERSON_KEY)
          .join(warehouse.read(Tables.CKM_KEYS).select(CkmKeys.PERSON_KEY), CkmKeys.PERSON_KEY, "left_anti")
          .select(col(CkmKeys.PERSON_KEY), CellKeys.recordKey(keyring, col(CkmKeys.PERSON_KEY)).as(CkmKeys.CKM_KEY),
              lit(vintage).cast("date").as(CkmKeys.ASSIGNED_ON))
          .localCheckpoint();
      long n = fresh.count();
      if (n > 0) {
        warehouse.append(Tables.CKM_KEYS, fresh);
      }
      return n;
    });
    Dataset<Row> recordKeys = warehouse.read(Tables.CKM_KEYS);
    Dataset<Row> events = warehouse.read(Tables.EVENTS);
    Dataset<Row> links = warehouse.read(Tables.LINKS);

    List<Integer> victimYears = victimYears(persons);
    List<Integer> trendYears = span(persons.filter(col(Persons.IS_VICTIM)).select(year(col(Persons.REFERENCE_DATE)).as("y"))
        .union(events.select(year(col(Events.EVENT_DATE)).as("y"))));
    Map<Tables, Dataset<Row>> counts = runner.time("aggregate",
        () -> countTables(spark, persons, events, links, codeLists, victimYears));
    // Trend tables come back as small local tables (TrendCube collects the aggregate); they are
    // independent, so a few are computed at a time.
    Map<Tables, Dataset<Row>> trends = runner.time("trend tables", () -> {
      @SuppressWarnings("unchecked")
      List<String> authorities = ((List<String>) Tables.VICTIMS_AUTHORITY.contract().dimensions().get(1).get("codes"))
          .stream().filter(c -> !"UNK".equals(c)).toList();
      Map<Tables, java.util.function.Supplier<Dataset<Row>>> work = new LinkedHashMap<>();
      work.put(Tables.TREND_VICTIMS, () -> VictimsTrend.toCounts(spark, VictimsTrend.toFacts(persons), recordKeys,
          trendYears));
      work.put(Tables.VICTIMS_PROFILE, () -> VictimsProfile.byAgeBand(spark, persons, recordKeys, victimYears));
      work.put(Tables.VICTIMS_AUTHORITY, () -> VictimsProfile.byAuthority(spark, persons, recordKeys, victimYears,
          authorities));
      work.put(Tables.VICTIMS_SOURCE_OVERLAP, () -> VictimsProfile.bySources(spark, persons, recordKeys, victimYears));
      work.put(Tables.VICTIMS_NATIONALITY, () -> VictimsProfile.byNationality(spark, persons, recordKeys, victimYears,
          VictimsProfile.topNationalities(persons), codeLists));
      work.put(Tables.VICTIMS_FUNNEL, () -> VictimsFunnel.toCounts(spark, VictimsFunnel.toFacts(events, links, persons),
          recordKeys, trendYears));
      work.put(Tables.VICTIMS_FIRST_REGISTERED, () -> VictimsProfile.byFirstRegistration(spark, persons, events, links,
          recordKeys, trendYears));
      work.put(Tables.VICTIMS_FORM_COMBINATION, () -> VictimsTrend.byCombination(spark, VictimsTrend.toFacts(persons),
          recordKeys, victimYears));
      work.put(Tables.TRAFFICKERS_STAGES, () -> Traffickers.byStage(spark, events, links, persons, recordKeys,
          trendYears));
      ActionPlanIndicators.Mapping mapping = ActionPlanIndicators.mapping();
      for (ActionPlanIndicators.Area area : mapping.areas()) {
        work.put(area.table(), () -> ActionPlanIndicators.toCounts(spark, mapping, area,
            ActionPlanIndicators.toFacts(spark, mapping, area, events, links, persons), recordKeys, trendYears));
      }
      List<Tables> order = new ArrayList<>(work.keySet());
      List<Dataset<Row>> made = Parallel.map(order, t -> work.get(t).get());
      Map<Tables, Dataset<Row>> out = new LinkedHashMap<>();
      for (int k = 0; k < order.size(); k++) {
        out.put(order.get(k), made.get(k));
      }
      return out;
    });

    // What every earlier release published: cells one showed with the value they still have are
    // known, so they are neither suppressed now nor left out of the audit's attack.
    EarlierReleases earlier = earlierReleases(warehouse);
    Map<SuppressionGroup, SuppressionStage.Output> disclosed = new java.util.EnumMap<>(SuppressionGroup.class);
    for (SuppressionGroup g : SuppressionGroup.values()) {
      disclosed.put(g, runner.run(new SuppressionStage(),
          new SuppressionStage.Input(g.tables(), g.tables().stream().map(counts::get).toList(), earlier)));
    }
    Map<Tables, PerturbationTable> ptables = new LinkedHashMap<>();
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
    Map<Tables, Long> cellKeyCells = new LinkedHashMap<>();
    Map<Tables, Dataset<Row>> perturbed = new LinkedHashMap<>();
    runner.time("cell key method", () -> {
      for (Map.Entry<Tables, Dataset<Row>> e : trends.entrySet()) {
        TableContract contract = e.getKey().contract();
        PerturbationTable ptable = PerturbationTable.load(contract.perturbation());
        ptables.put(e.getKey(), ptable);
        perturbed.put(e.getKey(), CellKeyMethod.perturb(contract, e.getValue(), ptable).localCheckpoint());
        cellKeyCells.put(e.getKey(), (long) e.getValue().collectAsList().size());
      }
      return null;
    });
    // The two methods together: a cell-key cell that counts the persons of a suppressed cell is
    // withheld, and so are the cell-key cells an attack across both methods would use to narrow
    // one (CrossMethodAudit.coexist); the linked tables' all-years rows are sums of their years.
    MethodLinks methodLinks = MethodLinks.load(1);
    MethodLinks.CountryGroups countries = (c, y) -> VictimsByCitizenship.groupOfYear(c, y, codeLists);
    // What the attack of each group saw and found, so that the publish audit can check the written
    // rows are those cells and take the verdict (attacking again only when they differ).
    record Attacked(List<CrossMethodAudit.SuppressionTable> suppression, List<CrossMethodAudit.CellKeyTable> cellKey,
        CrossMethodAudit.Result verdict) {}
    Map<SuppressionGroup, Attacked> attacked = new java.util.EnumMap<>(SuppressionGroup.class);
    Set<CellRef> withheld = runner.time("disclose across methods", () -> {
      Set<CellRef> out = new java.util.LinkedHashSet<>();
      for (SuppressionGroup g : SuppressionGroup.values()) {
        List<CrossMethodAudit.SuppressionTable> suppressed = new ArrayList<>();
        for (Tables t : g.tables()) {
          suppressed.add(CrossMethodAudit.suppressionTable(t.contract(), counts.get(t),
              disclosed.get(g).of(t).published()));
        }
        List<CrossMethodAudit.CellKeyTable> linked = linkedCellKeyTables(g.tables(), methodLinks, trends, perturbed,
            ptables);
        CrossMethodAudit.Coexistence co = CrossMethodAudit.coexist(suppressed, linked, methodLinks, countries,
            g.threshold());
        if (!co.result().passed()) {
          throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the cell-key tables cannot be published beside"
              + " the suppression tables: " + co.result().violations().size() + " suppressed cell(s) stay narrow after"
              + " withholding " + co.withheld().size() + " cell-key cell(s), e.g. " + co.result().violations().get(0));
        }
        out.addAll(co.withheld());
        attacked.put(g, new Attacked(suppressed, linked, co.result()));
      }
      return out;
    });
    Map<Tables, Long> withheldCells = new LinkedHashMap<>();
    for (Map.Entry<Tables, Dataset<Row>> e : perturbed.entrySet()) {
      Tables t = e.getKey();
      Dataset<Row> rows = e.getValue();
      if (methodLinks.of(t.table()) != null) {
        Set<List<String>> mine = CrossMethodAudit.of(withheld, t.table());
        rows = CellKeyMethod.withLinkRules(t.contract(), rows, mine);
        withheldCells.put(t, (long) mine.size());
      }
      toPublish.add(new Publisher.Release(t, rows, 0));
    }
    // Write-audit-publish: the rows go to the tables' audit branches, are audited as written, and
    // only then become what readers see.
    String publishAudit = runner.time("publish", () -> Publisher.publish(warehouse, toPublish, vintage, written -> {
      List<String> summaries = new ArrayList<>();
      for (SuppressionGroup g : SuppressionGroup.values()) {
        summaries.add(PublishAudit.check(g.tables().stream().map(Tables::contract).toList(),
            g.tables().stream().map(counts::get).toList(), g.tables().stream().map(written::get).toList(), earlier));
      }
      // The derived table is exactly what the published (written) counts give.
      Dataset<Row> derived = written.get(Tables.VICTIMS_REGISTERED_CHANGE)
          .select(Published.YEAR, "sex", "age_group", "measure", "value", "flag");
      Dataset<Row> expected = RegisteredChange.of(written.get(Tables.VICTIMS_REGISTERED), population);
      long differ = derived.exceptAll(expected).count() + expected.exceptAll(derived).count();
      if (differ > 0) {
        throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit of victims_registered_change failed,"
            + " nothing published: " + differ + " row(s) are not computed from the published victims_registered");
      }
      summaries.add("victims_registered_change: " + derived.count() + " rows, each computed from published cells");
      Parallel.map(new ArrayList<>(trends.keySet()), t -> CellKeyMethod.audit(t.contract(), trends.get(t),
          written.get(t), ptables.get(t), methodLinks.of(t.table()) != null));
      long cells = cellKeyCells.values().stream().mapToLong(Long::longValue).sum();
      summaries.add("cell key tables passed: " + trends.size() + " table(s), " + cells + " cells, each its count"
          + " perturbed at its own cell key (or withheld beside a suppressed cell), none 1 or 2");
      // The attack across methods on the rows as written: every suppression table of a group and
      // every cell-key table linked to it, together.
      for (SuppressionGroup g : SuppressionGroup.values()) {
        List<CrossMethodAudit.SuppressionTable> suppressed = new ArrayList<>();
        for (Tables t : g.tables()) {
          suppressed.add(CrossMethodAudit.suppressionTable(t.contract(), counts.get(t), written.get(t)));
        }
        List<CrossMethodAudit.CellKeyTable> linked = linkedCellKeyTables(g.tables(), methodLinks, trends, written,
            ptables);
        Attacked before = attacked.get(g);
        boolean same = CrossMethodAudit.sameCells(before.suppression(), before.cellKey(), withheld, suppressed, linked,
            Set.of());
        CrossMethodAudit.Result attack = same ? before.verdict() : CrossMethodAudit.attack(suppressed, linked,
            methodLinks, countries, g.threshold(), Set.of());
        if (!attack.passed()) {
          throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit across disclosure methods failed,"
              + " nothing published: " + String.join("; ", attack.violations().subList(0,
                  Math.min(3, attack.violations().size()))));
        }
        Set<String> names = linked.stream().map(CrossMethodAudit.CellKeyTable::name).collect(
            java.util.stream.Collectors.toSet());
        Set<CellRef> mine = new java.util.HashSet<>(withheld);
        mine.removeIf(c -> !names.contains(c.table()));
        summaries.add(g.tables().get(0).table() + " group: " + CrossMethodAudit.summary(attack, mine)
            + (same ? " (the rows written are the cells the disclose step attacked)" : ""));
      }
      return String.join("; ", summaries);
    }, t -> inputs.properties(warehouse, t)));
    return new Result(new ArrayList<>(disclosed.values()), cellKeyCells, publishAudit, assigned, withheldCells);
  }

  /** The cell-key tables linked to a suppression table of {@code group}, with their counts and published values. */
  private static List<CrossMethodAudit.CellKeyTable> linkedCellKeyTables(List<Tables> group, MethodLinks links,
      Map<Tables, Dataset<Row>> counts, Map<Tables, Dataset<Row>> published, Map<Tables, PerturbationTable> ptables) {
    List<CrossMethodAudit.CellKeyTable> out = new ArrayList<>();
    for (Map.Entry<Tables, Dataset<Row>> e : counts.entrySet()) {
      MethodLinks.Link link = links.of(e.getKey().table());
      if (link != null && group.stream().anyMatch(t -> t.table().equals(link.suppressionTable()))) {
        out.add(CrossMethodAudit.cellKeyTable(e.getKey().contract(), e.getValue(), published.get(e.getKey()),
            ptables.get(e.getKey())));
      }
    }
    return out;
  }

  /** The true count table of every table of the {@link SuppressionGroup}s (checkpointed). */
  public static Map<Tables, Dataset<Row>> countTables(SparkSession spark, Dataset<Row> persons, Dataset<Row> events,
      Dataset<Row> links, CodeLists codeLists, List<Integer> victimYears) {
    Dataset<Row> trafficking = Traffickers.toCells(events, links, persons).localCheckpoint();
    List<Integer> justiceYears = span(trafficking.select(col(Published.YEAR).cast("int").as("y")));
    Map<Tables, Dataset<Row>> out = new java.util.EnumMap<>(Tables.class);
    out.put(Tables.VICTIMS_REGISTERED, VictimsRegistered.toCounts(spark, VictimsRegistered.toVictimCells(persons),
        victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_CITIZENSHIP, VictimsByCitizenship.toCounts(spark,
        VictimsByCitizenship.toVictimCells(persons, codeLists), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_EXPLOITATION, VictimsByExploitation.toCounts(spark,
        VictimsByExploitation.toVictimCells(persons), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_EXPLOITATION_SEX, VictimsByExploitation.toCountsBySex(spark,
        VictimsByExploitation.toVictimCellsBySex(persons), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_REGISTERED_STATUS, VictimsRegistered.toCountsByStatus(spark,
        VictimsRegistered.toVictimCellsByStatus(persons), victimYears).localCheckpoint());
    out.put(Tables.TRAFFICKERS, Traffickers.byOffence(spark, trafficking, justiceYears).localCheckpoint());
    out.put(Tables.TRAFFICKERS_SEX, Traffickers.bySex(spark, trafficking, justiceYears).localCheckpoint());
    return out;
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
  private static List<Integer> span(Dataset<Row> years) {
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
