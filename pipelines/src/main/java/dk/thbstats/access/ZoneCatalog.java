package dk.thbstats.access;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A read-only Spark catalog that serves one {@link Zone} under plain table names: {@code
 * victims_registered} reads the zone's current snapshot, {@code victims_registered VERSION AS OF
 * 'NAME'} the snapshot release NAME holds. Every name is checked here before the Iceberg catalog
 * behind it sees it: no namespace, {@code [a-z0-9_]+}, a table of the zone. Timestamps, snapshot
 * ids, branches and anything that would write are refused.
 *
 * <p>Spark instantiates catalogs by class name, so the zone a catalog serves is registered under
 * the catalog's name ({@link #register}) and looked up on every call: a new release is served as
 * soon as it is registered.
 */
public final class ZoneCatalog implements TableCatalog {
  /** Table names as the zone's catalog accepts them. */
  static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  private static final Map<String, Zone> ZONES = new ConcurrentHashMap<>();

  private String name;

  /** Registers {@code zone} in {@code spark} and returns the name of the catalog that serves it. */
  public static String register(SparkSession spark, Zone zone) {
    String catalog = "thb_zone_" + dk.thbstats.publish.Warehouse.shortHash(zone.location());
    ZONES.put(catalog, zone);
    spark.conf().set("spark.sql.catalog." + catalog, ZoneCatalog.class.getName());
    return catalog;
  }

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  /** The zone this catalog serves now. */
  Zone zone() {
    Zone z = ZONES.get(name);
    if (z == null) {
      throw new PipelineException(ErrorCode.INTERNAL, "catalog " + name + " serves no zone");
    }
    return z;
  }

  /** The table name of {@code ident}, checked: no namespace, {@code [a-z0-9_]+}, a table of the zone. */
  static String checked(Identifier ident, Zone zone) {
    if (ident.namespace().length > 0) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: the table name "
          + String.join(".", ident.namespace()) + "." + ident.name() + " has a qualifier; name published tables"
          + " alone (e.g. victims_registered)");
    }
    if (!NAME.matcher(ident.name()).matches()) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: '" + ident.name() + "' is not a table name"
          + " (letters a-z, digits and _ only)");
    }
    if (!zone.holds(ident.name())) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: " + ident.name() + " is not a published table");
    }
    return ident.name();
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    if (namespace.length > 0) {
      return new Identifier[0];
    }
    return zone().current().keySet().stream().map(t -> Identifier.of(new String[0], t)).toArray(Identifier[]::new);
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    Zone z = zone();
    String table = checked(ident, z);
    Long snapshot = z.current().get(table);
    if (snapshot == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, z.label() + " holds no table " + table);
    }
    return load(z, table, snapshot);
  }

  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    Zone z = zone();
    String table = checked(ident, z);
    Map<String, Long> release = z.releases().get(version);
    if (release == null) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: VERSION AS OF '" + version + "' is not a"
          + " release" + (z.releases().isEmpty() ? " (none has been made)" : " (releases: "
              + String.join(", ", z.releases().keySet()) + ")"));
    }
    Long snapshot = release.get(table);
    if (snapshot == null) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "release " + version + " holds no table " + table);
    }
    return load(z, table, snapshot);
  }

  @Override
  public Table loadTable(Identifier ident, long timestamp) {
    throw new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: TIMESTAMP AS OF; only releases can be read"
        + " (VERSION AS OF 'NAME')");
  }

  private static Table load(Zone z, String table, long snapshot) throws NoSuchTableException {
    TableCatalog iceberg = (TableCatalog) SparkSession.active().sessionState().catalogManager()
        .catalog(z.icebergCatalog());
    return iceberg.loadTable(Identifier.of(z.namespace(), table), String.valueOf(snapshot));
  }

  @Override
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
    throw readOnly();
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw readOnly();
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw readOnly();
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw readOnly();
  }

  private static PipelineException readOnly() {
    return new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: published tables are read-only here");
  }
}
