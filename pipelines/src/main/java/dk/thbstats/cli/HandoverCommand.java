package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.ReleasedZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code thb handover}: the published zone as a folder of its own, for an evaluator — every
 * release and nothing else (no nightly state, no restricted table, no key).
 */
final class HandoverCommand implements Cli.Command {
  @Override
  public String summary() {
    return "copy the published zone (every release, nothing else) to a folder for an evaluator";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb handover --out DIR [--warehouse DIR] [--master URL]

        Writes the published zone of the warehouse - every release made by ./thb release, and
        nothing else: no nightly state, no restricted table, no key - as a folder of its own at
        DIR. Hand DIR to an evaluator: ./thb sql --warehouse DIR (the newest release, older ones
        with VERSION AS OF 'NAME'), ./thb export --release NAME --warehouse DIR and ./thb report
        --release NAME --warehouse DIR work on it with nothing else present, and export the same
        bytes as the warehouse. Iceberg tables record absolute paths, so make the copy where the
        evaluator will read it (or copy <warehouse>/released/ to the same path on their side).
        Running it again adds the releases made since.

          --out DIR         the folder to write (new, or a zone written here before)
          --warehouse DIR   the warehouse (default ./warehouse)
          --master URL      Spark master (default: local[*], or the one spark-submit set)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("out", "warehouse", "master"), Set.of());
    String out = args.require("out");
    args.check("handover");
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    Path outDir = env.resolve(Path.of(out));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    ReleasedZone zone = ReleasedZone.find(spark, warehouseDir.toString());
    if (zone == null || zone.releases().isEmpty()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "no release has been made in " + warehouseDir
          + " (./thb release --name NAME)");
    }
    try (var entries = Files.exists(outDir) ? Files.list(outDir) : java.util.stream.Stream.<Path>empty()) {
      if (entries.findAny().isPresent() && !Files.exists(outDir.resolve(ReleasedZone.INDEX))) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, outDir + " is not empty and not a published zone;"
            + " choose a new folder");
      }
    } catch (java.io.IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + outDir + ": " + e.getMessage(), e);
    }
    ReleasedZone target = ReleasedZone.at(spark, outDir.toString());
    if (target.root().equals(zone.root())) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--out is the warehouse's own published zone");
    }
    List<String> copied = zone.copyTo(target);
    env.out().println("published zone: " + target.root() + " (" + target.releases().size() + " release(s): "
        + String.join(", ", target.releases().stream().map(ReleasedZone.Release::name).toList()) + "; "
        + (copied.isEmpty() ? "nothing new" : "copied " + String.join(", ", copied)) + ")");
    return 0;
  }
}
