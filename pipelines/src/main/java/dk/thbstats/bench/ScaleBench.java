package dk.thbstats.bench;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.LocalFiles;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.StageRunner;
import dk.thbstats.generate.Generator;
import dk.thbstats.generate.GeneratorOptions;
import dk.thbstats.night.NightlyJob;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How the night scales: for a number of generated persons, the I/O floor (plain Spark reads every
 * landing file as its contract describes it and writes it as Parquet), a full night over the
 * deliveries with the last rows of the last delivery held back, and an incremental night that
 * adds those rows ({@link #INCREMENT} of all rows, as new files of that delivery); each stage's
 * seconds, the records linked per minute and the process's peak resident memory. The generator
 * runs with its defaults (years of events, deliveries), so the tables are those of a night.
 *
 * <p>Peak memory is the process's high-water mark ({@code VmHWM}), reset before each size where
 * Linux allows it ({@code /proc/self/clear_refs}); where it does not, it is the peak since the
 * process started, and {@link Size#peakReset} says so.
 */
public final class ScaleBench {
  private ScaleBench() {}

  /** The share of all landing rows the incremental night adds. */
  static final double INCREMENT = 0.01;

  /** One stage of the night: its seconds in the full and in the incremental night. */
  public record StageTime(String stage, double fullSeconds, double incrementalSeconds) {}

  /**
   * The figures of one size.
   *
   * @param persons generated persons
   * @param landingRows rows in every landing file (the floor's count)
   * @param landingBytes bytes of every landing file
   * @param floorSeconds plain Spark: read the landing, write Parquet (the second of two runs)
   * @param fullSeconds the full night (every delivery, the held-back rows left out), wall clock
   * @param incrementalSeconds the night that adds the held-back rows
   * @param records records linked by the full night
   * @param newRecords records new or changed in the incremental night
   * @param fullLinkSeconds the full night's link stage
   * @param peakRssBytes the process's peak resident memory over this size
   * @param peakReset whether the peak was reset before this size (else: since the process started)
   * @param stages every stage, in the order the nights ran them
   */
  public record Size(int persons, long landingRows, long landingBytes, double floorSeconds, double fullSeconds,
      double incrementalSeconds, long records, long newRecords, double fullLinkSeconds, long peakRssBytes,
      boolean peakReset, List<StageTime> stages) {
    /** The full night against the I/O floor. */
    public double ratioToFloor() {
      return fullSeconds / floorSeconds;
    }

    /** The incremental night against the full one. */
    public double incrementalShare() {
      return incrementalSeconds / fullSeconds;
    }

    /** Records the full night linked per minute of its link stage. */
    public double linkRecordsPerMinute() {
      return fullLinkSeconds <= 0 ? Double.NaN : records / fullLinkSeconds * 60;
    }
  }

  /**
   * Measures one size in {@code work} (created, and removed afterwards), telling {@code progress}
   * what it starts.
   */
  public static Size measure(SparkSession spark, Keyring keyring, int persons, long seed, Path work,
      Consumer<String> progress) {
    try {
      Files.createDirectories(work);
      progress.accept("generating " + persons + " persons");
      Generator.generate(GeneratorOptions.builder().persons(persons).seed(seed).out(work).build());
      Path all = work.resolve("landing");
      TreeSet<String> dates = new TreeSet<>();
      for (Source s : Source.values()) {
        Path folder = all.resolve(s.folder());
        if (Files.isDirectory(folder)) {
          try (var list = Files.list(folder)) {
            list.filter(Files::isDirectory).forEach(d -> dates.add(d.getFileName().toString()));
          }
        }
      }
      boolean reset = resetPeak();
      progress.accept("I/O floor");
      // Twice, the second timed: the first pays for the JVM's and Spark's warm-up (at 2,000
      // persons 9.6 s cold against 1.8 s for 10,000 warm).
      floor(spark, all, work.resolve("floor-warm-up"));
      long[] floor = floor(spark, all, work.resolve("floor"));
      double floorSeconds = floor[2] / 1e9;

      Path landing = work.resolve("nightly-landing");
      Path heldBack = work.resolve("held-back");
      String warehouse = work.resolve("warehouse").toString();
      String last = dates.last();
      for (String date : dates.headSet(last)) {
        copyDelivery(all, landing, date);
      }
      long lastRows = 0;
      for (Source s : Source.values()) {
        for (Path f : files(all.resolve(s.folder()).resolve(last))) {
          List<String> lines = utf8Lines(f);
          lastRows += lines == null ? 0 : dataLines(lines, f).size();
        }
      }
      double share = lastRows == 0 ? 0 : Math.min(1.0, INCREMENT * floor[0] / lastRows);
      splitLastDelivery(all, landing, heldBack, last, share);
      progress.accept("full night (" + dates.size() + " deliveries, " + Math.round(100 * share)
          + " % of the last one's rows held back)");
      long start = System.nanoTime();
      NightlyJob.Summary full = new NightlyJob(spark, keyring, Clock.systemUTC())
          .run(landing.toString(), warehouse, false, NightlyJob.StopAfter.PUBLISH);
      double fullSeconds = (System.nanoTime() - start) / 1e9;
      copyDelivery(heldBack, landing, last);
      progress.accept("incremental night (the rows held back)");
      start = System.nanoTime();
      NightlyJob.Summary incremental = new NightlyJob(spark, keyring, Clock.systemUTC())
          .run(landing.toString(), warehouse, false, NightlyJob.StopAfter.PUBLISH);
      double incrementalSeconds = (System.nanoTime() - start) / 1e9;
      return new Size(persons, floor[0], floor[1], floorSeconds, fullSeconds, incrementalSeconds,
          full.linkage().records(), incremental.linkage().newOrChanged(), seconds(full.stages(), "link"),
          peakRss(), reset, stages(full.stages(), incremental.stages()));
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot prepare the scale benchmark in " + work, e);
    } finally {
      try {
        LocalFiles.deleteTree(work);
      } catch (IOException e) {
        progress.accept("could not remove " + work);
      }
    }
  }

  /**
   * Plain Spark over the landing: every source's files read as their contract says (CSV dialect or
   * JSON lines) and written as Parquet. Returns rows, bytes read and nanoseconds.
   */
  static long[] floor(SparkSession spark, Path landing, Path out) throws IOException {
    CodeLists codeLists = CodeLists.load();
    long bytes = 0;
    long rows = 0;
    long start = System.nanoTime();
    for (Source s : Source.values()) {
      Path folder = landing.resolve(s.folder());
      if (!Files.isDirectory(folder)) {
        continue;
      }
      List<String> files = new ArrayList<>();
      try (var walk = Files.walk(folder)) {
        for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          files.add(f.toUri().toString());
          bytes += Files.size(f);
        }
      }
      if (files.isEmpty()) {
        continue;
      }
      SourceContract contract = Contracts.load(s, codeLists);
      Dataset<Row> read = "csv".equals(contract.format())
          ? spark.read().option("header", contract.csv().header()).option("sep", contract.csv().delimiter())
              .option("quote", contract.csv().quote()).option("encoding", contract.csv().encoding())
              .option("multiLine", "true").csv(files.toArray(String[]::new))
          : spark.read().json(files.toArray(String[]::new));
      String target = out.resolve(s.folder()).toUri().toString();
      read.write().mode("overwrite").parquet(target);
      rows += spark.read().parquet(target).count();
    }
    return new long[] {rows, bytes, System.nanoTime() - start};
  }

  /**
   * The last delivery split by rows: each file's first rows go to {@code landing} as
   * {@code <name>-a<ext>}, its last {@code share} of rows to {@code heldBack} as
   * {@code <name>-b<ext>} — two new files of one delivery, as an organisation sending a second
   * batch would deliver them (a CSV file's header, byte-order mark included, heads both).
   */
  private static void splitLastDelivery(Path all, Path landing, Path heldBack, String date, double share)
      throws IOException {
    for (Source s : Source.values()) {
      for (Path f : files(all.resolve(s.folder()).resolve(date))) {
        List<String> lines = utf8Lines(f);
        if (lines == null) {
          // Not UTF-8 (one of the generator's bad files): delivered whole with the first part.
          Path to = landing.resolve(s.folder()).resolve(date).resolve(f.getFileName());
          Files.createDirectories(to.getParent());
          Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
          continue;
        }
        List<String> header = f.toString().endsWith(".csv") && !lines.isEmpty() ? List.of(lines.get(0)) : List.of();
        List<String> data = dataLines(lines, f);
        int keep = data.size() - (int) Math.round(share * data.size());
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        write(landing.resolve(s.folder()).resolve(date).resolve(stem + "-a" + ext), header, data.subList(0, keep));
        if (keep < data.size()) {
          write(heldBack.resolve(s.folder()).resolve(date).resolve(stem + "-b" + ext), header,
              data.subList(keep, data.size()));
        }
      }
    }
  }

  /** The file's lines, or null when it is not UTF-8. */
  private static List<String> utf8Lines(Path f) throws IOException {
    try {
      return Files.readAllLines(f, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static List<String> dataLines(List<String> lines, Path f) {
    List<String> data = new ArrayList<>(lines.subList(f.toString().endsWith(".csv") && !lines.isEmpty() ? 1 : 0,
        lines.size()));
    data.removeIf(String::isBlank);
    return data;
  }

  private static void write(Path file, List<String> header, List<String> rows) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> all = new ArrayList<>(header);
    all.addAll(rows);
    Files.write(file, all, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (var list = Files.list(folder)) {
      return list.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void copyDelivery(Path all, Path landing, String date) throws IOException {
    for (Source s : Source.values()) {
      Path from = all.resolve(s.folder()).resolve(date);
      if (!Files.isDirectory(from)) {
        continue;
      }
      Path to = landing.resolve(s.folder()).resolve(date);
      Files.createDirectories(to);
      try (var files = Files.list(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static double seconds(List<StageRunner.Timing> timings, String stage) {
    return timings.stream().filter(t -> t.stage().equals(stage)).mapToLong(StageRunner.Timing::millis).sum() / 1000.0;
  }

  /** Each stage's seconds in both nights, summed when a stage ran twice (disclose: one per group). */
  private static List<StageTime> stages(List<StageRunner.Timing> full, List<StageRunner.Timing> incremental) {
    Map<String, double[]> byStage = new LinkedHashMap<>();
    full.forEach(t -> byStage.computeIfAbsent(t.stage(), k -> new double[2])[0] += t.millis() / 1000.0);
    incremental.forEach(t -> byStage.computeIfAbsent(t.stage(), k -> new double[2])[1] += t.millis() / 1000.0);
    List<StageTime> out = new ArrayList<>();
    byStage.forEach((k, v) -> out.add(new StageTime(k, v[0], v[1])));
    return out;
  }

  /** Resets the process's peak resident memory (Linux: clear_refs 5); false where it cannot. */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The process's peak resident memory in bytes (VmHWM), or -1 where /proc does not tell it. */
  static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
