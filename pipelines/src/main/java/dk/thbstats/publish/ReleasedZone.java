package dk.thbstats.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The published zone: what evaluators and everyone outside may see. A folder that holds the
 * released tables and nothing else — an Iceberg Hadoop catalog of its own rooted there, one
 * table per published table directly under it ({@code <zone>/victims_registered}, no namespace),
 * every snapshot a release made by {@code thb release} and tagged with its name — plus the index
 * {@code <zone>/releases.json} of the releases that are complete. In a warehouse it is
 * {@code <warehouse>/released/}; handed to an evaluator it is a folder of its own.
 *
 * <p>No restricted table, no nightly state and no key is reachable from it by any name: the
 * catalog's root holds published tables only. Readers take releases from the index, which is
 * replaced in one rename after every table of a release is written and tagged, so a release
 * being made (or killed half-way) is invisible until it is whole.
 */
public final class ReleasedZone {
  /** The zone's folder inside a warehouse. */
  public static final String FOLDER = "released";
  /** The index of complete releases, in the zone's folder. */
  public static final String INDEX = "releases.json";
  /** Snapshot property: the nightly snapshot a released table was copied from. */
  public static final String PROP_SOURCE_SNAPSHOT = "thb.source_snapshot";
  /** Snapshot property: the release a snapshot belongs to. */
  public static final String PROP_RELEASE = "thb.release";

  /** One complete release: its name, vintage and the zone's snapshot of each of its tables. */
  public record Release(String name, String vintage, Map<Tables, Long> snapshots) {}

  /** What one table of a new release is made from: the rows and description of a nightly snapshot. */
  public record Source(Dataset<Row> rows, Map<String, String> description, long snapshot) {}

  private final SparkSession spark;
  private final String root;
  private final String catalog;

  private ReleasedZone(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
    this.catalog = "thbz_" + Warehouse.shortHash(root);
    String prefix = "spark.sql.catalog." + catalog;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(prefix + ".type", "hadoop");
    spark.conf().set(prefix + ".warehouse", root);
  }

  /** The zone of a warehouse ({@code <warehouse>/released}; created when the first release is made). */
  public static ReleasedZone of(Warehouse warehouse) {
    return new ReleasedZone(warehouse.spark(), warehouse.root() + "/" + FOLDER);
  }

  /**
   * The zone at {@code dir}: a zone folder itself (it holds {@value #INDEX}), or a warehouse whose
   * {@code released/} folder is one; null when neither.
   */
  public static ReleasedZone find(SparkSession spark, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String qualified = fs.makeQualified(p).toString();
      if (fs.exists(new Path(p, INDEX))) {
        return new ReleasedZone(spark, qualified);
      }
      if (fs.exists(new Path(new Path(p, FOLDER), INDEX))) {
        return new ReleasedZone(spark, qualified + "/" + FOLDER);
      }
      return null;
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The qualified folder of the zone. */
  public String root() {
    return root;
  }

  /** The Spark catalog of the zone (rooted at {@link #root()}). */
  public String catalog() {
    return catalog;
  }

  /** The Spark SQL name of a released table. */
  public String name(Tables t) {
    return catalog + "." + t.table();
  }

  /** The complete releases, oldest first (empty before the first). */
  public List<Release> releases() {
    byte[] bytes = StateFiles.read(spark.sparkContext().hadoopConfiguration(), new Path(root, INDEX));
    List<Release> out = new ArrayList<>();
    if (bytes == null) {
      return out;
    }
    try {
      for (JsonNode r : Json.data().readTree(new String(bytes, StandardCharsets.UTF_8)).path("releases")) {
        Map<Tables, Long> snapshots = new EnumMap<>(Tables.class);
        r.path("tables").fields().forEachRemaining(e -> {
          Tables t = Tables.byName("published", e.getKey());
          if (t != null) {
            snapshots.put(t, e.getValue().asLong());
          }
        });
        out.add(new Release(r.path("name").asText(), r.path("vintage").asText(""), snapshots));
      }
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read the release index " + root + "/" + INDEX, e);
    }
    return out;
  }

  /** The release called {@code name}; a configuration error listing the releases when there is none. */
  public Release release(String name) {
    List<Release> all = releases();
    return all.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
        new PipelineException(ErrorCode.CONFIG_INVALID, "there is no release '" + name + "'" + (all.isEmpty()
            ? " (no release has been made)" : " (releases: " + all.stream().map(Release::name)
                .collect(Collectors.joining(", ")) + ")")));
  }

  /** The newest complete release, or null. */
  public Release newest() {
    List<Release> all = releases();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** A released table as of one of its snapshots. */
  public Dataset<Row> read(Tables t, long snapshot) {
    return spark.read().format("iceberg").option("snapshot-id", snapshot).load(name(t));
  }

  /** The description stored with a released snapshot (unit, reference period, vintage, manifest entry …). */
  public Map<String, String> summary(Tables t, long snapshot) {
    org.apache.iceberg.Snapshot s = iceberg(t).snapshot(snapshot);
    return s == null ? Map.of() : new java.util.TreeMap<>(s.summary());
  }

  /**
   * Adds release {@code name}: every table written from its source (rows and description, one
   * commit each) and tagged, then the index in one rename. Running it again after a failure
   * completes it; a table already tagged {@code name} from another source is refused (a release
   * never changes).
   */
  public Release add(String name, String vintage, Map<Tables, Source> tables) {
    for (Release r : releases()) {
      if (r.name().equals(name)) {
        for (Map.Entry<Tables, Source> e : tables.entrySet()) {
          Long held = r.snapshots().get(e.getKey());
          if (held == null || !String.valueOf(e.getValue().snapshot())
              .equals(summary(e.getKey(), held).get(PROP_SOURCE_SNAPSHOT))) {
            throw new PipelineException(ErrorCode.CONFIG_INVALID, "release '" + name + "' exists and differs from"
                + " the tables as they are now; a release never changes: choose another name");
          }
        }
        return r;
      }
    }
    Map<Tables, Long> snapshots = new EnumMap<>(Tables.class);
    for (Map.Entry<Tables, Source> e : tables.entrySet()) {
      Tables t = e.getKey();
      Source source = e.getValue();
      ensureTable(t);
      org.apache.iceberg.Table table = iceberg(t);
      org.apache.iceberg.SnapshotRef tagged = table.refs().get(name);
      if (tagged != null) {
        // Written by a run that stopped before the index: the same source, or refused.
        if (!String.valueOf(source.snapshot()).equals(summary(t, tagged.snapshotId()).get(PROP_SOURCE_SNAPSHOT))) {
          throw new PipelineException(ErrorCode.CONFIG_INVALID, "release '" + name + "' was begun from other"
              + " tables than these; a release never changes: choose another name");
        }
        snapshots.put(t, tagged.snapshotId());
        continue;
      }
      Map<String, String> props = new LinkedHashMap<>();
      source.description().forEach((k, v) -> {
        if (k.startsWith("thb.") && !k.equals("thb.inputs")) {
          props.put(k, v);
        }
      });
      props.put(PROP_RELEASE, name);
      props.put(PROP_SOURCE_SNAPSHOT, String.valueOf(source.snapshot()));
      try {
        org.apache.spark.sql.DataFrameWriterV2<Row> writer = conform(t, source.rows()).coalesce(1).writeTo(name(t));
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(props).entrySet()) {
          writer = writer.option("snapshot-property." + p.getKey(), p.getValue());
        }
        writer.overwrite(functions.lit(true));
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException ex) {
        throw new PipelineException(ErrorCode.IO_FAILED, "released table " + name(t) + " is missing", ex);
      }
      table.refresh();
      long written = table.currentSnapshot().snapshotId();
      table.manageSnapshots().createTag(name, written).commit();
      snapshots.put(t, written);
    }
    List<Release> all = new ArrayList<>(releases());
    Release made = new Release(name, vintage, snapshots);
    all.add(made);
    writeIndex(all);
    return made;
  }

  private void writeIndex(List<Release> releases) {
    ObjectNode root = Json.data().createObjectNode();
    root.put("what", "thb-stats published zone: the complete releases, oldest first; each table's snapshot");
    ArrayNode list = root.putArray("releases");
    for (Release r : releases) {
      ObjectNode o = list.addObject();
      o.put("name", r.name());
      o.put("vintage", r.vintage());
      ObjectNode tables = o.putObject("tables");
      r.snapshots().forEach((t, id) -> tables.put(t.table(), id));
    }
    try {
      StateFiles.writeAtomically(spark.sparkContext().hadoopConfiguration(), new Path(this.root, INDEX),
          (Json.data().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "cannot write the release index", e);
    }
  }

  private void ensureTable(Tables t) {
    Warehouse.ensureTable(spark, name(t), t);
  }

  /** The contract's columns of a nightly snapshot (which a release copies as they are). */
  private static Dataset<Row> conform(Tables t, Dataset<Row> rows) {
    return Warehouse.conform(t, rows);
  }

  /** A zone of its own at {@code dir} (created when the first release is added to it). */
  public static ReleasedZone at(SparkSession spark, String dir) {
    try {
      Path p = new Path(dir);
      return new ReleasedZone(spark, p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p)
          .toString());
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot open " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies every release of this zone that {@code target} lacks into it, oldest first, rows and
   * descriptions as they are: the handed-over zone exports the same bytes. Returns the releases
   * copied.
   */
  public List<String> copyTo(ReleasedZone target) {
    List<String> copied = new ArrayList<>();
    java.util.Set<String> there = target.releases().stream().map(Release::name)
        .collect(Collectors.toCollection(java.util.HashSet::new));
    for (Release r : releases()) {
      if (there.contains(r.name())) {
        continue;
      }
      Map<Tables, Source> sources = new LinkedHashMap<>();
      r.snapshots().forEach((t, id) -> sources.put(t, new Source(read(t, id), summary(t, id), id)));
      target.add(r.name(), r.vintage(), sources);
      copied.add(r.name());
    }
    return copied;
  }

  /** The Iceberg table behind a released table, refreshed. */
  org.apache.iceberg.Table iceberg(Tables t) {
    return Warehouse.icebergTable(spark, name(t));
  }

}
