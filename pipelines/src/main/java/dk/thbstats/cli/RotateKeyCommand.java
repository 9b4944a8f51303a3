package dk.thbstats.cli;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.ingest.LandingMark;
import dk.thbstats.night.KeyRotation;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code thb rotate-key}: re-encodes the whole history under a new master secret from the
 * retained landing files, and keeps every person's key ({@link KeyRotation} does it; this reads
 * the arguments and both keys, and prints what it did).
 */
final class RotateKeyCommand implements Cli.Command {
  @Override
  public String summary() {
    return "re-encode the whole history under a new key; person keys survive";
  }

  @Override
  public String help() {
    return """
        Usage: ./thb rotate-key --new-key-file FILE [--landing DIR] [--warehouse DIR]
                                [--key-file FILE] [--profile P] [--master URL]

        Re-encodes every record under the new master secret from the landing files the
        warehouse loaded (they must all still be there, unchanged, and no new delivery may be
        waiting: run ./thb nightly first), links them again, and rewrites the restricted
        tables. Person keys survive: each new person keeps the key of the old person whose
        records it holds. The old key (--key-file, $THB_KEY_FILE or the demo key) must be the
        one the warehouse was made with. Afterwards every command needs the new key.

          --new-key-file FILE  the new master secret (./thb keygen --out FILE makes one)
          --landing DIR        landing area (default data-samples/landing)
          --warehouse DIR      warehouse (default ./warehouse)
          --key-file FILE      the current master secret
        """;
  }

  @Override
  public int run(List<String> argv, CliEnvironment env) {
    Args args = new Args(argv, Set.of("new-key-file", "landing", "warehouse", "key-file", "profile", "master"),
        Set.of());
    Path newKeyFile = args.path("new-key-file", null);
    if (newKeyFile == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "rotate-key needs --new-key-file FILE");
    }
    args.check("rotate-key");
    Profile profile = Profile.parse(args.get("profile", env.env().getOrDefault("THB_PROFILE", "local")));
    Path keyFile = args.path("key-file", null);
    List<String> keyWarnings = new java.util.ArrayList<>();
    Keyring old = Keys.resolve(keyFile == null ? null : env.resolve(keyFile), env.env(), profile, keyWarnings::add);
    Keyring fresh = Keys.resolve(env.resolve(newKeyFile), Map.of(), profile, keyWarnings::add);
    Path landing = env.resolve(args.path("landing", "data-samples/landing"));
    Path warehouseDir = env.resolve(args.path("warehouse", "warehouse"));
    SparkSession spark = env.sessions().apply(args.get("master", "auto"));
    boolean synthetic = LandingMark.isSynthetic(landing.toString(), spark.sparkContext().hadoopConfiguration());
    Keys.requireUsableOn(old, profile, landing.toString(), synthetic);
    Keys.requireUsableOn(fresh, profile, landing.toString(), synthetic);
    keyWarnings.forEach(w -> env.err().println("thb rotate-key: WARNING " + w));
    KeyRotation.Result r = KeyRotation.run(spark, landing.toString(), warehouseDir.toString(), old, fresh, env.clock());
    if (r.finishedEarlier()) {
      env.out().println("rotate-key: the rotation to " + r.to() + " had already been written; finished");
    } else {
      env.out().printf(Locale.ROOT, "rotate-key: %s -> %s; %d records re-encoded, %d persons; %d of %d records"
          + " kept their person key%n", r.from(), r.to(), r.records(), r.persons(), r.keptKeys(), r.linkedBefore());
    }
    return 0;
  }
}
