package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.Reports;
import dk.thbstats.publish.PublishedView;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code thb report}: one international body's tables, in its codes and layout, from the published tables. */
final class ReportCommand implements Cli.Command {
  @Override
  public String summary() {
    return "write the tables Eurostat, GRETA, UNODC or the US TIP report ask for, from the published tables";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb report --body eurostat|greta|unodc|tip --year YYYY [--out DIR]
                            [--warehouse DIR] [--release NAME] [--master URL]

        Writes the body's tables for reference year YYYY (GRETA: the four years up to it) into
        DIR as CSV files (RFC 4180, UTF-8 with BOM) named <body>_<table>.csv, plus report.json
        naming the release and, for every file, the unit, reference period, vintage, status and
        disclosure method of the published tables it comes from. Only published tables are read:
        a suppressed cell stays suppressed (flag c), a figure not published is ':', and Eurostat
        files flag provisional figures 'p'.

          eurostat  victims by sex x age, by sex x citizenship group, by form of
                    exploitation; traffickers by legal status x sex (crim_thb codes)
          unodc     detected victims and offenders in UNODC's long format
          greta     victims by sex, age, citizenship group and form over four years; criminal
                    justice and protection (reflection periods, residence permits, compensation)
          tip       the US TIP report's protection and prosecution figures

          --body NAME       the recipient (required)
          --year YYYY       the reference year (required)
          --release NAME    the tables as release NAME froze them (the published zone; what a
                            recipient should get); default: the nightly state (analysts)
          --out DIR         where to write (default ./report-<body>-<year>; created if missing)
          --warehouse DIR   the warehouse, or with --release a published zone (default ./warehouse)
          --master URL      Spark master (default: local[*], or the one spark-submit set)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("body", "year", "out", "warehouse", "release", "master"), Set.of());
    String body = args.require("body");
    String yearText = args.require("year");
    String release = args.get("release", null);
    String out = args.get("out", null);
    args.check("report");
    if (!yearText.matches("(19|20)[0-9]{2}")) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--year must be a year like 2025, not '" + yearText + "'");
    }
    int year = Integer.parseInt(yearText);
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    Path outDir = env.resolve(Path.of(out == null ? "report-" + body + "-" + year : out));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    for (Reports.Written w : Reports.write(PublishedView.at(spark, warehouseDir.toString(), release), body, year,
        outDir)) {
      env.out().printf("wrote %-36s %4d rows%n", outDir.resolve(w.file()), w.rows());
    }
    env.out().println("report: " + outDir.resolve("report.json") + (release == null ? "" : " (release " + release + ")"));
    return 0;
  }
}
