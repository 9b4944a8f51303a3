package dk.thbstats.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.aggregate.VictimsRegistered;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.core.StageRunner;
import dk.thbstats.disclose.SuppressionStage;
import dk.thbstats.ingest.FileInspection;
import dk.thbstats.ingest.IngestStage;
import dk.thbstats.ingest.LedgerEntry;
import dk.thbstats.link.ExactLinkage;
import dk.thbstats.link.LinkStage;
import dk.thbstats.link.PersonTable;
import dk.thbstats.link.StableKeys;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.RunReport;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.validate.DuplicateRecordIds;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Loads;
import dk.thbstats.schema.Tables.PersonRedirects;
import dk.thbstats.schema.Tables.Persons;
import dk.thbstats.schema.Tables.Quarantine;
import dk.thbstats.schema.Tables.Records;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * One night, wired from the stages: ingest → pseudonymise → load (quarantine, records, ledger) →
 * events → link → persons → aggregate → disclose → publish, then the run manifest. Each write is
 * one atomic Iceberg commit and the ledger is written after the records, so a night that fails
 * half-way loads the same files again when re-run, with the same result.
 */
final class NightlyJob {
  private final SparkSession spark;
  private final Keyring keyring;
  private final Clock clock;

  NightlyJob(SparkSession spark, Keyring keyring, Clock clock) {
    this.spark = spark;
    this.keyring = keyring;
    this.clock = clock;
  }

  /** What the night did, for the console and the tests. */
  record Summary(String runId, String text, int rejectedFiles, long persons, long victims,
      long suppressedCells, String reportPath, Map<String, long[]> rowsPerSource) {}

  /** Per-file outcome of the load. */
  private record FileCounts(long read, long accepted, long quarantined) {}

  Summary run(String landing, String warehouseDir) {
    String startedAt = clock.instant().toString();
    Warehouse warehouse = Warehouse.open(spark, warehouseDir);
    RunId runId = uniqueRunId(warehouse);
    RunContext context = new RunContext(spark, runId, clock);
    StageRunner runner = new StageRunner(context);
    CodeLists codeLists = CodeLists.load();

    checkKey(warehouse);
    List<LedgerEntry> ledger = warehouse.read(Tables.LOADS)
        .select(Loads.PATH, Loads.CONTENT_SHA256, Loads.STATUS, Loads.SIZE_BYTES, Loads.RUN_ID)
        .collectAsList().stream()
        .map(r -> new LedgerEntry(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getString(4)))
        .collect(Collectors.toList());

    IngestStage.Output ingest = runner.run(new IngestStage(codeLists), new IngestStage.Input(landing, ledger));
    Dataset<Row> pseudonymised = runner.run(new PseudonymiseStage(keyring), ingest.staged());
    Map<String, FileCounts> counts = runner.time("load", () -> load(warehouse, runId, ingest, pseudonymised, codeLists));

    Dataset<Row> records = warehouse.read(Tables.RECORDS);
    runner.time("events", () -> {
      warehouse.overwrite(Tables.EVENTS, records
          .select(col(Records.RECORD_KEY), col(Records.SOURCE), col(Records.ROLE), col(Records.DELIVERY_DATE),
              explode(col(Records.EVENTS)).as("e"))
          .select(col(Records.RECORD_KEY), col(Records.SOURCE), col(Records.ROLE),
              col("e.event_type").as(Events.EVENT_TYPE), col("e.event_date").as(Events.EVENT_DATE),
              col("e.authority").as(Events.AUTHORITY), col("e.offence").as(Events.OFFENCE),
              col(Records.DELIVERY_DATE)));
      return null;
    });

    Row vintageRow = records.agg(max(col(Records.DELIVERY_DATE)), count(lit(1))).first();
    LocalDate vintage = vintageRow.isNullAt(0) ? null : vintageRow.getAs(0);
    long recordCount = vintageRow.getLong(1);

    LinkStage.Output linked = runner.run(new LinkStage(), new LinkStage.Input(records,
        warehouse.read(Tables.LINKS), warehouse.read(Tables.PERSON_REDIRECTS), vintage == null ? LocalDate.EPOCH : vintage));
    StableKeys.Assignment assignment = linked.assignment();
    long[] linkCounts = runner.time("link-write", () -> {
      Dataset<Row> links = assignment.links()
          .join(records.select(Records.RECORD_KEY, Records.SOURCE), Records.RECORD_KEY)
          .select(Links.RECORD_KEY, Links.PERSON_KEY, Links.SOURCE)
          .localCheckpoint();
      // Redirects first, and only keys not retired before: a rerun after a failure between the
      // two writes neither loses nor doubles them.
      Dataset<Row> known = warehouse.read(Tables.PERSON_REDIRECTS).select(PersonRedirects.OLD_PERSON_KEY);
      Dataset<Row> redirects = assignment.redirects()
          .join(known, assignment.redirects().col(PersonRedirects.OLD_PERSON_KEY)
              .equalTo(known.col(PersonRedirects.OLD_PERSON_KEY)), "left_anti")
          .localCheckpoint();
      long redirectCount = redirects.count();
      if (redirectCount > 0) {
        warehouse.append(Tables.PERSON_REDIRECTS, redirects);
      }
      warehouse.overwrite(Tables.LINKS, links);
      Row blockStats = linked.blocks().agg(count(lit(1)),
          sum(when(col("block_size").gt(ExactLinkage.MAX_BLOCK), 1L).otherwise(0L)), max(col("block_size"))).first();
      return new long[] {redirectCount, blockStats.getLong(0), blockStats.isNullAt(1) ? 0 : blockStats.getLong(1),
          blockStats.isNullAt(2) ? 0 : blockStats.getLong(2)};
    });

    runner.time("persons", () -> {
      warehouse.overwrite(Tables.PERSONS,
          PersonTable.build(records, warehouse.read(Tables.LINKS), keyring).localCheckpoint());
      return null;
    });
    Dataset<Row> persons = warehouse.read(Tables.PERSONS);
    Row personCounts = persons.agg(count(lit(1)), sum(when(col(Persons.IS_VICTIM), 1).otherwise(0))).first();
    long personCount = personCounts.getLong(0);
    long victimCount = personCounts.isNullAt(1) ? 0 : personCounts.getLong(1);

    Dataset<Row> table = runner.time("aggregate", () -> {
      Dataset<Row> cells = VictimsRegistered.toVictimCells(persons);
      List<Integer> years = persons.filter(col(Persons.IS_VICTIM))
          .select(year(col(Persons.REFERENCE_DATE)).as("y")).distinct().collectAsList().stream()
          .map(r -> r.getInt(0)).sorted().collect(Collectors.toList());
      List<Integer> allYears = new ArrayList<>();
      if (!years.isEmpty()) {
        for (int y = years.get(0); y <= years.get(years.size() - 1); y++) {
          allYears.add(y);
        }
      }
      return VictimsRegistered.toCounts(spark, cells, allYears);
    });
    SuppressionStage.Output disclosed = runner.run(new SuppressionStage(),
        new SuppressionStage.Input(Tables.VICTIMS_REGISTERED, table));
    runner.time("publish", () -> {
      Publisher.publish(warehouse, Tables.VICTIMS_REGISTERED, disclosed.published(), vintage, disclosed.suppressedCells());
      return null;
    });

    // The run manifest and the console summary.
    Map<String, long[]> perSource = new TreeMap<>();
    int rejected = ingest.rejected().size();
    ObjectNode report = RunReport.create();
    report.put("run_id", runId.value());
    report.put("started_at", startedAt);
    report.put("landing", landing);
    report.put("warehouse", warehouse.root());
    report.put("key_version", keyring.keyVersion());
    report.put("demo_key", keyring.isDemo());
    report.put("vintage", vintage == null ? null : vintage.toString());
    ArrayNode files = report.putArray("files");
    for (FileInspection i : ingest.loadable()) {
      FileCounts c = counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0));
      long[] s = perSource.computeIfAbsent(i.file().source(), k -> new long[4]);
      s[0] += c.read();
      s[1] += c.accepted();
      s[2] += c.quarantined();
      addFile(files, i, "accepted", c);
    }
    for (FileInspection i : ingest.rejected()) {
      perSource.computeIfAbsent(i.file().source(), k -> new long[4])[3]++;
      addFile(files, i, "rejected", new FileCounts(0, 0, 0));
    }
    for (FileInspection i : ingest.duplicates()) {
      addFile(files, i, "duplicate", new FileCounts(0, 0, 0));
    }
    ArrayNode layout = report.putArray("layout_problems");
    ingest.layoutProblems().forEach(layout::add);
    ingest.changedAfterLoad().forEach(p -> layout.add(p + " changed after it was loaded; not reloaded"));
    ObjectNode totals = report.putObject("counts");
    totals.put("records", recordCount);
    totals.put("persons", personCount);
    totals.put("registered_victims", victimCount);
    totals.put("person_keys_redirected", linkCounts[0]);
    ObjectNode linkage = report.putObject("linkage");
    linkage.put("match_keys", linkCounts[1]);
    linkage.put("match_keys_dropped_oversized", linkCounts[2]);
    linkage.put("largest_block", linkCounts[3]);
    linkage.put("max_block", ExactLinkage.MAX_BLOCK);
    ObjectNode published = report.putObject("published");
    ObjectNode vr = published.putObject(Tables.VICTIMS_REGISTERED.table());
    vr.put("cells", disclosed.cells());
    vr.put("suppressed_primary", disclosed.primary());
    vr.put("suppressed_secondary", disclosed.secondary());
    vr.put("suppressed_cells", disclosed.suppressedCells());
    vr.put("audit", disclosed.auditSummary());
    ArrayNode stages = report.putArray("stages");
    for (StageRunner.Timing t : runner.timings()) {
      stages.addObject().put("stage", t.stage()).put("millis", t.millis());
    }
    report.put("finished_at", clock.instant().toString());
    String reportPath = RunReport.write(warehouse.runFolder(runId.value()), "run.json", report,
        spark.sparkContext().hadoopConfiguration());

    StringBuilder text = new StringBuilder();
    text.append("thb-stats nightly run ").append(runId).append('\n');
    text.append(String.format(Locale.ROOT, "  files     %d new, %d loaded, %d rejected, %d duplicate%n",
        ingest.loadable().size() + rejected + ingest.duplicates().size(), ingest.loadable().size(), rejected,
        ingest.duplicates().size()));
    for (Map.Entry<String, long[]> e : perSource.entrySet()) {
      long[] s = e.getValue();
      text.append(String.format(Locale.ROOT, "  %-9s %d rows read, %d accepted, %d quarantined%s%n", e.getKey(),
          s[0], s[1], s[2], s[3] > 0 ? ", " + s[3] + " file(s) rejected" : ""));
    }
    for (FileInspection i : ingest.rejected()) {
      text.append("  rejected  ").append(i.reason()).append('\n');
    }
    text.append(String.format(Locale.ROOT, "  persons   %d deduplicated from %d records; %d registered victims%n",
        personCount, recordCount, victimCount));
    if (linkCounts[2] > 0) {
      text.append(String.format(Locale.ROOT, "  linkage   %d match key(s) shared by more than %d records not used%n",
          linkCounts[2], ExactLinkage.MAX_BLOCK));
    }
    text.append(String.format(Locale.ROOT, "  published %s: %d cells, %d suppressed (%d primary, %d secondary)%n",
        Tables.VICTIMS_REGISTERED.table(), disclosed.cells(), disclosed.suppressedCells(), disclosed.primary(),
        disclosed.secondary()));
    text.append("  tables    ").append(java.util.Arrays.stream(Tables.values())
        .map(t -> t.namespace() + "." + t.table()).collect(Collectors.joining(", "))).append('\n');
    text.append("  time      ").append(runner.timings().stream()
        .map(t -> t.stage() + String.format(Locale.ROOT, " %.1f s", t.millis() / 1000.0))
        .collect(Collectors.joining(" | "))).append('\n');
    text.append("  report    ").append(reportPath).append('\n');
    return new Summary(runId.value(), text.toString(), rejected, personCount, victimCount,
        disclosed.suppressedCells(), reportPath, perSource);
  }

  private static void addFile(ArrayNode files, FileInspection i, String status, FileCounts c) {
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

  /** Writes quarantine, records and the ledger for the night's files; returns per-file counts. */
  private Map<String, FileCounts> load(Warehouse warehouse, RunId runId, IngestStage.Output ingest,
      Dataset<Row> pseudonymised, CodeLists codeLists) {
    Map<String, FileCounts> counts = new HashMap<>();
    if (!ingest.loadable().isEmpty()) {
      Map<String, String> recordIdColumns = new HashMap<>();
      Contracts.loadAll(codeLists).forEach((source, contract) ->
          recordIdColumns.put(source.folder(), contract.columnFor("record_id").orElseThrow().name()));
      Dataset<Row> rows = DuplicateRecordIds.withProblems(pseudonymised, recordIdColumns)
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> ok = rows.filter(size(col(Staged.PROBLEMS)).equalTo(0));
        for (Row r : rows.groupBy(Records.SOURCE_FILE)
            .agg(count(lit(1)), sum(when(size(col(Staged.PROBLEMS)).equalTo(0), 1L).otherwise(0L)))
            .collectAsList()) {
          long read = r.getLong(1);
          long accepted = r.getLong(2);
          counts.put(r.getString(0), new FileCounts(read, accepted, read - accepted));
        }
        for (FileInspection i : ingest.loadable()) {
          FileCounts c = counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0));
          if (c.read() != i.rowsRead()) {
            throw new PipelineException(ErrorCode.INTERNAL, i.file().path() + ": " + i.rowsRead()
                + " rows inspected but " + c.read() + " rows read; nothing of this night was loaded");
          }
        }
        String suffix = runId.value().replaceAll("[^0-9A-Za-z]", "_");
        String filesView = "thb_files_" + suffix;
        spark.createDataFrame(ingest.loadable().stream().map(i -> RowFactory.create(i.file().path()))
                .collect(Collectors.toList()),
            org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("path", org.apache.spark.sql.types.DataTypes.StringType, false))))
            .createOrReplaceTempView(filesView);
        warehouse.sql("DELETE FROM " + warehouse.name(Tables.QUARANTINE)
            + " WHERE source_file IN (SELECT path FROM " + filesView + ")");
        spark.catalog().dropTempView(filesView);
        warehouse.append(Tables.QUARANTINE, rows.filter(size(col(Staged.PROBLEMS)).gt(0))
            .select(col(Records.SOURCE), col(Records.DELIVERY_DATE), col(Records.SOURCE_FILE), col(Records.SOURCE_LINE),
                col(Records.RECORD_KEY), explode(col(Staged.PROBLEMS)).as("p"))
            .select(col(Quarantine.SOURCE), col(Quarantine.DELIVERY_DATE), col(Quarantine.SOURCE_FILE),
                col(Quarantine.SOURCE_LINE), col(Quarantine.RECORD_KEY), col("p.rule").as(Quarantine.RULE),
                col("p.column").as(Quarantine.COLUMN), col("p.message").as(Quarantine.MESSAGE),
                lit(runId.value()).as(Quarantine.RUN_ID)));
        // The latest version of each record in tonight's files, then upsert by record key.
        Dataset<Row> latest = ok
            .withColumn("rk", row_number().over(Window.partitionBy(Records.RECORD_KEY).orderBy(
                col(Records.DELIVERY_DATE).desc(), col(Records.SOURCE_FILE).desc(), col(Records.SOURCE_LINE).desc())))
            .filter(col("rk").equalTo(1));
        String view = "thb_new_records_" + runId.value().replaceAll("[^0-9A-Za-z]", "_");
        Warehouse.conform(Tables.RECORDS, latest).createOrReplaceTempView(view);
        warehouse.sql("MERGE INTO " + warehouse.name(Tables.RECORDS) + " t USING " + view + " s"
            + " ON t.record_key = s.record_key"
            + " WHEN MATCHED AND (s.delivery_date > t.delivery_date OR (s.delivery_date = t.delivery_date"
            + " AND (s.source_file > t.source_file OR (s.source_file = t.source_file AND s.source_line >= t.source_line))))"
            + " THEN UPDATE SET *"
            + " WHEN NOT MATCHED THEN INSERT *");
        spark.catalog().dropTempView(view);
      } finally {
        rows.unpersist();
      }
    }
    List<Row> ledgerRows = new ArrayList<>();
    for (FileInspection i : ingest.loadable()) {
      FileCounts c = counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0));
      ledgerRows.add(ledgerRow(i, "accepted", c, null, runId));
    }
    for (FileInspection i : ingest.rejected()) {
      ledgerRows.add(ledgerRow(i, "rejected", new FileCounts(0, 0, 0), i.reason(), runId));
    }
    for (FileInspection i : ingest.duplicates()) {
      ledgerRows.add(ledgerRow(i, "duplicate", new FileCounts(0, 0, 0),
          "same content as a file loaded before", runId));
    }
    if (!ledgerRows.isEmpty()) {
      warehouse.append(Tables.LOADS, spark.createDataFrame(ledgerRows, Tables.LOADS.contract().schema()));
    }
    return counts;
  }

  private static Row ledgerRow(FileInspection i, String status, FileCounts c, String reason, RunId runId) {
    return RowFactory.create(i.file().source(), i.file().deliveryDate(), i.file().path(), i.file().sizeBytes(),
        i.sha256(), status, c.read(), c.accepted(), c.quarantined(), reason, runId.value());
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
