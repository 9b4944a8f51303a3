package dk.thbstats.ingest;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.Typed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest: finds the deliveries not loaded yet, reads every new file whole on the executors (one
 * file per task) to decide whether it can be loaded, and returns the typed rows of the loadable
 * files, per source, as lazy datasets. The typed rows hold cleartext; the caller validates,
 * canonicalises and pseudonymises them in the same Spark stage and never persists them.
 *
 * <p>Which files are new: a path the ledger has as accepted or duplicate is never read again (a
 * change must come as a new delivery); a path it has as rejected is read again and processed when
 * its content changed. A new file whose content equals a file loaded before, or another new file
 * of the same night, is a duplicate and is skipped.
 */
public final class IngestStage implements Stage<IngestStage.Input, IngestStage.Output> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);

  /** Where to read and what was loaded before. */
  public record Input(String landing, List<LedgerEntry> ledger) {}

  /**
   * The night's files and rows.
   *
   * @param loadable inspected files that can be read as their contract says, in processing order
   * @param rejected inspected files that cannot, with the reason
   * @param duplicates new files whose content was loaded before
   * @param layoutProblems folders in the landing area that are not deliveries
   * @param changedAfterLoad accepted paths whose size changed since (not reloaded)
   * @param typed per source, the typed rows of its loadable files (lazy; cleartext; never persist)
   */
  public record Output(
      List<FileInspection> loadable,
      List<FileInspection> rejected,
      List<FileInspection> duplicates,
      List<String> layoutProblems,
      List<String> changedAfterLoad,
      Map<Source, Dataset<Row>> typed) {}

  private final CodeLists codeLists;
  private final Map<Source, SourceContract> contracts;

  public IngestStage(CodeLists codeLists) {
    this.codeLists = codeLists;
    this.contracts = Contracts.loadAll(codeLists);
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Output run(Input input, RunContext context) {
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    LandingScanner.Scan scan = LandingScanner.scan(input.landing(), hadoop);
    Map<String, LedgerEntry> ledger = new HashMap<>();
    Set<String> loadedHashes = new HashSet<>();
    for (LedgerEntry e : input.ledger()) {
      ledger.merge(e.path(), e, (a, b) -> b.supersedes(a) ? b : a);
      if (!"rejected".equals(e.status())) {
        loadedHashes.add(e.sha256());
      }
    }
    List<DeliveryFile> toInspect = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (DeliveryFile f : scan.files()) {
      LedgerEntry seen = ledger.get(f.path());
      if (seen == null || "rejected".equals(seen.status())) {
        toInspect.add(f);
      } else if (seen.sizeBytes() != f.sizeBytes()) {
        changed.add(f.path());
      }
    }
    for (String p : changed) {
      LOG.warn("{} changed after it was loaded; it is not reloaded (deliver changes as a new file)", p);
    }

    List<FileInspection> inspections = inspect(context, toInspect, hadoop);
    List<FileInspection> loadable = new ArrayList<>();
    List<FileInspection> rejected = new ArrayList<>();
    List<FileInspection> duplicates = new ArrayList<>();
    Set<String> nightHashes = new HashSet<>();
    for (FileInspection i : inspections) {
      LedgerEntry seen = ledger.get(i.file().path());
      if (seen != null && seen.sha256().equals(i.sha256())) {
        continue; // a rejected file that was not fixed: reported on the night it came
      }
      if (!i.isOk()) {
        rejected.add(i);
      } else if (loadedHashes.contains(i.sha256()) || !nightHashes.add(i.sha256())) {
        duplicates.add(i);
      } else {
        loadable.add(i);
      }
    }
    LOG.info("ingest: {} files in landing, {} inspected, {} loadable, {} rejected, {} duplicates",
        scan.files().size(), inspections.size(), loadable.size(), rejected.size(), duplicates.size());

    Map<Source, Dataset<Row>> typed = new java.util.EnumMap<>(Source.class);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
    for (Source source : Source.values()) {
      List<FileInspection> files = loadable.stream()
          .filter(i -> i.file().source().equals(source.folder())).collect(java.util.stream.Collectors.toList());
      if (files.isEmpty()) {
        continue;
      }
      SourceContract contract = contracts.get(source);
      JavaRDD<Row> rows = jsc.parallelize(files, files.size())
          .flatMap(new ReadRows(contract, new TypedReader(contract, codeLists), new HadoopConf(hadoop)));
      typed.put(source, context.spark().createDataFrame(rows, Typed.schema(contract)));
    }
    return new Output(loadable, rejected, duplicates, scan.problems(), changed, typed);
  }

  private List<FileInspection> inspect(RunContext context, List<DeliveryFile> files, Configuration hadoop) {
    if (files.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
    Map<Source, SourceContract> cs = contracts;
    HadoopConf conf = new HadoopConf(hadoop);
    List<FileInspection> out = new ArrayList<>(
        jsc.parallelize(files, Math.min(files.size(), 1000)).map(f -> inspectOne(f, cs, conf)).collect());
    return out;
  }

  /** Reads one file whole and decides whether it can be loaded. */
  static FileInspection inspectOne(DeliveryFile f, Map<Source, SourceContract> contracts, HadoopConf conf) {
    SourceContract contract = contracts.get(Source.fromFolder(f.source()));
    try {
      FileSystem fs = new Path(f.uri()).getFileSystem(conf.get());
      if (!f.fileName().toLowerCase(java.util.Locale.ROOT).endsWith(contract.extension())) {
        String sha = Bytes.open(fs, f.uri(), Bytes.CP1252).sha256();
        return FileInspection.rejected(f, sha, null, "file_type", 0, null,
            "a " + f.source() + " delivery must be a " + contract.extension() + " file");
      }
      return contract.isCsv() ? CsvFiles.inspect(f, contract, fs) : JsonLinesFiles.inspect(f, contract, fs);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + f.path() + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Streams the typed rows of one loadable file (runs on executors). */
  private static final class ReadRows implements FlatMapFunction<FileInspection, Row> {
    private static final long serialVersionUID = 1L;
    private final SourceContract contract;
    private final TypedReader reader;
    private final HadoopConf conf;

    ReadRows(SourceContract contract, TypedReader reader, HadoopConf conf) {
      this.contract = contract;
      this.reader = reader;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(FileInspection inspection) throws IOException {
      DeliveryFile f = inspection.file();
      FileSystem fs = new Path(f.uri()).getFileSystem(conf.get());
      CloseableIterator<RawRow> raw = contract.isCsv()
          ? CsvFiles.rows(f, contract, fs, inspection)
          : JsonLinesFiles.rows(f, fs);
      return new Iterator<>() {
        private boolean closed;

        @Override
        public boolean hasNext() {
          boolean more;
          try {
            more = raw.hasNext();
          } catch (UncheckedIOException e) {
            throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + f.path() + " after inspection", e);
          }
          if (!more && !closed) {
            closed = true;
            try {
              raw.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return more;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return reader.read(raw.next(), f);
        }
      };
    }
  }
}
