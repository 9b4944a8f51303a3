package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    return "freeze the published tables as a named release (exportable byte for byte later)";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb release --name NAME [--warehouse DIR] [--master URL]
               ./thb release --list [--warehouse DIR]

        Freezes every published table as it is now as release NAME: an Iceberg tag on the
        table's current snapshot, which later nights never move or expire. The release then
        exports byte for byte at any later time (./thb export --release NAME) and can be
        queried (./thb sql "SELECT ... FROM victims_registered VERSION AS OF 'NAME'").
        A release never changes: a name is used once (running the same release again on the
        same tables is a no-op).

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
    // Check every table first, so a refused release tags nothing.
    Map<Tables, Long> toTag = new LinkedHashMap<>();
    for (Tables t : Tables.values()) {
      if (!t.isPublished()) {
        continue;
      }
      Long current = warehouse.snapshotId(t, org.apache.iceberg.SnapshotRef.MAIN_BRANCH);
      if (current == null) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID,
            "nothing is published in " + t.table() + " yet: run ./thb nightly first");
      }
      Long tagged = warehouse.tags(t).get(name);
      if (tagged != null && !tagged.equals(current)) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "release '" + name + "' exists and differs from"
            + " the tables as they are now; a release never changes: choose another name");
      }
      if (tagged == null) {
        toTag.put(t, current);
      }
    }
    for (Map.Entry<Tables, Long> e : toTag.entrySet()) {
      warehouse.tag(e.getKey(), name, e.getValue());
    }
    for (Tables t : Tables.values()) {
      if (t.isPublished()) {
        Map<String, String> d = warehouse.snapshotSummary(t, warehouse.tags(t).get(name));
        env.out().printf("release %s: %s (vintage %s, %s)%n", name, t.table(),
            d.getOrDefault(Publisher.PROP_VINTAGE, "unknown"), d.getOrDefault(Publisher.PROP_STATUS, "provisional"));
      }
    }
    if (toTag.isEmpty()) {
      env.out().println("release " + name + " existed already with these tables; nothing changed");
    }
    return 0;
  }

  /** Prints every release: per published table, its vintage and status as the release froze them. */
  private int list(CliEnvironment env, Args args) {
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    Warehouse warehouse = Warehouse.existing(spark, warehouseDir.toString());
    java.util.SortedMap<String, List<String>> releases = new java.util.TreeMap<>();
    for (Tables t : Tables.values()) {
      if (!t.isPublished()) {
        continue;
      }
      for (Map.Entry<String, Long> tag : warehouse.tags(t).entrySet()) {
        Map<String, String> d = warehouse.snapshotSummary(t, tag.getValue());
        releases.computeIfAbsent(tag.getKey(), k -> new java.util.ArrayList<>()).add(t.table() + " (vintage "
            + d.getOrDefault(Publisher.PROP_VINTAGE, "unknown") + ", "
            + d.getOrDefault(Publisher.PROP_STATUS, "provisional") + ")");
      }
    }
    if (releases.isEmpty()) {
      env.out().println("no release has been made (./thb release --name NAME)");
    }
    releases.forEach((name, tables) -> env.out().println(name + ": " + String.join(", ", tables)));
    return 0;
  }
}
