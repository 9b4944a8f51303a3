package dk.thbstats.publish;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse directory: Iceberg tables in a Hadoop catalog under {@code <warehouse>/iceberg}
 * (namespaces {@code restricted} and {@code published}) and run folders under
 * {@code <warehouse>/runs/}. Each warehouse gets its own Spark catalog name, so one session can
 * serve several warehouses (tests do). Tables are created from their contracts and overwritten
 * in place, never dropped and recreated.
 */
public final class Warehouse {
  private final SparkSession spark;
  private final String root;
  private final String catalog;

  private Warehouse(SparkSession spark, String root, String catalog) {
    this.spark = spark;
    this.root = root;
    this.catalog = catalog;
  }

  /** Opens (and registers the catalog of) the warehouse at {@code dir}; creates missing tables. */
  public static Warehouse open(SparkSession spark, String dir) {
    String root;
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(p);
      root = fs.makeQualified(p).toString();
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot create warehouse " + dir + ": " + e.getMessage(), e);
    }
    String catalog = "thb_" + shortHash(root);
    String prefix = "spark.sql.catalog." + catalog;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(prefix + ".type", "hadoop");
    spark.conf().set(prefix + ".warehouse", root + "/iceberg");
    Warehouse w = new Warehouse(spark, root, catalog);
    w.ensureTables();
    return w;
  }

  /** Whether {@code dir} holds a warehouse already (without creating one). */
  public static boolean exists(SparkSession spark, String dir) {
    try {
      Path p = new Path(dir, "iceberg");
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  /** Twelve hex digits of the SHA-256 of {@code s}: a short, stable name part (catalog names). */
  public static String shortHash(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "SHA-256 is not available", e);
    }
  }

  /** The qualified root, e.g. {@code file:/home/x/warehouse}. */
  public String root() {
    return root;
  }

  /** {@code <root>/runs/<runId>}. */
  public String runFolder(String runId) {
    return root + "/runs/" + runId;
  }

  /** The Spark session this warehouse is open in. */
  public SparkSession spark() {
    return spark;
  }

  /** The Spark catalog name of this warehouse. */
  public String catalog() {
    return catalog;
  }

  /**
   * Opens the warehouse at {@code dir} for a command that reads it; a missing warehouse is a
   * configuration error naming the folder (never a new, empty warehouse).
   */
  public static Warehouse existing(SparkSession spark, String dir) {
    if (!exists(spark, dir)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID,
          "no warehouse at " + dir + " (run ./thb nightly first, or pass --warehouse)");
    }
    return open(spark, dir);
  }

  /** The folder that holds the tables of a namespace, qualified, ending in '/'. */
  public String namespaceLocation(String namespace) {
    return root + "/iceberg/" + namespace + "/";
  }

  /** The Spark SQL name of a table. */
  public String name(Tables t) {
    return catalog + "." + t.namespace() + "." + t.table();
  }

  private void ensureTables() {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".restricted");
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".published");
    for (Tables t : Tables.values()) {
      ensureTable(spark, name(t), t);
    }
  }

  /**
   * Creates the Iceberg table {@code name} from {@code t}'s contract if it is missing, and adds the
   * columns a contract gained since the table was made (older rows read null).
   */
  static void ensureTable(SparkSession spark, String name, Tables t) {
    StructType schema = t.contract().schema();
    String cols = java.util.Arrays.stream(schema.fields())
        .map(f -> "`" + f.name() + "` " + f.dataType().sql() + (f.nullable() ? "" : " NOT NULL"))
        .collect(Collectors.joining(", "));
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + cols + ") USING iceberg"
        + " TBLPROPERTIES ('format-version'='2', 'write.parquet.compression-codec'='zstd')");
    java.util.Set<String> existing = new java.util.HashSet<>(java.util.Arrays.asList(spark.table(name).columns()));
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (!existing.contains(f.name())) {
        spark.sql("ALTER TABLE " + name + " ADD COLUMN `" + f.name() + "` " + f.dataType().sql());
      }
    }
  }

  /** The Iceberg table behind the Spark table {@code name}, refreshed. */
  static org.apache.iceberg.Table icebergTable(SparkSession spark, String name) {
    try {
      org.apache.iceberg.Table table = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, name);
      table.refresh();
      return table;
    } catch (org.apache.spark.sql.catalyst.parser.ParseException
        | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot load " + name, e);
    }
  }

  /** Reads a table. */
  public Dataset<Row> read(Tables t) {
    return spark.table(name(t));
  }

  /** Replaces the whole content of a table in one atomic commit. */
  public void overwrite(Tables t, Dataset<Row> rows) {
    overwrite(t, rows, Map.of());
  }

  /**
   * Replaces the whole content of a table in one atomic commit whose snapshot summary carries
   * {@code snapshotProperties}: state that must change together with the rows (read back with
   * {@link #snapshotSummary}).
   */
  public void overwrite(Tables t, Dataset<Row> rows, Map<String, String> snapshotProperties) {
    try {
      org.apache.spark.sql.DataFrameWriterV2<Row> writer = conform(t, rows).writeTo(name(t));
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(snapshotProperties).entrySet()) {
        writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
      }
      writer.overwrite(functions.lit(true));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "table " + name(t) + " is missing", e);
    }
  }

  /** Appends rows in one commit. */
  public void append(Tables t, Dataset<Row> rows) {
    try {
      conform(t, rows).writeTo(name(t)).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "table " + name(t) + " is missing", e);
    }
  }

  /** Runs a SQL statement against the warehouse (table names via {@link #name}). */
  public Dataset<Row> sql(String statement) {
    return spark.sql(statement);
  }

  /** The summary of a table's current snapshot (empty for a table never written). */
  public Map<String, String> snapshotSummary(Tables t) {
    org.apache.iceberg.Snapshot current = iceberg(t).currentSnapshot();
    return current == null ? Map.of() : new java.util.TreeMap<>(current.summary());
  }

  /** The Iceberg table behind {@code t}, refreshed. */
  public org.apache.iceberg.Table iceberg(Tables t) {
    return icebergTable(spark, name(t));
  }

  /** The snapshot a branch or tag names ({@code main} for the current table), or null. */
  public Long snapshotId(Tables t, String ref) {
    org.apache.iceberg.SnapshotRef r = iceberg(t).refs().get(ref);
    return r == null ? null : r.snapshotId();
  }

  /** The summary of a snapshot (the descriptive properties a publish wrote with it). */
  public Map<String, String> snapshotSummary(Tables t, long snapshotId) {
    org.apache.iceberg.Snapshot s = iceberg(t).snapshot(snapshotId);
    return s == null ? Map.of() : new java.util.TreeMap<>(s.summary());
  }

  /** A table as of one snapshot. */
  public Dataset<Row> readSnapshot(Tables t, long snapshotId) {
    return spark.read().format("iceberg").option("snapshot-id", snapshotId).load(name(t));
  }

  /**
   * Write-audit-publish, step 1: points {@code branch} at the table's current state (creating
   * it, or moving it back from an earlier unpublished write), then overwrites the branch with
   * {@code rows} in one commit carrying {@code snapshotProperties}. Readers of the table (main)
   * see nothing of it. Returns the branch's new snapshot id.
   */
  public long writeBranch(Tables t, String branch, Dataset<Row> rows, Map<String, String> snapshotProperties) {
    org.apache.iceberg.Table table = iceberg(t);
    org.apache.iceberg.Snapshot main = table.currentSnapshot();
    boolean exists = table.refs().containsKey(branch);
    if (main == null) {
      if (exists) {
        table.manageSnapshots().removeBranch(branch).commit();
      }
      table.manageSnapshots().createBranch(branch).commit();
    } else if (exists) {
      // After a publish the branch is main already: no commit needed.
      if (table.refs().get(branch).snapshotId() != main.snapshotId()) {
        table.manageSnapshots().replaceBranch(branch, main.snapshotId()).commit();
      }
    } else {
      table.manageSnapshots().createBranch(branch, main.snapshotId()).commit();
    }
    try {
      org.apache.spark.sql.DataFrameWriterV2<Row> writer = conform(t, rows).writeTo(name(t) + ".branch_" + branch);
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(snapshotProperties).entrySet()) {
        writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
      }
      writer.overwrite(functions.lit(true));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "table " + name(t) + " is missing", e);
    }
    return snapshotId(t, branch);
  }

  /**
   * Write-audit-publish, step 3: moves the table's main branch to the audited snapshot of
   * {@code branch} (a fast-forward: main must be an ancestor), in one metadata commit.
   */
  public void publishBranch(Tables t, String branch, long audited) {
    org.apache.iceberg.Table table = iceberg(t);
    Long head = snapshotId(t, branch);
    if (head == null || head != audited) {
      throw new PipelineException(ErrorCode.INTERNAL, "branch " + branch + " of " + name(t)
          + " moved after its audit; nothing published");
    }
    if (table.currentSnapshot() == null) {
      table.manageSnapshots().setCurrentSnapshot(audited).commit();
    } else {
      table.manageSnapshots().fastForwardBranch(org.apache.iceberg.SnapshotRef.MAIN_BRANCH, branch).commit();
    }
  }

  /** Tags a snapshot; tags never move and keep their snapshot from expiry. */
  public void tag(Tables t, String name, long snapshotId) {
    iceberg(t).manageSnapshots().createTag(name, snapshotId).commit();
  }

  /** The tags of a table and their snapshots. */
  public Map<String, Long> tags(Tables t) {
    Map<String, Long> out = new java.util.TreeMap<>();
    iceberg(t).refs().forEach((name, ref) -> {
      if (ref.isTag()) {
        out.put(name, ref.snapshotId());
      }
    });
    return out;
  }

  /** A table's properties. */
  public Map<String, String> properties(Tables t) {
    return spark.sql("SHOW TBLPROPERTIES " + name(t)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> b, java.util.TreeMap::new));
  }

  /** Selects the contract's columns in order, cast to the contract's types; fails on a missing one. */
  public static Dataset<Row> conform(Tables t, Dataset<Row> rows) {
    StructType schema = t.contract().schema();
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      String n = schema.fields()[i].name();
      if (!java.util.Arrays.asList(rows.columns()).contains(n)) {
        throw new PipelineException(ErrorCode.SCHEMA_MISMATCH,
            "rows for table " + t.table() + " lack column " + n);
      }
      cols[i] = rows.col(n).cast(schema.fields()[i].dataType()).as(n);
    }
    return rows.select(cols);
  }
}
