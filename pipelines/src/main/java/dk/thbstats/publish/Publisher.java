package dk.thbstats.publish;

import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a published table in place (one atomic Iceberg commit, sorted by its dimensions) and
 * records what every figure needs to state: unit, reference period, vintage (newest delivery
 * loaded), status, release, and the number of suppressed cells, as table properties that the
 * export copies into its manifest. No run id or clock time goes into published rows.
 */
public final class Publisher {
  public static final String PROP_UNIT = "thb.unit";
  public static final String PROP_REFERENCE_PERIOD = "thb.reference_period";
  public static final String PROP_VINTAGE = "thb.vintage";
  public static final String PROP_STATUS = "thb.status";
  public static final String PROP_RELEASE = "thb.release";
  public static final String PROP_SUPPRESSED = "thb.suppressed_cells";
  public static final String PROP_DISCLOSURE = "thb.disclosure";

  private Publisher() {}

  /** Overwrites {@code table} with {@code rows} and sets its descriptive properties. */
  public static void publish(Warehouse warehouse, Tables table, Dataset<Row> rows, LocalDate vintage,
      long suppressedCells) {
    TableContract contract = table.contract();
    Dataset<Row> sorted = Warehouse.conform(table, rows).orderBy(PublishedOrder.of(contract)).coalesce(1);
    warehouse.overwrite(table, sorted);
    Map<String, String> props = new LinkedHashMap<>();
    props.put(PROP_UNIT, contract.unit());
    props.put(PROP_REFERENCE_PERIOD, contract.referencePeriod());
    props.put(PROP_DISCLOSURE, contract.disclosure());
    props.put(PROP_VINTAGE, vintage == null ? "" : vintage.toString());
    props.put(PROP_STATUS, "provisional");
    props.put(PROP_SUPPRESSED, String.valueOf(suppressedCells));
    warehouse.setProperties(table, props);
  }
}
