package dk.thbstats.access;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.publish.PublishedView;
import dk.thbstats.publish.ReleasedZone;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One state of the published tables that a query may read, and the releases it may travel to:
 * which Iceberg catalog and namespace hold the tables, the folder every table must lie in, the
 * snapshot a plain table name reads, and per release name the snapshot of each table. Built from
 * the published zone (evaluators: the newest release by default) or from a warehouse's nightly
 * state (analysts, {@code --nightly}). Immutable.
 *
 * @param label what a plain table name reads, for messages ("release 2026-Q4", "the nightly state")
 * @param icebergCatalog the Spark catalog (Iceberg, Hadoop) that holds the tables
 * @param namespace the tables' namespace in it (empty for the published zone)
 * @param location the folder every table lies in, qualified, ending in '/'
 * @param current table name → snapshot a plain table name reads
 * @param releases release name → (table name → snapshot), in the order they were made
 */
public record Zone(String label, String icebergCatalog, String[] namespace, String location,
    Map<String, Long> current, Map<String, Map<String, Long>> releases) {

  public Zone {
    current = Collections.unmodifiableMap(new TreeMap<>(current));
    Map<String, Map<String, Long>> r = new LinkedHashMap<>();
    releases.forEach((k, v) -> r.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    releases = Collections.unmodifiableMap(r);
    namespace = namespace.clone();
  }

  /** The published zone: plain names read the newest release, {@code VERSION AS OF 'NAME'} any release. */
  public static Zone released(ReleasedZone zone) {
    Map<String, Map<String, Long>> releases = new LinkedHashMap<>();
    for (ReleasedZone.Release r : zone.releases()) {
      releases.put(r.name(), names(r.snapshots()));
    }
    ReleasedZone.Release newest = zone.newest();
    if (newest == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "no release has been made in " + zone.root()
          + " (./thb release --name NAME); analysts can query the last night with --nightly");
    }
    return new Zone("release " + newest.name(), zone.catalog(), new String[0], zone.root() + "/",
        names(newest.snapshots()), releases);
  }

  /**
   * The nightly state of a warehouse (analysts only): plain names read the last complete night,
   * {@code VERSION AS OF 'NAME'} a release (its tag on the nightly tables).
   */
  public static Zone nightly(Warehouse warehouse) {
    PublishedView night = PublishedView.nightly(warehouse);
    if (night.tables().isEmpty()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "nothing is published in " + warehouse.root()
          + " yet: run ./thb nightly first");
    }
    Map<String, Long> current = new TreeMap<>();
    Map<String, Map<String, Long>> releases = new LinkedHashMap<>();
    for (Tables t : night.tables()) {
      current.put(t.table(), night.snapshot(t));
      warehouse.tags(t).forEach((tag, id) -> releases.computeIfAbsent(tag, k -> new TreeMap<>()).put(t.table(), id));
    }
    return new Zone("the nightly state", warehouse.catalog(), new String[] {"published"},
        warehouse.namespaceLocation("published"), current, releases);
  }

  private static Map<String, Long> names(Map<Tables, Long> snapshots) {
    Map<String, Long> out = new TreeMap<>();
    snapshots.forEach((t, id) -> out.put(t.table(), id));
    return out;
  }

  /** Whether {@code table} is a table of this zone (in its current state or some release). */
  public boolean holds(String table) {
    return current.containsKey(table) || releases.values().stream().anyMatch(r -> r.containsKey(table));
  }

  /** Every snapshot of {@code table} a query may read. */
  public java.util.Set<Long> readable(String table) {
    java.util.Set<Long> out = new java.util.HashSet<>();
    if (current.containsKey(table)) {
      out.add(current.get(table));
    }
    releases.values().forEach(r -> {
      if (r.containsKey(table)) {
        out.add(r.get(table));
      }
    });
    return out;
  }
}
