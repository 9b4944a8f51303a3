package dk.thbstats.cli;

import static org.apache.spark.sql.functions.col;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.ingest.LandingMark;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.core.StageRunner;
import dk.thbstats.link.PersonTable;
import dk.thbstats.link.LinkState;
import dk.thbstats.link.StableKeys;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Loads;
import dk.thbstats.schema.Tables.PersonRedirects;
import dk.thbstats.schema.Tables.Records;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code thb rotate-key}: re-encodes the whole history under a new master secret from the
 * retained landing files, and keeps every person's key.
 *
 * <p>A full night runs with the new key into a staging warehouse; its ledger must hold exactly the
 * files the warehouse accepted before (nothing missing or changed, nothing new). Person keys are
 * carried over by record overlap ({@link StableKeys}): each new record is the old record of the
 * same file and line. Then every restricted table is rewritten in place, {@code records} last, with
 * a marker file that makes a nightly run refuse to start until the rotation has finished; running
 * the command again after a failure redoes it.
 */
final class RotateKeyCommand implements Cli.Command {
  static final String PENDING = "rotation/PENDING";

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
    if (!Warehouse.exists(spark, warehouseDir.toString())) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "no warehouse at " + warehouseDir);
    }
    if (old.keyVersion().equals(fresh.keyVersion())) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the new key is the key in use (" + old.keyVersion() + ")");
    }
    Warehouse warehouse = Warehouse.open(spark, warehouseDir.toString());
    org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(warehouse.root(), PENDING);
    List<String> versions = warehouse.read(Tables.RECORDS).select(Records.KEY_VERSION).distinct().limit(10)
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    if (versions.equals(List.of(fresh.keyVersion())) && exists(spark, marker)) {
      delete(spark, marker);
      env.out().println("rotate-key: the rotation to " + fresh.keyVersion() + " had already been written; finished");
      return 0;
    }
    if (!versions.equals(List.of(old.keyVersion()))) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the warehouse was pseudonymised with key version "
          + String.join(", ", versions) + ", not with the current key " + old.keyVersion());
    }

    RunId runId = RunId.now(env.clock());
    // A fresh folder per attempt: a redone rotation must not meet the catalog of an earlier
    // attempt's (deleted) staging warehouse under the same name.
    org.apache.hadoop.fs.Path stagingPath = new org.apache.hadoop.fs.Path(warehouse.root(),
        "rotation/" + runId.value() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    String staging = stagingPath.toString();
    try {
      NightlyJob.Summary night = new NightlyJob(spark, fresh, env.clock()).run(landing.toString(), staging, false,
          NightlyJob.StopAfter.PERSONS);
      Warehouse st = Warehouse.open(spark, staging);
      checkSameHistory(warehouse, st);

      // Person keys by record overlap: the new record of a file and line is the old one.
      Dataset<Row> oldRecords = warehouse.read(Tables.RECORDS).select(col(Records.RECORD_KEY).as("old_key"),
          col(Records.SOURCE), col(Records.SOURCE_FILE), col(Records.SOURCE_LINE));
      Dataset<Row> newRecords = st.read(Tables.RECORDS);
      Dataset<Row> pairs = oldRecords.join(newRecords.select(col(Records.RECORD_KEY).as("new_key"),
          col(Records.SOURCE), col(Records.SOURCE_FILE), col(Records.SOURCE_LINE)),
          new String[] {Records.SOURCE, Records.SOURCE_FILE, Records.SOURCE_LINE});
      // A rotation that failed after rewriting the links (and before the records) left them under
      // the new record keys already: take a record's person key under either key.
      Dataset<Row> oldLinks = warehouse.read(Tables.LINKS).select(Links.RECORD_KEY, Links.PERSON_KEY);
      Dataset<Row> previous = oldLinks.join(pairs, col(Links.RECORD_KEY).equalTo(col("old_key")))
          .select(col("new_key").as(Links.RECORD_KEY), col(Links.PERSON_KEY))
          .union(oldLinks.join(pairs.select("new_key"), col(Links.RECORD_KEY).equalTo(col("new_key")))
              .select(col(Links.RECORD_KEY), col(Links.PERSON_KEY)))
          .localCheckpoint();
      Dataset<Row> clusters = st.read(Tables.LINKS).select(col(Links.RECORD_KEY), col(Links.PERSON_KEY).as("component"));
      Row vintageRow = newRecords.agg(org.apache.spark.sql.functions.max(Records.DELIVERY_DATE)).first();
      LocalDate vintage = vintageRow.isNullAt(0) ? LocalDate.EPOCH : vintageRow.getAs(0);
      Dataset<Row> oldRedirects = warehouse.read(Tables.PERSON_REDIRECTS).localCheckpoint();
      StableKeys.Assignment a = StableKeys.assign(clusters, previous, oldRedirects, vintage);
      // The staging night's linkage state (components, encoding hashes, pairs, prior) is the new
      // key's; only the person keys come from the old warehouse.
      Dataset<Row> links = a.links()
          .join(st.read(Tables.LINKS).select(Links.RECORD_KEY, Links.SOURCE, Links.LINK_COMPONENT, Links.ENCODING_HASH),
              Links.RECORD_KEY)
          .localCheckpoint();
      Dataset<Row> redirects = oldRedirects.union(a.redirects().join(oldRedirects.select(PersonRedirects.OLD_PERSON_KEY),
              new String[] {PersonRedirects.OLD_PERSON_KEY}, "left_anti")
          .select(PersonRedirects.OLD_PERSON_KEY, PersonRedirects.NEW_PERSON_KEY, PersonRedirects.MERGED_ON))
          .localCheckpoint();
      Dataset<Row> persons = PersonTable.build(newRecords, links, fresh).localCheckpoint();
      long kept = previous.join(links, new String[] {Links.RECORD_KEY, Links.PERSON_KEY}).count();
      long total = previous.count();
      long recordCount = newRecords.count();

      write(spark, marker, "rotation to " + fresh.keyVersion() + " from " + old.keyVersion() + "\n");
      for (Tables t : List.of(Tables.EVENTS, Tables.QUARANTINE, Tables.LINK_REVIEW, Tables.LINK_PAIRS)) {
        warehouse.overwrite(t, st.read(t).localCheckpoint());
      }
      warehouse.overwrite(Tables.LINKS, links,
          LinkState.fromSummary(st.snapshotSummary(Tables.LINKS)).toSummary());
      warehouse.overwrite(Tables.PERSON_REDIRECTS, redirects);
      warehouse.overwrite(Tables.PERSONS, persons);
      // The published tables by write-audit-publish from the rotated warehouse, before the records
      // (the commit point of a rotation): the cell key tables keep their noise, because record
      // keys are stored per person key and never rotated.
      // A rotation run again after a failure finds them published from the same inputs already.
      NightInputs inputs = NightInputs.of(warehouse, fresh);
      if (!inputs.published(warehouse)) {
        StatisticsStep.run(spark, warehouse, new StageRunner(new RunContext(spark, runId, env.clock())), fresh,
            CodeLists.load(), vintage, inputs);
      }
      warehouse.overwrite(Tables.RECORDS, newRecords.localCheckpoint());
      delete(spark, marker);
      env.out().printf(Locale.ROOT, "rotate-key: %s -> %s; %d records re-encoded, %d persons; %d of %d records"
          + " kept their person key%n", old.keyVersion(), fresh.keyVersion(), recordCount, night.persons(), kept, total);
      return 0;
    } finally {
      delete(spark, stagingPath);
    }
  }

  /** The staging night must have accepted exactly the files the warehouse accepted. */
  private static void checkSameHistory(Warehouse warehouse, Warehouse staging) {
    Dataset<Row> before = accepted(warehouse);
    Dataset<Row> after = accepted(staging);
    long missing = before.except(after).count();
    long added = after.except(before).count();
    if (missing > 0 || added > 0) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the landing area does not hold the loaded history: "
          + missing + " file(s) loaded before are missing or changed, " + added + " were not loaded before"
          + " (run ./thb nightly first); nothing was changed");
    }
  }

  private static Dataset<Row> accepted(Warehouse w) {
    return w.read(Tables.LOADS).filter(col(Loads.STATUS).equalTo("accepted"))
        .select(Loads.PATH, Loads.CONTENT_SHA256).distinct();
  }

  private static boolean exists(SparkSession spark, org.apache.hadoop.fs.Path p) {
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + p, e);
    }
  }

  private static void delete(SparkSession spark, org.apache.hadoop.fs.Path p) {
    try {
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot delete " + p, e);
    }
  }

  private static void write(SparkSession spark, org.apache.hadoop.fs.Path p, String text) {
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(p, true)) {
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + p, e);
    }
  }
}
