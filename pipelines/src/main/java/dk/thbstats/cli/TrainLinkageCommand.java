package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkReport;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.ModelFile;
import dk.thbstats.link.ProbabilisticLinkage;
import dk.thbstats.night.LinkFigures;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code thb train-linkage}: fits the Fellegi–Sunter model on the warehouse's pseudonymised records
 * (u from random pairs, m by EM in rounds) and writes the model file the nightly job uses. Runs
 * only on request: a model that changes every night would move person keys for no reason.
 */
final class TrainLinkageCommand implements Cli.Command {
  @Override
  public String summary() {
    return "fit the linkage model on the warehouse's records and write the model file";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb train-linkage [--warehouse DIR] [--out FILE] [--report DIR] [--master URL]

        Fits the Fellegi-Sunter model, unsupervised, on the pseudonymised records of the
        warehouse (restricted.records: keyed tokens and Bloom filters only) and writes it as a
        model file: per comparison and level the m and u probabilities and the weight. The
        nightly job uses schemas/linkage/model.v1.json (bundled into the build) and re-estimates
        only the prior (lambda) on each night's records; review the new file and commit it to
        put it in force.

          --warehouse DIR   the warehouse (default ./warehouse)
          --out FILE        where to write the model (default schemas/linkage/model.v1.json)
          --report DIR      where to write linkage.html, the model's weights, its checks and the
                            linkage it gives on these records (default: the folder of --out)
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("warehouse", "out", "master", "report"), Set.of());
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    Path out = env.resolve(args.path("out", "schemas/" + ModelFile.BUNDLED));
    Path reportDir = args.get("report", null) != null ? env.resolve(Path.of(args.get("report", null)))
        : out.toAbsolutePath().getParent();
    args.check("train-linkage");
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    Dataset<Row> records = Warehouse.existing(spark, warehouseDir.toString()).read(Tables.RECORDS);
    long n = records.count();
    if (n < 2) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the warehouse holds " + n + " record(s); nothing to train on");
    }
    // The fit as thb link makes it (checked before it scores), and the linkage it gives, for the report.
    LinkSettings settings = LinkSettings.load();
    ProbabilisticLinkage.Result result = ProbabilisticLinkage.link(records, settings, null, ProbabilisticLinkage.SEED);
    if (result.fellBack()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the fitted model failed its checks ("
          + String.join("; ", result.fitProblems()) + "); nothing written, the model in force is unchanged");
    }
    FellegiSunter model = result.model();
    ModelFile.write(model, out, n + " records of " + warehouseDir.getFileName());
    env.out().printf(Locale.ROOT, "trained on %d records (lambda %.6f) -> %s%n", n, model.lambda(), out);
    LinkFigures.modelLines(model).forEach(line -> env.out().println("  " + line));
    Path page = LinkReport.write(LinkReport.figures("./thb train-linkage, " + n + " records of "
        + warehouseDir.getFileName(), "fitted on these records", result, settings), reportDir);
    env.out().println("report -> " + page);
    return 0;
  }
}
