package dk.thbstats.publish;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Tables;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The published tables as one reader sees them, one consistent state for all of them: the
 * nightly state ({@link NightlyState}: all tables of the last complete night — analysts), or one
 * release of the published zone ({@link ReleasedZone} — evaluators and everyone outside). Exports
 * and reports read through a view, never a table's main branch.
 */
public final class PublishedView {
  /** How a view reads a table's snapshot and its description. */
  private interface Reader {
    Dataset<Row> rows(Tables t, long snapshot);

    Map<String, String> description(Tables t, long snapshot);
  }

  private final String release;
  private final Map<Tables, Long> snapshots;
  private final Reader reader;

  private PublishedView(String release, Map<Tables, Long> snapshots, Reader reader) {
    this.release = release;
    this.snapshots = snapshots;
    this.reader = reader;
  }

  /** The nightly state of a warehouse (analysts): what the last complete night published. */
  public static PublishedView nightly(Warehouse warehouse) {
    return new PublishedView(null, NightlyState.read(warehouse), new Reader() {
      @Override
      public Dataset<Row> rows(Tables t, long snapshot) {
        return warehouse.readSnapshot(t, snapshot);
      }

      @Override
      public Map<String, String> description(Tables t, long snapshot) {
        return warehouse.snapshotSummary(t, snapshot);
      }
    });
  }

  /** One release of a published zone; a configuration error listing the releases when there is none. */
  public static PublishedView release(ReleasedZone zone, String name) {
    ReleasedZone.Release r = zone.release(name);
    return new PublishedView(r.name(), new EnumMap<>(r.snapshots()), new Reader() {
      @Override
      public Dataset<Row> rows(Tables t, long snapshot) {
        return zone.read(t, snapshot);
      }

      @Override
      public Map<String, String> description(Tables t, long snapshot) {
        return zone.summary(t, snapshot);
      }
    });
  }

  /**
   * The view a command reads from {@code dir}: release {@code release} of the published zone found
   * there (a zone folder, or a warehouse's {@code released/}), or with {@code release} null the
   * nightly state of the warehouse at {@code dir}.
   */
  public static PublishedView at(org.apache.spark.sql.SparkSession spark, String dir, String release) {
    if (release != null) {
      ReleasedZone zone = ReleasedZone.find(spark, dir);
      if (zone == null) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "there is no release '" + release + "' (no release"
            + " has been made in " + dir + ": ./thb release --name NAME)");
      }
      return release(zone, release);
    }
    PublishedView view = nightly(Warehouse.existing(spark, dir));
    if (view.tables().isEmpty()) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "nothing is published in " + dir
          + " yet: run ./thb nightly first");
    }
    return view;
  }

  /** The release's name, or null for the nightly state. */
  public String release() {
    return release;
  }

  /** The tables of this view, in the order of {@link Tables}. */
  public List<Tables> tables() {
    List<Tables> out = new ArrayList<>();
    for (Tables t : Tables.values()) {
      if (snapshots.containsKey(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The snapshot of {@code t} this view reads, or null when the view does not hold the table. */
  public Long snapshot(Tables t) {
    return snapshots.get(t);
  }

  /** The rows of {@code t} as this view sees them (the table must be in the view). */
  public Dataset<Row> rows(Tables t) {
    return reader.rows(t, required(t));
  }

  /** The description stored with {@code t}'s snapshot: unit, reference period, vintage, status, manifest entry. */
  public Map<String, String> description(Tables t) {
    return reader.description(t, required(t));
  }

  private long required(Tables t) {
    Long s = snapshots.get(t);
    if (s == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, (release == null ? "the nightly state" : "release "
          + release) + " holds no table " + t.table());
    }
    return s;
  }
}
