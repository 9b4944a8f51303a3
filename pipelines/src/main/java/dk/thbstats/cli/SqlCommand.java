package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.CsvExport;
import dk.thbstats.publish.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code thb sql}: one read-only query on the published tables (now, or as a release froze them),
 * printed as an aligned table or as CSV. Everything else is refused before it runs: statements
 * that are not queries, restricted tables, files, other catalogs.
 */
final class SqlCommand implements Cli.Command {
  /** Rows printed at most (published tables are aggregates: a few hundred cells). */
  static final int DEFAULT_MAX_ROWS = 10_000;

  @Override
  public String summary() {
    return "query the published tables (or a release) with SQL; aligned table or CSV";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb sql [--warehouse DIR] [--csv] [--max-rows N] [--master URL] "SELECT ..."

        Runs one query on the published tables and prints an aligned table (or CSV with
        --csv: RFC 4180, no BOM, for piping). Tables by their plain names, as published now:
          @TABLES@
        and as a release froze them (./thb release --name NAME):
          victims_registered VERSION AS OF 'NAME'
        Suppressed cells have an empty value and flag c; ':' marks a figure not available.
        Trend tables (trend_victims, indicators_*) are perturbed by the cell key method. Only queries (SELECT, WITH, VALUES) on
        published tables run; restricted tables, files and any statement that changes
        something are refused before anything runs.

          --warehouse DIR   the warehouse (default ./warehouse)
          --csv             CSV instead of an aligned table
          --max-rows N      print at most N rows (default 10000); more are reported, not printed
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
    Args args = new Args(argv, Set.of("warehouse", "max-rows", "master"), Set.of("csv"), true);
    long maxRows = args.longValue("max-rows", DEFAULT_MAX_ROWS);
    args.check("sql");
    List<String> rest = args.positional();
    if (rest.size() != 1 || rest.get(0).isBlank()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "sql needs one query in quotes, e.g. ./thb sql"
          + " \"SELECT * FROM victims_registered\"");
    }
    String query = rest.get(0);
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    Warehouse warehouse = Warehouse.existing(spark, warehouseDir.toString());
    String catalog = spark.catalog().currentCatalog();
    String database = spark.catalog().currentDatabase();
    spark.sql("USE " + warehouse.catalog() + ".published");
    try {
      Dataset<Row> result = query(spark, warehouse, query);
      List<Row> rows = result.limit((int) Math.min(Integer.MAX_VALUE, maxRows + 1)).collectAsList();
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
    } finally {
      spark.sql("USE " + catalog + "." + database);
    }
  }

  /** Parses, checks and returns the query (lazy); refuses anything but a query on published tables. */
  static Dataset<Row> query(SparkSession spark, Warehouse warehouse, String sql) {
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the query does not parse: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    for (LogicalPlan node : nodes(parsed)) {
      String kind = node.getClass().getSimpleName();
      if (node instanceof org.apache.spark.sql.catalyst.plans.logical.Command
          || kind.matches(".*(Command|Statement|Insert|Delete|Update|Merge|Create|Drop|Alter|Replace|Set|Use|Cache).*")) {
        throw new PipelineException(ErrorCode.PRIVACY_GUARD,
            "only queries (SELECT, WITH, VALUES) run here; this statement would change or configure something");
      }
    }
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException a) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "the query cannot run: "
            + a.getSimpleMessage().lines().findFirst().orElse(""));
      }
      throw e;
    }
    for (LogicalPlan node : nodes(result.queryExecution().analyzed())) {
      if (!node.children().isEmpty()) {
        continue;
      }
      if (node instanceof DataSourceV2Relation r) {
        boolean ours = r.catalog().isDefined() && r.catalog().get().name().equals(warehouse.catalog());
        boolean published = r.identifier().isDefined() && r.identifier().get().namespace().length == 1
            && r.identifier().get().namespace()[0].equals("published");
        if (ours && published) {
          continue;
        }
        throw new PipelineException(ErrorCode.PRIVACY_GUARD, "only published tables can be queried; "
            + (r.identifier().isDefined() ? String.join(".", r.identifier().get().namespace()) + "."
                + r.identifier().get().name() : "this relation") + " is not one");
      }
      String kind = node.getClass().getSimpleName();
      if (!kind.equals("LocalRelation") && !kind.equals("OneRowRelation") && !kind.equals("Range")) {
        throw new PipelineException(ErrorCode.PRIVACY_GUARD,
            "only published tables can be queried; the query reads something else (" + kind + ")");
      }
    }
    return result;
  }

  /** Every node of a plan, subqueries in expressions included. */
  private static List<LogicalPlan> nodes(LogicalPlan root) {
    List<LogicalPlan> out = new ArrayList<>();
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      out.add(p);
      scala.collection.Iterator<LogicalPlan> children = p.children().iterator();
      while (children.hasNext()) {
        todo.push(children.next());
      }
      scala.collection.Iterator<?> subqueries = p.subqueries().iterator();
      while (subqueries.hasNext()) {
        todo.push((LogicalPlan) subqueries.next());
      }
    }
    return out;
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
