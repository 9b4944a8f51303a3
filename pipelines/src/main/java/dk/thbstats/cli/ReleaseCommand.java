package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.PublishedView;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.Releases;
import dk.thbstats.publish.ReleasedZone;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** {@code thb release}: freezes the published tables as they are now under a name (Iceberg tags). */
final class ReleaseCommand implements Cli.Command {
  /** Release names: a letter or digit, then letters, digits, '.', '_' or '-'. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Override
  public String summary() {
    return "freeze the published tables as a named release in the published zone (what evaluators see)";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb release --name NAME [--warehouse DIR] [--master URL]
               ./thb release --list [--warehouse DIR]

        Freezes every published table as the last complete night left it as release NAME, and
        adds it to the published zone (<warehouse>/released/: the releases and nothing else,
        what evaluators and recipients may see; hand them that folder). The nightly tables get
        an Iceberg tag NAME, which later nights never move or expire. The release then exports
        byte for byte at any later time (./thb export --release NAME) and is what ./thb sql
        reads by default (the newest release; older ones with
        "SELECT ... FROM victims_registered VERSION AS OF 'NAME'"). A release never changes: a
        name is used once (running the same release again on the same tables is a no-op, and
        completes a release that was stopped half-way).

          --name NAME       letters, digits, '.', '_', '-' (e.g. 2026-Q4, greta-2027)
          --list            the releases made so far: per table its vintage and status
          --warehouse DIR   the warehouse (default ./warehouse)
          --master URL      Spark master (default: local[*], or the one spark-submit set)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("name", "warehouse", "master"), Set.of("list"));
    String name = args.get("name", null);
    args.check("release");
    if (name == null && !args.flag("list")) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "release needs --name NAME (or --list)");
    }
    if (args.flag("list")) {
      return list(env, args);
    }
    if (!NAME.matcher(name).matches() || name.equals("main") || name.equals(Publisher.AUDIT_BRANCH)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "'" + name + "' is not a release name: use letters,"
          + " digits, '.', '_' and '-' (up to 64, not 'main' or 'audit'), e.g. 2026-Q4");
    }
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    Warehouse warehouse = Warehouse.existing(spark, warehouseDir.toString());
    Releases.Made made = Releases.make(warehouse, name);
    for (Tables t : made.view().tables()) {
      Map<String, String> d = made.view().description(t);
      env.out().printf("release %s: %s (vintage %s, %s)%n", name, t.table(),
          d.getOrDefault(Publisher.PROP_VINTAGE, "unknown"), d.getOrDefault(Publisher.PROP_STATUS, "provisional"));
    }
    if (made.existed()) {
      env.out().println("release " + name + " existed already with these tables; nothing changed");
    } else {
      env.out().println("published zone: " + made.zone().root() + " (" + ReleasedZone.INDEX + " lists the releases)");
    }
    return 0;
  }

  /** Prints every complete release: per table, its vintage and status as the release froze them. */
  private int list(CliEnvironment env, Args args) {
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    ReleasedZone zone = ReleasedZone.find(spark, warehouseDir.toString());
    List<ReleasedZone.Release> releases = zone == null ? List.of() : zone.releases();
    if (releases.isEmpty()) {
      env.out().println("no release has been made (./thb release --name NAME)");
    }
    for (ReleasedZone.Release r : releases) {
      PublishedView view = PublishedView.release(zone, r.name());
      List<String> tables = new java.util.ArrayList<>();
      for (Tables t : view.tables()) {
        Map<String, String> d = view.description(t);
        tables.add(t.table() + " (vintage " + d.getOrDefault(Publisher.PROP_VINTAGE, "unknown") + ", "
            + d.getOrDefault(Publisher.PROP_STATUS, "provisional") + ")");
      }
      env.out().println(r.name() + ": " + String.join(", ", tables));
    }
    return 0;
  }
}
