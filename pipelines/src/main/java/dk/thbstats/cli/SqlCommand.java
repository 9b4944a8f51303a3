package dk.thbstats.cli;

import dk.thbstats.access.QueryGuard;
import dk.thbstats.access.Zone;
import dk.thbstats.access.ZoneCatalog;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.CsvExport;
import dk.thbstats.publish.ReleasedZone;
import dk.thbstats.publish.Warehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code thb sql}: one read-only query on published tables, printed as an aligned table or as
 * CSV. By default it reads the published zone — the newest release, older ones with
 * {@code VERSION AS OF 'NAME'} — which is all an evaluator may see; {@code --nightly} reads the
 * last complete night instead (analysts, on the restricted side). The query is admitted by
 * {@link QueryGuard} (an allow-list over the parsed and the analysed plan) and runs bounded: at
 * most {@code --max-rows} rows printed, cancelled after {@code --timeout} seconds.
 */
final class SqlCommand implements Cli.Command {
  /** Rows printed at most (published tables are aggregates: a few hundred cells). */
  static final int DEFAULT_MAX_ROWS = 10_000;
  /** Seconds a query may run. */
  static final int DEFAULT_TIMEOUT_SECONDS = 120;

  @Override
  public String summary() {
    return "query the released tables (or, for analysts, the last night) with SQL; aligned table or CSV";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb sql [--warehouse DIR] [--nightly] [--csv] [--max-rows N] [--timeout S]
                         [--master URL] "SELECT ..."

        Runs one query on the published tables and prints an aligned table (or CSV with
        --csv: RFC 4180, no BOM, for piping). Tables by their plain names:
          @TABLES@
        By default the published zone is read: the newest release (./thb release), and older
        releases as
          victims_registered VERSION AS OF 'NAME'
        DIR may be a warehouse or a published-zone folder handed over on its own (no key and no
        restricted data needed). --nightly reads the last complete night instead: for analysts
        on the restricted side only (a night is not a release).
        Suppressed cells have an empty value and flag c; ':' marks a figure not available.
        Trend tables (trend_victims, indicators_*) are perturbed by the cell key method.

        Only queries run: SELECT, WITH, VALUES, joins, subqueries, grouping sets, window
        functions, and the usual arithmetic, comparison, string, date, conditional and
        aggregate functions. Anything else - other tables or files, other time travel, metadata
        tables and columns, reflection, commands, hints - is refused with the reason.

          --warehouse DIR   the warehouse or published zone (default ./warehouse)
          --nightly         read the last complete night, not the newest release (analysts)
          --csv             CSV instead of an aligned table
          --max-rows N      print at most N rows (default 10000); more are reported, not printed
          --timeout S       cancel the query after S seconds (default 120)
          --master URL      Spark master (default: local[*], or the one spark-submit set)

        Example:
          ./thb sql "SELECT year, value, flag FROM victims_registered
                     WHERE sex = 'TOTAL' AND age_group = 'TOTAL' ORDER BY year"
        """.replace("@TABLES@", java.util.Arrays.stream(dk.thbstats.schema.Tables.values())
        .filter(dk.thbstats.schema.Tables::isPublished).map(dk.thbstats.schema.Tables::table)
        .collect(java.util.stream.Collectors.joining(",\n          ")));
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("warehouse", "max-rows", "master", "timeout"), Set.of("csv", "nightly"), true);
    long maxRows = args.longValue("max-rows", DEFAULT_MAX_ROWS);
    long timeout = args.longValue("timeout", DEFAULT_TIMEOUT_SECONDS);
    args.check("sql");
    List<String> rest = args.positional();
    if (rest.size() != 1 || rest.get(0).isBlank()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "sql needs one query in quotes, e.g. ./thb sql"
          + " \"SELECT * FROM victims_registered\"");
    }
    if (maxRows < 1 || timeout < 1) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--max-rows and --timeout must be 1 or more");
    }
    String dir = env.resolve(args.path("warehouse", "warehouse")).toString();
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    Zone zone = zone(spark, dir, args.flag("nightly"));
    String catalog = ZoneCatalog.register(spark, zone);
    Dataset<Row> result = QueryGuard.admit(spark, catalog, zone, rest.get(0));
    List<Row> rows = collect(spark, result, maxRows + 1, timeout);
    boolean more = rows.size() > maxRows;
    if (more) {
      rows = rows.subList(0, (int) maxRows);
    }
    if (args.flag("csv")) {
      printCsv(env, result.schema().fieldNames(), rows);
    } else {
      printTable(env, result.schema().fields(), rows);
    }
    if (more) {
      env.err().println("thb sql: more than " + maxRows + " rows; the first " + maxRows + " are printed (--max-rows)");
    }
    return 0;
  }

  /** The published zone at {@code dir}, or with {@code nightly} the warehouse's last complete night. */
  private static Zone zone(SparkSession spark, String dir, boolean nightly) {
    if (nightly) {
      if (!Warehouse.exists(spark, dir)) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "--nightly reads a warehouse, and there is none at "
            + dir + " (a published zone holds releases only)");
      }
      return Zone.nightly(Warehouse.existing(spark, dir));
    }
    ReleasedZone released = ReleasedZone.find(spark, dir);
    if (released == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "no release has been made in " + dir
          + " (./thb release --name NAME); analysts can query the last night with --nightly");
    }
    return Zone.released(released);
  }

  /** Collects at most {@code limit} rows, cancelling the query's jobs after {@code timeoutSeconds}. */
  private static List<Row> collect(SparkSession spark, Dataset<Row> result, long limit, long timeoutSeconds) {
    String group = "thb-sql-" + java.util.UUID.randomUUID();
    java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
        .newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "thb-sql-timeout");
          t.setDaemon(true);
          return t;
        });
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    spark.sparkContext().setJobGroup(group, "thb sql", true);
    timer.schedule(() -> {
      cancelled.set(true);
      spark.sparkContext().cancelJobGroup(group);
    }, timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
    try {
      return result.limit((int) Math.min(Integer.MAX_VALUE, limit)).collectAsList();
    } catch (RuntimeException e) {
      if (cancelled.get()) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "the query ran longer than " + timeoutSeconds
            + " s and was cancelled (--timeout)");
      }
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the query failed: " + e.getClass().getSimpleName()
          + (e instanceof org.apache.spark.SparkThrowable st && st.getErrorClass() != null ? " " + st.getErrorClass()
              : ""));
    } finally {
      timer.shutdownNow();
      spark.sparkContext().clearJobGroup();
    }
  }

  private static void printCsv(CliEnvironment env, String[] header, List<Row> rows) {
    CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
    try {
      CSVPrinter printer = new CSVPrinter(env.out(), format);
      printer.printRecord((Object[]) header);
      for (Row r : rows) {
        Object[] values = new Object[r.size()];
        for (int i = 0; i < r.size(); i++) {
          values[i] = CsvExport.safe(r.isNullAt(i) ? null : r.get(i));
        }
        printer.printRecord(values);
      }
      printer.flush();
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write the result", e);
    }
  }

  private static void printTable(CliEnvironment env, StructField[] fields, List<Row> rows) {
    int n = fields.length;
    int[] width = new int[n];
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = fields[i].name().length();
      right[i] = fields[i].dataType() instanceof NumericType;
    }
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        c[i] = r.isNullAt(i) ? "" : String.valueOf(r.get(i));
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder b = new StringBuilder();
    line(b, java.util.Arrays.stream(fields).map(StructField::name).toArray(String[]::new), width, right);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    b.append('\n');
    for (String[] c : cells) {
      line(b, c, width, right);
    }
    b.append(String.format(Locale.ROOT, "(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s"));
    env.out().print(b);
  }

  private static void line(StringBuilder b, String[] values, int[] width, boolean[] right) {
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      String pad = " ".repeat(width[i] - v.length());
      b.append(i == 0 ? "" : "  ").append(right[i] ? pad + v : (i == values.length - 1 ? v : v + pad));
    }
    b.append('\n');
  }
}
