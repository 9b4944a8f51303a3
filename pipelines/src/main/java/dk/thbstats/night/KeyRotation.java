package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.core.StageRunner;
import dk.thbstats.link.LinkState;
import dk.thbstats.link.PersonTable;
import dk.thbstats.link.StableKeys;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.Loads;
import dk.thbstats.schema.Tables.PersonRedirects;
import dk.thbstats.schema.Tables.Records;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A key rotation: re-encodes the whole history under a new master secret from the retained landing
 * files, and keeps every person's key.
 *
 * <p>A full night runs with the new key into a staging warehouse; its ledger must hold exactly the
 * files the warehouse accepted before (nothing missing or changed, nothing new). Person keys are
 * carried over by record overlap ({@link StableKeys}): each new record is the old record of the
 * same file and line. Then every restricted table is rewritten in place, {@code records} last, with
 * a marker file ({@link #PENDING}) that makes a night refuse to start until the rotation has
 * finished; running the rotation again after a failure redoes it.
 */
public final class KeyRotation {
  private KeyRotation() {}

  /** The marker a rotation writes before it rewrites the first table and deletes after the last. */
  public static final String PENDING = "rotation/PENDING";

  /**
   * What a rotation did: the key versions, whether an earlier attempt had already written it all
   * ({@code finishedEarlier}: only its marker was left), the records re-encoded, the persons, and
   * how many of the records linked before kept their person key.
   */
  public record Result(String from, String to, boolean finishedEarlier, long records, long persons, long keptKeys,
      long linkedBefore) {}

  /** Whether a rotation of the warehouse has started and not finished. */
  static boolean pending(SparkSession spark, Warehouse warehouse) {
    return exists(spark, marker(warehouse), "the warehouse at " + warehouse.root());
  }

  private static org.apache.hadoop.fs.Path marker(Warehouse warehouse) {
    return new org.apache.hadoop.fs.Path(warehouse.root(), PENDING);
  }

  /**
   * Rotates the warehouse at {@code warehouseDir} from key {@code old} to {@code fresh}, re-reading
   * the files of {@code landing}.
   */
  public static Result run(SparkSession spark, String landing, String warehouseDir, Keyring old, Keyring fresh,
      Clock clock) {
    if (!Warehouse.exists(spark, warehouseDir)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "no warehouse at " + warehouseDir);
    }
    if (old.keyVersion().equals(fresh.keyVersion())) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the new key is the key in use (" + old.keyVersion() + ")");
    }
    Warehouse warehouse = Warehouse.open(spark, warehouseDir);
    org.apache.hadoop.fs.Path marker = marker(warehouse);
    List<String> versions = warehouse.read(Tables.RECORDS).select(Records.KEY_VERSION).distinct().limit(10)
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    if (versions.equals(List.of(fresh.keyVersion())) && exists(spark, marker, marker.toString())) {
      delete(spark, marker);
      return new Result(old.keyVersion(), fresh.keyVersion(), true, 0, 0, 0, 0);
    }
    if (!versions.equals(List.of(old.keyVersion()))) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "the warehouse was pseudonymised with key version "
          + String.join(", ", versions) + ", not with the current key " + old.keyVersion());
    }

    RunId runId = RunId.now(clock);
    // A fresh folder per attempt: a redone rotation must not meet the catalog of an earlier
    // attempt's (deleted) staging warehouse under the same name.
    org.apache.hadoop.fs.Path stagingPath = new org.apache.hadoop.fs.Path(warehouse.root(),
        "rotation/" + runId.value() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    String staging = stagingPath.toString();
    try {
      NightlyJob.Summary night = new NightlyJob(spark, fresh, clock).run(landing, staging, false,
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
      Dataset<Row> persons = PersonTable.build(newRecords, links, dk.thbstats.pseudonymise.Ages.of(fresh))
          .localCheckpoint();
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
        StatisticsStep.run(spark, warehouse, new StageRunner(new RunContext(spark, runId, clock)), fresh,
            CodeLists.load(), vintage, inputs);
      }
      warehouse.overwrite(Tables.RECORDS, newRecords.localCheckpoint());
      delete(spark, marker);
      return new Result(old.keyVersion(), fresh.keyVersion(), false, recordCount, night.persons(), kept, total);
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

  /** Whether {@code p} exists; an I/O failure says it cannot read {@code what}. */
  private static boolean exists(SparkSession spark, org.apache.hadoop.fs.Path p, String what) {
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + what, e);
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
