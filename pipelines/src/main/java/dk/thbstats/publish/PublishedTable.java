package dk.thbstats.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * A published table as a {@link PublishedView} shows it — the nightly state or a release — collected for a report:
 * its cells by coordinates and its description (unit, reference period, vintage, disclosure).
 * Published tables are aggregates (a few thousand cells at most); the collect is guarded.
 */
final class PublishedTable {
  private static final int MAX_CELLS = 200_000;

  /** One published cell: value (persons, or a derived measure; null when suppressed or not available), flag, status. */
  record Cell(Number value, String flag, String status) {}

  private final Tables table;
  private final List<String> dimensions;
  private final Map<List<String>, Cell> cells = new HashMap<>();
  private final JsonNode description;

  private PublishedTable(Tables table, List<String> dimensions, JsonNode description) {
    this.table = table;
    this.dimensions = dimensions;
    this.description = description;
  }

  /** Reads {@code table} as {@code view} sees it; null when the view does not hold the table. */
  static PublishedTable read(PublishedView view, Tables table) {
    if (view.snapshot(table) == null) {
      return null;
    }
    String manifest = view.description(table).get(Publisher.PROP_MANIFEST);
    JsonNode description;
    try {
      description = manifest == null ? Json.data().createObjectNode() : Json.data().readTree(manifest);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "cannot read the description of " + table.table(), e);
    }
    PublishedTable t = new PublishedTable(table, PublishedOrder.dimensions(table.contract()), description);
    List<Row> rows = view.rows(table).limit(MAX_CELLS + 1).collectAsList();
    if (rows.size() > MAX_CELLS) {
      throw new PipelineException(ErrorCode.INTERNAL, "table " + table.table() + " has more than " + MAX_CELLS
          + " cells; it is not an aggregate");
    }
    boolean hasStatus = List.of(rows.isEmpty() ? new String[0] : rows.get(0).schema().fieldNames()).contains("status");
    for (Row r : rows) {
      List<String> at = new ArrayList<>();
      t.dimensions.forEach(d -> at.add(r.getAs(d)));
      t.cells.put(at, new Cell(r.getAs("value"), r.getAs("flag"), hasStatus ? r.getAs("status") : null));
    }
    return t;
  }

  /** The cell at the coordinates (in dimension order), or null when the table has no such cell. */
  Cell at(String... coordinates) {
    return cells.get(List.of(coordinates));
  }

  Tables table() {
    return table;
  }

  /** The description stored with the published snapshot (the manifest entry). */
  JsonNode description() {
    return description;
  }
}
