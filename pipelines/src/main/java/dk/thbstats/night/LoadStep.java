package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunId;
import dk.thbstats.core.StageRunner;
import dk.thbstats.ingest.CanonicaliseStage;
import dk.thbstats.ingest.FileInspection;
import dk.thbstats.ingest.IngestStage;
import dk.thbstats.ingest.LedgerEntry;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.PseudonymiseStage;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Quarantine;
import dk.thbstats.schema.Tables.Records;
import dk.thbstats.validate.Findings;
import dk.thbstats.validate.KeyChecks;
import dk.thbstats.validate.QualityReport;
import dk.thbstats.validate.ValidateStage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The loading half of a night, wired from the stages: ingest → validate → canonicalise →
 * pseudonymise (one pipelined Spark stage for the cleartext part) → key checks → load
 * (quarantine, records, ledger) — plus what the quality report needs about every file.
 */
final class LoadStep {
  /** Per-file row counts of the load. */
  record FileCounts(long read, long accepted, long quarantined) {}

  /** What was loaded and found. */
  record Loaded(List<FileInspection> loadable, List<FileInspection> rejected, List<FileInspection> duplicates,
      List<String> layoutProblems, Map<String, FileCounts> counts, List<QualityReport.FileEntry> files,
      List<QualityReport.RuleCount> rules, Findings.Night findings) {}

  private final SparkSession spark;
  private final Keyring keyring;
  private final CodeLists codeLists;
  private final Map<Source, SourceContract> contracts;

  LoadStep(SparkSession spark, Keyring keyring, CodeLists codeLists) {
    this.spark = spark;
    this.keyring = keyring;
    this.codeLists = codeLists;
    this.contracts = Contracts.loadAll(codeLists);
  }

  Loaded run(Warehouse warehouse, RunId runId, StageRunner runner, String landing, List<LedgerEntry> ledger) {
    IngestStage.Output ingest = runner.run(new IngestStage(codeLists), new IngestStage.Input(landing, ledger));
    Map<Source, List<LocalDate>> deliveries = new EnumMap<>(Source.class);
    for (FileInspection i : ingest.loadable()) {
      deliveries.computeIfAbsent(Source.fromFolder(i.file().source()), k -> new ArrayList<>()).add(i.file().deliveryDate());
    }
    ValidateStage.Output validated = runner.run(new ValidateStage(warehouse.root() + "/quality/metrics.json"),
        new ValidateStage.Input(ingest.typed(), contracts, deliveries));

    List<FileInspection> loadable = new ArrayList<>();
    List<FileInspection> rejected = new ArrayList<>(ingest.rejected());
    for (FileInspection i : ingest.loadable()) {
      Map<LocalDate, String> failed = validated.rejectedDeliveries().get(Source.fromFolder(i.file().source()));
      if (failed != null && failed.containsKey(i.file().deliveryDate())) {
        rejected.add(i.rejectedBecause("dataset_rule", "the delivery fails a dataset-level rule: "
            + failed.get(i.file().deliveryDate())));
      } else {
        loadable.add(i);
      }
    }

    Dataset<Row> staged = runner.run(new CanonicaliseStage(codeLists), validated.validated());
    Dataset<Row> pseudonymised = runner.run(new PseudonymiseStage(keyring), staged);
    Map<String, FileCounts> counts = new HashMap<>();
    List<QualityReport.RuleCount> ruleCounts = new ArrayList<>();
    Map<String, List<QualityReport.ErrorEntry>> examples = new HashMap<>();
    Map<String, Long> errorTotals = new HashMap<>();
    Map<String, Map<String, Long>> warnings = new HashMap<>();
    runner.time("load", () -> {
      if (!loadable.isEmpty()) {
        load(warehouse, runId, loadable, pseudonymised, counts, ruleCounts, examples, errorTotals, warnings);
      }
      writeLedger(warehouse, runId, loadable, rejected, ingest.duplicates(), counts);
      return null;
    });

    List<QualityReport.FileEntry> files = new ArrayList<>();
    for (FileInspection i : loadable) {
      FileCounts c = counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0));
      files.add(entry(i, "accepted", c, examples.getOrDefault(i.file().path(), List.of()),
          errorTotals.getOrDefault(i.file().path(), 0L), warnings.getOrDefault(i.file().path(), Map.of())));
    }
    for (FileInspection i : rejected) {
      files.add(entry(i, "rejected", new FileCounts(0, 0, 0),
          List.of(new QualityReport.ErrorEntry(i.rule(), i.line(), i.column(), i.message())), 1, Map.of()));
    }
    for (FileInspection i : ingest.duplicates()) {
      files.add(entry(i, "duplicate", new FileCounts(0, 0, 0), List.of(), 0, Map.of()));
    }
    files.sort(java.util.Comparator.comparing(QualityReport.FileEntry::path));
    List<String> layout = new ArrayList<>(ingest.layoutProblems());
    ingest.changedAfterLoad().forEach(p -> layout.add(p + " changed after it was loaded; not reloaded (deliver changes as a new file)"));
    return new Loaded(loadable, rejected, ingest.duplicates(), layout, counts, files, ruleCounts, validated.findings());
  }

  private static QualityReport.FileEntry entry(FileInspection i, String status, FileCounts c,
      List<QualityReport.ErrorEntry> errors, long errorsTotal, Map<String, Long> warnings) {
    return new QualityReport.FileEntry(i.file().path(), i.file().source(), i.file().deliveryDate(), status,
        i.encoding(), c.read(), c.accepted(), c.quarantined(), errors, errorsTotal, warnings,
        i.unknownColumns(), i.missingColumns(), i.reason());
  }

  /** Key checks, counts, quarantine, records; fills the report's per-file details. */
  private void load(Warehouse warehouse, RunId runId, List<FileInspection> loadable, Dataset<Row> pseudonymised,
      Map<String, FileCounts> counts, List<QualityReport.RuleCount> ruleCounts,
      Map<String, List<QualityReport.ErrorEntry>> examples, Map<String, Long> errorTotals,
      Map<String, Map<String, Long>> warnings) {
    Dataset<Row> first = pseudonymised.persist(StorageLevel.MEMORY_AND_DISK());
    // Checkpointed (pseudonymised rows only): Deequ's row-level uniqueness plan is not deterministic
    // as far as MERGE INTO is concerned, and the rows are read by several writes below.
    Dataset<Row> rows = KeyChecks.withProblems(spark, first, contracts, Staged.PROBLEMS).localCheckpoint();
    try {
      for (Row r : rows.groupBy(Records.SOURCE_FILE)
          .agg(count(lit(1)), sum(when(size(col(Staged.PROBLEMS)).equalTo(0), 1L).otherwise(0L)))
          .collectAsList()) {
        long read = r.getLong(1);
        long accepted = r.getLong(2);
        counts.put(r.getString(0), new FileCounts(read, accepted, read - accepted));
      }
      for (FileInspection i : loadable) {
        FileCounts c = counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0));
        if (c.read() != i.rowsRead()) {
          throw new PipelineException(ErrorCode.INTERNAL, i.file().path() + ": " + i.rowsRead()
              + " rows inspected but " + c.read() + " rows read; nothing of this night was loaded");
        }
      }
      org.apache.spark.sql.Column record = org.apache.spark.sql.functions.struct(
          Tables.RECORDS.contract().columnNames().stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
      Dataset<Row> problems = rows.filter(size(col(Staged.PROBLEMS)).gt(0))
          .select(col(Records.SOURCE), col(Records.DELIVERY_DATE), col(Records.SOURCE_FILE), col(Records.SOURCE_LINE),
              col(Records.RECORD_KEY), record.as(Quarantine.RECORD), explode(col(Staged.PROBLEMS)).as("p"))
          .select(col(Quarantine.SOURCE), col(Quarantine.DELIVERY_DATE), col(Quarantine.SOURCE_FILE),
              col(Quarantine.SOURCE_LINE), col(Quarantine.RECORD_KEY), col("p.rule").as(Quarantine.RULE),
              col("p.column").as(Quarantine.COLUMN), col("p.message").as(Quarantine.MESSAGE),
              lit(runId.value()).as(Quarantine.RUN_ID), col(Quarantine.RECORD))
          .persist(StorageLevel.MEMORY_AND_DISK());
      for (Row r : problems.groupBy(Quarantine.SOURCE, Quarantine.RULE, Quarantine.COLUMN).count()
          .orderBy(Quarantine.SOURCE, Quarantine.RULE, Quarantine.COLUMN).collectAsList()) {
        ruleCounts.add(new QualityReport.RuleCount(r.getString(0), r.getString(1), r.getString(2), "error", r.getLong(3)));
      }
      for (Row r : problems.groupBy(Quarantine.SOURCE_FILE).count().collectAsList()) {
        errorTotals.put(r.getString(0), r.getLong(1));
      }
      for (Row r : problems
          .withColumn("rk", row_number().over(Window.partitionBy(Quarantine.SOURCE_FILE)
              .orderBy(Quarantine.SOURCE_LINE, Quarantine.RULE, Quarantine.COLUMN)))
          .filter(col("rk").leq(QualityReport.EXAMPLES_PER_FILE))
          .orderBy(Quarantine.SOURCE_FILE, "rk")
          .select(Quarantine.SOURCE_FILE, Quarantine.RULE, Quarantine.SOURCE_LINE, Quarantine.COLUMN, Quarantine.MESSAGE)
          .collectAsList()) {
        examples.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
            .add(new QualityReport.ErrorEntry(r.getString(1), r.getInt(2), r.getString(3), r.getString(4)));
      }
      for (Row r : rows.select(col(Records.SOURCE), col(Records.SOURCE_FILE), explode(col(Staged.WARNINGS)).as("w"))
          .groupBy(Records.SOURCE, Records.SOURCE_FILE, "w").count().orderBy(Records.SOURCE_FILE, "w").collectAsList()) {
        warnings.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).merge(r.getString(2), r.getLong(3), Long::sum);
      }
      Map<String, Long> warningRules = new TreeMap<>();
      warnings.forEach((file, m) -> m.forEach((rule, n) ->
          warningRules.merge(file.substring(0, file.indexOf('/')) + "|" + rule, n, Long::sum)));
      warningRules.forEach((k, n) -> {
        String[] p = k.split("\\|", 3);
        ruleCounts.add(new QualityReport.RuleCount(p[0], p[1], p.length > 2 ? p[2] : null, "warning", n));
      });

      String filesView = "thb_files_" + runId.value().replaceAll("[^0-9A-Za-z]", "_");
      spark.createDataFrame(loadable.stream().map(i -> RowFactory.create(i.file().path())).collect(Collectors.toList()),
              DataTypes.createStructType(List.of(DataTypes.createStructField("path", DataTypes.StringType, false))))
          .createOrReplaceTempView(filesView);
      warehouse.sql("DELETE FROM " + warehouse.name(Tables.QUARANTINE)
          + " WHERE source_file IN (SELECT path FROM " + filesView + ")");
      spark.catalog().dropTempView(filesView);
      warehouse.append(Tables.QUARANTINE, problems);
      problems.unpersist();

      // The latest version of each record in tonight's files, then upsert by record key.
      Dataset<Row> latest = rows.filter(size(col(Staged.PROBLEMS)).equalTo(0))
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
      first.unpersist();
    }
  }

  private void writeLedger(Warehouse warehouse, RunId runId, List<FileInspection> loadable,
      List<FileInspection> rejected, List<FileInspection> duplicates, Map<String, FileCounts> counts) {
    List<Row> ledgerRows = new ArrayList<>();
    for (FileInspection i : loadable) {
      ledgerRows.add(ledgerRow(i, "accepted", counts.getOrDefault(i.file().path(), new FileCounts(0, 0, 0)), null, runId));
    }
    for (FileInspection i : rejected) {
      ledgerRows.add(ledgerRow(i, "rejected", new FileCounts(0, 0, 0), i.reason(), runId));
    }
    for (FileInspection i : duplicates) {
      ledgerRows.add(ledgerRow(i, "duplicate", new FileCounts(0, 0, 0), "same content as a file loaded before", runId));
    }
    if (!ledgerRows.isEmpty()) {
      warehouse.append(Tables.LOADS, spark.createDataFrame(ledgerRows, Tables.LOADS.contract().schema()));
    }
  }

  private static Row ledgerRow(FileInspection i, String status, FileCounts c, String reason, RunId runId) {
    return RowFactory.create(i.file().source(), i.file().deliveryDate(), i.file().path(), i.file().sizeBytes(),
        i.sha256(), status, c.read(), c.accepted(), c.quarantined(), reason, runId.value());
  }
}
