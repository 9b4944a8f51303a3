package dk.thbstats.cli;

import dk.thbstats.config.Profile;
import dk.thbstats.ingest.LandingMark;
import dk.thbstats.night.NightlyJob;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code thb nightly}: one night of ingest, pseudonymisation, linkage, aggregation, publishing. */
final class NightlyCommand implements Cli.Command {
  @Override
  public String summary() {
    return "run the nightly job: ingest new deliveries, pseudonymise, deduplicate, publish";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb nightly [--landing DIR] [--warehouse DIR] [--key-file FILE] [--profile P]
                             [--master URL] [--strict] [--relink] [--stop-after STEP]
                             [--retention-days N]

        Loads the deliveries in the landing area that are not loaded yet
        (<landing>/<ngo|police|dis>/<YYYY-MM-DD>/<files>), validates and pseudonymises them,
        deduplicates persons (only the records new or changed since the last night are scored and
        only the persons they touch re-clustered; everything again after a change of linkage
        settings or model, once the records have doubled, or with --relink), rebuilds the
        aggregates, applies disclosure control and publishes.
        Prints a summary and writes <warehouse>/runs/<run-id>/run.json. Running the same night
        again changes nothing: when the loaded files, the key, the code and the release tags are
        those every published table was made from, the night stops after loading ("unchanged").

          --landing DIR     landing area (default data-samples/landing)
          --warehouse DIR   warehouse (default ./warehouse)
          --key-file FILE   master secret (./thb keygen makes one); else $THB_KEY_FILE; else
                            (local profile, and only over a landing that ./thb generate marked
                            synthetic) the built-in public demo key
          --profile P       local (default, or $THB_PROFILE) or production (refuses the demo key
                            and key files readable by group or others)
          --master URL      Spark master (default: local[*], or the one spark-submit set)
          --strict          exit non-zero when any delivered file was rejected
          --relink          link every record again, with a freshly estimated prior, rather than
                            only the records new or changed since the last night (person keys
                            still carry over by record overlap)
          --stop-after STEP load: ingest, validate and load only (check a delivery before it
                            counts); persons: also link and rebuild the persons table; publish
                            (default): the whole night. The next full night does the rest.
          --retention-days N  after publishing, expire the published tables' snapshots older
                            than N days (default 3) that no release holds: the nightly history
                            is kept N days, releases forever

        Exit status: 0 when the night completed (even with quarantined rows or rejected files),
        non-zero with a one-line reason when it could not complete.
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("landing", "warehouse", "key-file", "profile", "master", "stop-after",
        "retention-days"), Set.of("strict", "relink"));
    long retentionDays = args.longValue("retention-days", NightlyJob.DEFAULT_RETENTION.toDays());
    args.check("nightly");
    if (retentionDays < 0) {
      throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.CONFIG_INVALID,
          "--retention-days must be 0 or more, was " + retentionDays);
    }
    NightlyJob.StopAfter stopAfter = NightlyJob.StopAfter.parse(args.get("stop-after", "publish"));
    Profile profile = Profile.parse(args.get("profile", env.env().getOrDefault("THB_PROFILE", "local")));
    Path keyFile = args.path("key-file", null);
    // Key warnings wait until the key is known to be usable on this landing (one line when refused).
    List<String> keyWarnings = new java.util.ArrayList<>();
    Keyring keyring = Keys.resolve(keyFile == null ? null : env.resolve(keyFile), env.env(), profile, keyWarnings::add);
    if (profile == Profile.PRODUCTION && keyring.isTestOnly()) {
      throw new dk.thbstats.core.PipelineException(dk.thbstats.core.ErrorCode.PRIVACY_GUARD,
          "the test key is refused in the production profile");
    }
    Path landing = env.resolve(args.path("landing", "data-samples/landing"));
    Path warehouse = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (LandingMark.exists(landing.toString(), conf)) {
      // (A missing landing is reported by the night itself, naming the folder.)
      Keys.requireUsableOn(keyring, profile, landing.toString(), LandingMark.isSynthetic(landing.toString(), conf));
    }
    keyWarnings.forEach(w -> env.err().println("thb nightly: WARNING " + w));
    if (profile == Profile.PRODUCTION) {
      Sessions.clusterSecurityWarnings(spark).forEach(w -> env.err().println("thb nightly: WARNING " + w));
    }
    NightlyJob.Summary summary = new NightlyJob(spark, keyring, env.clock(), java.time.Duration.ofDays(retentionDays))
        .run(landing.toString(), warehouse.toString(), args.flag("relink"), stopAfter);
    env.out().print(summary.text());
    if (args.flag("strict") && summary.rejectedFiles() > 0) {
      env.err().println("thb nightly: " + summary.rejectedFiles() + " delivered file(s) rejected (--strict) [DATA_QUALITY_FAILED]");
      return dk.thbstats.core.ErrorCode.DATA_QUALITY_FAILED.exitStatus();
    }
    return 0;
  }
}
