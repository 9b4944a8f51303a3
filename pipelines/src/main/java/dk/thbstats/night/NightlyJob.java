package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.core.StageRunner;
import dk.thbstats.disclose.SuppressionStage;
import dk.thbstats.ingest.FileInspection;
import dk.thbstats.ingest.LedgerEntry;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.ModelFile;
import dk.thbstats.link.LinkStage;
import dk.thbstats.link.LinkState;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.RunReport;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Loads;
import dk.thbstats.schema.Tables.Persons;
import dk.thbstats.schema.Tables.Records;
import dk.thbstats.validate.Findings;
import dk.thbstats.validate.QualityReport;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One night, wired from the stages: ingest → pseudonymise → load (quarantine, records, ledger) →
 * events → link → persons → aggregate → disclose → publish, then the run manifest. A night stops
 * after loading when nothing changed since every published table was made ({@link NightInputs}),
 * or where {@link StopAfter} says. Each write is
 * one atomic Iceberg commit and the ledger is written after the records, so a night that fails
 * half-way loads the same files again when re-run, with the same result.
 */
public final class NightlyJob {
  /** How long the nightly history of the published tables is kept (snapshots no release holds). */
  public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(3);

  private final SparkSession spark;
  private final Keyring keyring;
  private final Clock clock;
  private final java.time.Duration retention;

  public NightlyJob(SparkSession spark, Keyring keyring, Clock clock) {
    this(spark, keyring, clock, DEFAULT_RETENTION);
  }

  /** {@code retention}: published snapshots older than this that no release holds are expired after a publish. */
  public NightlyJob(SparkSession spark, Keyring keyring, Clock clock, java.time.Duration retention) {
    this.spark = spark;
    this.keyring = keyring;
    this.clock = clock;
    this.retention = retention;
  }

  /** What the night did, for the console and the tests. */
  public record Summary(String runId, String text, int rejectedFiles, long persons, long victims,
      long suppressedCells, String reportPath, Map<String, SourceRows> rowsPerSource, LinkStage.Night linkage,
      List<StageRunner.Timing> stages) {}

  /** One source's rows in the night's files: read, accepted and quarantined, and its files rejected whole. */
  public record SourceRows(long read, long accepted, long quarantined, long rejectedFiles) {
    static final SourceRows NONE = new SourceRows(0, 0, 0, 0);

    SourceRows plus(LoadStep.FileCounts c) {
      return new SourceRows(read + c.read(), accepted + c.accepted(), quarantined + c.quarantined(), rejectedFiles);
    }

    SourceRows plusRejectedFile() {
      return new SourceRows(read, accepted, quarantined, rejectedFiles + 1);
    }
  }

  public Summary run(String landing, String warehouseDir) {
    return run(landing, warehouseDir, false, StopAfter.PUBLISH);
  }

  /** Where a night stops: after loading, after linking (persons), or after publishing (a full night). */
  public enum StopAfter {
    LOAD, PERSONS, PUBLISH;

    public static StopAfter parse(String s) {
      for (StopAfter v : values()) {
        if (v.name().equalsIgnoreCase(s)) {
          return v;
        }
      }
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--stop-after takes load, persons or publish, not '" + s + "'");
    }
  }

  /**
   * One night; {@code relink}: link every record again rather than only new and changed ones;
   * {@code stopAfter}: the last step of the night.
   */
  public Summary run(String landing, String warehouseDir, boolean relink, StopAfter stopAfter) {
    String startedAt = clock.instant().toString();
    Warehouse warehouse = Warehouse.open(spark, warehouseDir);
    RunId runId = uniqueRunId(warehouse);
    RunContext context = new RunContext(spark, runId, clock);
    StageRunner runner = new StageRunner(context);
    CodeLists codeLists = CodeLists.load();

    checkKey(warehouse);
    if (KeyRotation.pending(spark, warehouse)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID,
          "a key rotation has not finished: run ./thb rotate-key again before the next night");
    }
    List<LedgerEntry> ledger = warehouse.read(Tables.LOADS)
        .select(Loads.PATH, Loads.CONTENT_SHA256, Loads.STATUS, Loads.SIZE_BYTES, Loads.RUN_ID)
        .collectAsList().stream()
        .map(r -> new LedgerEntry(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getString(4)))
        .collect(Collectors.toList());

    LoadStep.Loaded loaded = new LoadStep(spark, keyring, codeLists).run(warehouse, runId, runner, landing, ledger);
    Map<String, LoadStep.FileCounts> counts = loaded.counts();

    Dataset<Row> records = warehouse.read(Tables.RECORDS);
    Row vintageRow = records.agg(max(col(Records.DELIVERY_DATE)), count(lit(1))).first();
    LocalDate vintage = vintageRow.isNullAt(0) ? null : vintageRow.getAs(0);
    long recordCount = vintageRow.getLong(1);

    // A night with nothing new (same ledger, key, code and release tags as the night every
    // published table was made from) would write the same tables again: it stops here.
    NightInputs inputs = NightInputs.of(warehouse, keyring);
    String notDone = null;
    LinkFigures linkFigures = null;
    StatisticsStep.Result statistics = null;
    int expired = 0;
    long personCount = -1;
    long victimCount = -1;
    if (stopAfter == StopAfter.LOAD) {
      notDone = "nothing this night (--stop-after load): the next full night links and publishes";
    } else if (!relink && stopAfter == StopAfter.PUBLISH && inputs.published(warehouse)) {
      notDone = "unchanged: every published table was made from the same loaded files, key, code and releases";
    } else {
      linkFigures = linkAndBuildPersons(warehouse, runner, records, vintage, relink, runId);
    }
    if (stopAfter != StopAfter.LOAD) {
      Row personCounts = warehouse.read(Tables.PERSONS)
          .agg(count(lit(1)), sum(when(col(Persons.IS_VICTIM), 1).otherwise(0))).first();
      personCount = personCounts.getLong(0);
      victimCount = personCounts.isNullAt(1) ? 0 : personCounts.getLong(1);
    }
    if (linkFigures != null && stopAfter == StopAfter.PUBLISH) {
      statistics = StatisticsStep.run(spark, warehouse, runner, keyring, codeLists, vintage, inputs);
      java.time.Instant cutoff = clock.instant().minus(retention);
      expired = runner.time("expire", () -> Publisher.expireUnreleased(warehouse, cutoff));
    } else if (linkFigures != null) {
      notDone = "nothing this night (--stop-after persons): the next full night publishes";
    }
    LinkStage.Night night = linkFigures != null ? linkFigures.night()
        : new LinkStage.Night(stopAfter == StopAfter.LOAD ? LinkStage.Mode.NOT_LINKED : LinkStage.Mode.UNCHANGED,
            stopAfter == StopAfter.LOAD ? "--stop-after load" : "nothing new since the last complete night",
            recordCount, 0, 0, 0, 0, 0);
    List<SuppressionStage.Table> disclosed = statistics == null ? List.of()
        : statistics.suppression().stream().flatMap(o -> o.tables().stream()).toList();

    // The run manifest and the console summary.
    Map<String, SourceRows> perSource = new TreeMap<>();
    int rejected = loaded.rejected().size();
    ObjectNode report = RunReport.create();
    report.put("run_id", runId.value());
    report.put("started_at", startedAt);
    report.put("landing", landing);
    report.put("warehouse", warehouse.root());
    report.put("key_version", keyring.keyVersion());
    report.put("demo_key", keyring.isDemo());
    report.put("vintage", vintage == null ? null : vintage.toString());
    ArrayNode files = report.putArray("files");
    for (FileInspection i : loaded.loadable()) {
      LoadStep.FileCounts c = counts.getOrDefault(i.file().path(), new LoadStep.FileCounts(0, 0, 0));
      perSource.merge(i.file().source(), SourceRows.NONE.plus(c), (a, b) -> a.plus(c));
      addFile(files, i, "accepted", c);
    }
    for (FileInspection i : loaded.rejected()) {
      perSource.merge(i.file().source(), SourceRows.NONE.plusRejectedFile(), (a, b) -> a.plusRejectedFile());
      addFile(files, i, "rejected", new LoadStep.FileCounts(0, 0, 0));
    }
    for (FileInspection i : loaded.duplicates()) {
      addFile(files, i, "duplicate", new LoadStep.FileCounts(0, 0, 0));
    }
    ArrayNode layout = report.putArray("layout_problems");
    loaded.layoutProblems().forEach(layout::add);
    ObjectNode totals = report.putObject("counts");
    totals.put("records", recordCount);
    if (personCount >= 0) {
      totals.put("persons", personCount);
      totals.put("registered_victims", victimCount);
    }
    if (linkFigures != null) {
      totals.put("person_keys_redirected", linkFigures.redirects());
      linkFigures.writeTo(report.putObject("linkage"));
    } else {
      report.putObject("linkage").put("mode", night.mode().label()).put("mode_reason", night.reason())
          .put("records", night.records());
    }
    if (notDone != null) {
      report.put("not_done", notDone);
    }
    ObjectNode published = report.putObject("published");
    for (SuppressionStage.Table t : disclosed) {
      ObjectNode vr = published.putObject(t.table().table());
      vr.put("cells", t.cells());
      vr.put("suppressed_primary", t.primary());
      vr.put("suppressed_secondary", t.secondary());
      vr.put("suppressed_cells", t.suppressedCells());
    }
    if (statistics != null) {
      for (Map.Entry<Tables, Long> e : statistics.cellKeyCells().entrySet()) {
        ObjectNode t = published.putObject(e.getKey().table());
        t.put("cells", e.getValue());
        t.put("disclosure", "cell_key");
        if (statistics.withheldCells().containsKey(e.getKey())) {
          t.put("withheld_beside_suppression", statistics.withheldCells().get(e.getKey()));
        }
      }
      totals.put("record_keys_assigned", statistics.recordKeysAssigned());
      report.put("disclosure_audit", statistics.suppression().stream().map(SuppressionStage.Output::auditSummary)
          .collect(Collectors.joining("; ")));
      report.put("publish_audit", statistics.publishAudit());
      report.put("snapshots_expired", expired);
    }
    ArrayNode stages = report.putArray("stages");
    for (StageRunner.Timing t : runner.timings()) {
      stages.addObject().put("stage", t.stage()).put("millis", t.millis());
    }
    List<String> quality = runner.time("report", () -> QualityReport.write(new QualityReport.Report(runId.value(),
        clock.instant().toString(), landing, QualityReport.totals(loaded.files(), loaded.findings().anomalies().size()),
        loaded.files(), loaded.rules(), loaded.findings().outcomes(), loaded.findings().metrics(),
        loaded.findings().anomalies(), loaded.findings().history(), loaded.layoutProblems()),
        warehouse.runFolder(runId.value()), spark.sparkContext().hadoopConfiguration()));
    report.put("quality_json", quality.get(0));
    report.put("quality_html", quality.get(1));
    report.put("finished_at", clock.instant().toString());
    String reportPath = RunReport.write(warehouse.runFolder(runId.value()), "run.json", report,
        spark.sparkContext().hadoopConfiguration());

    StringBuilder text = new StringBuilder();
    text.append("thb-stats nightly run ").append(runId).append('\n');
    text.append(String.format(Locale.ROOT, "  files     %d new, %d loaded, %d rejected, %d duplicate%n",
        loaded.loadable().size() + rejected + loaded.duplicates().size(), loaded.loadable().size(), rejected,
        loaded.duplicates().size()));
    for (Map.Entry<String, SourceRows> e : perSource.entrySet()) {
      SourceRows s = e.getValue();
      text.append(String.format(Locale.ROOT, "  %-9s %d rows read, %d accepted, %d quarantined%s%n", e.getKey(),
          s.read(), s.accepted(), s.quarantined(), s.rejectedFiles() > 0 ? ", " + s.rejectedFiles()
              + " file(s) rejected" : ""));
    }
    for (FileInspection i : loaded.rejected()) {
      text.append("  rejected  ").append(i.reason()).append('\n');
    }
    for (Findings.Anomaly a : loaded.findings().anomalies()) {
      text.append("  anomaly   ").append(a.source()).append(' ').append(a.delivery()).append(": ")
          .append(a.message()).append('\n');
    }
    if (personCount >= 0) {
      text.append(String.format(Locale.ROOT, "  persons   %d deduplicated from %d records; %d registered victims%n",
          personCount, recordCount, victimCount));
    }
    text.append("  linkage   ").append(night.line()).append('\n');
    if (linkFigures != null) {
      text.append("            ").append(linkFigures.line()).append('\n');
      text.append("            ").append(linkFigures.clusters().line()).append('\n');
    }
    for (SuppressionStage.Table t : disclosed) {
      text.append(String.format(Locale.ROOT, "  published %s: %d cells, %d suppressed (%d primary, %d secondary)%n",
          t.table().table(), t.cells(), t.suppressedCells(), t.primary(), t.secondary()));
    }
    if (statistics != null) {
      text.append(String.format(Locale.ROOT, "  published %d trend table(s) by the cell key method: %s%n",
          statistics.cellKeyCells().size(), statistics.cellKeyCells().entrySet().stream()
              .map(e -> e.getKey().table() + " " + e.getValue() + " cells").collect(Collectors.joining(", "))));
      text.append(String.format(Locale.ROOT, "  withheld  %d cell-key cell(s) beside suppressed cells: %s%n",
          statistics.withheldCells().values().stream().mapToLong(Long::longValue).sum(),
          statistics.withheldCells().entrySet().stream().map(e -> e.getKey().table() + " " + e.getValue())
              .collect(Collectors.joining(", "))));
    } else {
      text.append("  published ").append(notDone).append('\n');
    }
    text.append("  tables    ").append(java.util.Arrays.stream(Tables.values())
        .map(t -> t.namespace() + "." + t.table()).collect(Collectors.joining(", "))).append('\n');
    text.append("  time      ").append(runner.timings().stream()
        .map(t -> t.stage() + String.format(Locale.ROOT, " %.1f s", t.millis() / 1000.0))
        .collect(Collectors.joining(" | "))).append('\n');
    text.append("  quality   ").append(quality.get(1)).append('\n');
    text.append("  report    ").append(reportPath).append('\n');
    return new Summary(runId.value(), text.toString(), rejected, personCount, victimCount,
        disclosed.stream().filter(t -> t.table() == Tables.VICTIMS_REGISTERED).mapToLong(SuppressionStage.Table::suppressedCells)
            .findFirst().orElse(-1), reportPath, perSource, night, List.copyOf(runner.timings()));
  }

  /** Events, linkage and the persons table from the records (the restricted warehouse's second half). */
  private LinkFigures linkAndBuildPersons(Warehouse warehouse, StageRunner runner, Dataset<Row> records,
      LocalDate vintage, boolean relink, RunId runId) {
    runner.run(new EventsStage(), new EventsStage.Input(warehouse, records));

    LinkSettings linkSettings = LinkSettings.load();
    FellegiSunter bundledModel = ModelFile.bundled();
    LinkStage.Previous previous = new LinkStage.Previous(warehouse.read(Tables.LINKS),
        warehouse.read(Tables.LINK_PAIRS), warehouse.read(Tables.PERSON_REDIRECTS),
        LinkState.fromSummary(warehouse.snapshotSummary(Tables.LINKS)));
    LinkStage.Output linked = runner.run(new LinkStage(), new LinkStage.Input(records, previous,
        vintage == null ? LocalDate.EPOCH : vintage, linkSettings, bundledModel, relink));
    LinkFigures linkFigures = runner.run(new LinkWriteStage(), new LinkWriteStage.Input(warehouse, records, linked,
        linkSettings, bundledModel, runId)).figures();

    runner.run(new PersonsStage(), new PersonsStage.Input(warehouse, records,
        dk.thbstats.pseudonymise.Ages.of(keyring)));
    return linkFigures;
  }

  private static void addFile(ArrayNode files, FileInspection i, String status, LoadStep.FileCounts c) {
    ObjectNode f = files.addObject();
    f.put("path", i.file().path());
    f.put("source", i.file().source());
    f.put("status", status);
    f.put("encoding", i.encoding());
    f.put("rows_read", c.read());
    f.put("rows_accepted", c.accepted());
    f.put("rows_quarantined", c.quarantined());
    if (i.reason() != null) {
      f.put("reason", i.reason());
    }
    ArrayNode unknown = f.putArray("unknown_columns");
    i.unknownColumns().forEach(unknown::add);
  }

  /**
   * Refuses a key other than the one the warehouse was pseudonymised with: mixing keys would
   * load the same records again under other tokens and make sealed birth dates unreadable.
   */
  private void checkKey(Warehouse warehouse) {
    List<String> versions = warehouse.read(Tables.RECORDS).select(Records.KEY_VERSION).distinct().limit(10)
        .collectAsList().stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList());
    if (!versions.isEmpty() && !versions.equals(List.of(keyring.keyVersion()))) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the warehouse was pseudonymised with key version "
          + String.join(", ", versions) + " but this run has key version " + keyring.keyVersion()
          + " (a different key file, or a different working directory's demo key); use the same key");
    }
  }

  private RunId uniqueRunId(Warehouse warehouse) {
    RunId id = RunId.now(clock);
    try {
      FileSystem fs = new Path(warehouse.root()).getFileSystem(spark.sparkContext().hadoopConfiguration());
      int n = 1;
      while (fs.exists(new Path(warehouse.runFolder(id.value())))) {
        id = id.withSuffix(++n);
      }
      fs.mkdirs(new Path(warehouse.runFolder(id.value())));
      return id;
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot create the run folder: " + e.getMessage(), e);
    }
  }
}
