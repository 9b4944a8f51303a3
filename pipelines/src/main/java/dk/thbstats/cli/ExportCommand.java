package dk.thbstats.cli;

import dk.thbstats.publish.Exporter;
import dk.thbstats.publish.PublishedView;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code thb export}: the published tables as Parquet and CSV files plus a manifest. */
final class ExportCommand implements Cli.Command {
  @Override
  public String summary() {
    return "write every published table as <table>.parquet and <table>.csv plus manifest.json";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb export [--out DIR] [--warehouse DIR] [--release NAME] [--master URL]

        Writes every published table into DIR as one <table>.parquet and one <table>.csv
        (RFC 4180, UTF-8 with BOM) file, plus manifest.json (an array "tables" with name, rows,
        release, kind, disclosure, unit, reference_period, vintage, status, columns). Rows are
        sorted by their dimensions; the same tables give the same bytes.

        With --release, from the published zone (what evaluators and recipients may get): the
        tables as release NAME froze them, byte for byte as on the day of the release; DIR of
        --warehouse may then be a warehouse or a published-zone folder on its own. Without it,
        the nightly state: all tables of the last complete night (analysts only: a night is not
        a release, and two nights' tables differ by the persons registered in between).

          --release NAME    the tables as release NAME froze them (./thb release)
          --out DIR         where to write (default ./export; created if missing)
          --warehouse DIR   the warehouse, or with --release a published zone (default ./warehouse)
          --master URL      Spark master (default: local[*], or the one spark-submit set)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("out", "warehouse", "release", "master"), Set.of());
    String release = args.get("release", null);
    String out = args.get("out", "export");
    args.check("export");
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    Path outDir = env.resolve(Path.of(out));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    List<Exporter.Exported> tables = Exporter.export(PublishedView.at(spark, warehouseDir.toString(), release), outDir);
    for (Exporter.Exported t : tables) {
      env.out().printf("exported %-22s %6d rows -> %s%n", t.name(), t.rows(), outDir.resolve(t.name() + ".{csv,parquet}"));
    }
    env.out().println("manifest: " + outDir.resolve("manifest.json") + (release == null ? "" : " (release " + release + ")"));
    return 0;
  }
}
