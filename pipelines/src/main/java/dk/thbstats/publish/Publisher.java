package dk.thbstats.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Publishes a table by write-audit-publish: the rows (sorted by their dimensions) go to the
 * table's {@code audit} branch in one commit, the audit reads them back from the branch, and only
 * if it passes does the table's main branch move to that commit — readers never see an unaudited
 * table. The table is overwritten in place, never dropped, so release tags survive.
 *
 * <p>What every figure needs to state — unit, reference period, disclosure method, vintage
 * (newest delivery loaded), status, suppressed cells, and the manifest entry the export writes —
 * is stored in the snapshot summary of the same commit, and every row carries the vintage and its
 * status ({@link ReleaseStatus}): a release tag freezes the description with
 * the rows, and an export of the release years later writes the same bytes. No run id or clock
 * time goes into published rows or into that description.
 */
public final class Publisher {
  public static final String PROP_UNIT = "thb.unit";
  public static final String PROP_REFERENCE_PERIOD = "thb.reference_period";
  public static final String PROP_VINTAGE = "thb.vintage";
  public static final String PROP_STATUS = "thb.status";
  public static final String PROP_SUPPRESSED = "thb.suppressed_cells";
  public static final String PROP_DISCLOSURE = "thb.disclosure";
  /** The manifest entry (JSON) of the table as published. */
  public static final String PROP_MANIFEST = "thb.manifest";

  /** The branch unaudited rows are written to. */
  public static final String AUDIT_BRANCH = "audit";

  /** The audit step: checks the rows as written to the branch, throws to stop the publish. */
  @FunctionalInterface
  public interface Audit {
    /** @return a one-line summary for the run report */
    String check(Dataset<Row> written);
  }

  private Publisher() {}

  /**
   * Writes {@code rows} to the audit branch, audits them there, then publishes; returns the
   * audit's summary. A failed audit leaves the published table as it was.
   */
  public static String publish(Warehouse warehouse, Tables table, Dataset<Row> rows, LocalDate vintage,
      long suppressedCells, Audit audit) {
    return publish(warehouse, List.of(new Release(table, rows, suppressedCells)), vintage,
        written -> audit.check(written.get(table)));
  }

  /** One table of a publish: its rows and how many cells are suppressed. */
  public record Release(Tables table, Dataset<Row> rows, long suppressedCells) {}

  /** The audit of several tables together: each table's rows as written. */
  @FunctionalInterface
  public interface JointAudit {
    /** @return a one-line summary for the run report */
    String check(Map<Tables, Dataset<Row>> written);
  }

  /**
   * Write-audit-publish of the tables of one night: every table to its audit branch, one audit
   * of all of them as written, then each table's main moves (one metadata commit each), and last
   * the nightly state ({@link NightlyState}) switches to all of them in one rename. Readers read
   * the nightly state, not main: a failure between two tables leaves them all at the previous
   * night, and the next night publishes all again.
   */
  public static String publish(Warehouse warehouse, List<Release> tables, LocalDate vintage, JointAudit audit) {
    return publish(warehouse, tables, vintage, audit, t -> Map.of());
  }

  /**
   * As {@link #publish(Warehouse, List, LocalDate, JointAudit)}, with further snapshot properties
   * per table ({@code provenance}: what the rows were made from; never exported).
   */
  public static String publish(Warehouse warehouse, List<Release> tables, LocalDate vintage, JointAudit audit,
      java.util.function.Function<Tables, Map<String, String>> provenance) {
    return publish(warehouse, tables, vintage, audit, provenance, t -> { });
  }

  /**
   * As above; {@code afterEach} runs after each table's main has moved and before the nightly
   * state switches (tests stop a publish there to show that readers see the night before).
   */
  public static String publish(Warehouse warehouse, List<Release> tables, LocalDate vintage, JointAudit audit,
      java.util.function.Function<Tables, Map<String, String>> provenance,
      java.util.function.Consumer<Tables> afterEach) {
    if (tables.stream().map(Release::table).distinct().count() != tables.size()) {
      throw new IllegalArgumentException("a table is published once a night, not twice: "
          + tables.stream().map(r -> r.table().table()).toList());
    }
    // Each table's write is independent of the others (its own Iceberg table): a few at a time.
    List<Long> written = dk.thbstats.core.Parallel.map(tables, r -> {
      TableContract contract = r.table().contract();
      // A published table is an aggregate (a few thousand rows at most): stamped and sorted on the
      // driver, and written as one file in one job.
      Long release = ReleaseStatus.previousRelease(warehouse, r.table());
      ReleaseStatus.Stamped stamping = ReleaseStatus.stamp(r.rows().collectAsList(), r.rows().schema(), contract,
          vintage, release == null ? null : warehouse.readSnapshot(r.table(), release).collectAsList());
      List<Row> stamped = new ArrayList<>(stamping.rows());
      stamped.sort(PublishedOrder.comparator(contract));
      Dataset<Row> sorted = Warehouse.conform(r.table(), warehouse.spark().createDataFrame(stamped, stamping.schema()))
          .coalesce(1);
      Map<String, String> props = new LinkedHashMap<>(provenance.apply(r.table()));
      props.putAll(description(contract, vintage, ReleaseStatus.ofTable(stamped), r.suppressedCells()));
      return warehouse.writeBranch(r.table(), AUDIT_BRANCH, sorted, props);
    });
    Map<Tables, Dataset<Row>> rows = new java.util.EnumMap<>(Tables.class);
    for (int i = 0; i < tables.size(); i++) {
      rows.put(tables.get(i).table(), warehouse.readSnapshot(tables.get(i).table(), written.get(i)));
    }
    String summary = audit.check(rows);
    Map<Tables, Long> published = new java.util.EnumMap<>(Tables.class);
    for (int i = 0; i < tables.size(); i++) {
      warehouse.publishBranch(tables.get(i).table(), AUDIT_BRANCH, written.get(i));
      published.put(tables.get(i).table(), written.get(i));
      afterEach.accept(tables.get(i).table());
    }
    NightlyState.record(warehouse, published);
    return summary;
  }

  /**
   * Expires the snapshots of the published tables that no reader can ask for any more: older than
   * {@code cutoff}, held by no tag (release) or branch, and not the nightly state. The nightly
   * history is then a few days deep, not every night since the first; releases stay forever.
   *
   * @return how many snapshots were expired
   */
  public static int expireUnreleased(Warehouse warehouse, java.time.Instant cutoff) {
    Map<Tables, Long> visible = NightlyState.read(warehouse);
    int expired = 0;
    for (Tables t : Tables.values()) {
      if (!t.isPublished()) {
        continue;
      }
      org.apache.iceberg.Table table = warehouse.iceberg(t);
      java.util.Set<Long> kept = new java.util.HashSet<>();
      table.refs().values().forEach(r -> kept.add(r.snapshotId()));
      if (visible.containsKey(t)) {
        kept.add(visible.get(t));
      }
      List<Long> old = new ArrayList<>();
      for (org.apache.iceberg.Snapshot s : table.snapshots()) {
        if (s.timestampMillis() < cutoff.toEpochMilli() && !kept.contains(s.snapshotId())) {
          old.add(s.snapshotId());
        }
      }
      if (old.isEmpty()) {
        continue;
      }
      org.apache.iceberg.ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(0).retainLast(1)
          .cleanExpiredFiles(true);
      for (Long id : old) {
        expire = expire.expireSnapshotId(id);
      }
      expire.commit();
      expired += old.size();
    }
    return expired;
  }

  /** The descriptive snapshot properties of a publish. */
  static Map<String, String> description(TableContract contract, LocalDate vintage, String status,
      long suppressedCells) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(PROP_UNIT, contract.unit());
    props.put(PROP_REFERENCE_PERIOD, contract.referencePeriod());
    props.put(PROP_DISCLOSURE, contract.disclosure());
    props.put(PROP_VINTAGE, vintage == null ? "" : vintage.toString());
    props.put(PROP_STATUS, status);
    if ("suppression".equals(contract.disclosure())) {
      props.put(PROP_SUPPRESSED, String.valueOf(suppressedCells));
    }
    props.put(PROP_MANIFEST, manifestEntry(contract, props));
    return props;
  }

  /** The manifest members the contract and the publish decide (name, rows, release, files are the export's). */
  static String manifestEntry(TableContract contract, Map<String, String> props) {
    ObjectNode entry = Json.data().createObjectNode();
    entry.put("title", contract.title());
    entry.put("kind", contract.kind());
    entry.put("disclosure", contract.disclosure());
    entry.put("unit", contract.unit());
    entry.put("reference_period", contract.referencePeriod());
    entry.put("population", contract.population());
    String vintage = props.get(PROP_VINTAGE);
    if (vintage == null || vintage.isEmpty()) {
      entry.putNull("vintage");
    } else {
      entry.put("vintage", vintage);
    }
    entry.put("status", props.getOrDefault(PROP_STATUS, "provisional"));
    if (props.containsKey(PROP_SUPPRESSED)) {
      entry.put("suppressed_cells", Long.parseLong(props.get(PROP_SUPPRESSED)));
    }
    if (contract.threshold() != null) {
      entry.put("threshold", contract.threshold());
    }
    if (contract.perturbation() != null) {
      entry.put("perturbation_table", contract.perturbation());
    }
    ArrayNode cols = entry.putArray("columns");
    for (TableContract.Column c : contract.columns()) {
      ObjectNode col = cols.addObject();
      col.put("name", c.name());
      col.put("type", c.type());
      col.put("description", c.description());
    }
    try {
      return Json.data().writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "cannot write the manifest entry of " + contract.table(), e);
    }
  }
}
