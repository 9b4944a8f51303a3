package dk.thbstats.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Which snapshot of each published table readers of the nightly state see:
 * {@code <warehouse>/published.json}, replaced in one rename after a night has moved every
 * table's main branch. Iceberg commits one table at a time, so a night killed between two tables
 * leaves some mains at the new night and some at the old one; readers never look at main, they
 * look here, and see all tables of one night or all tables of the night before.
 *
 * <p>Written by the publish step only; read by {@code thb export}, {@code thb report},
 * {@code thb release}, {@code thb sql --nightly} and the night's "nothing new" check.
 */
public final class NightlyState {
  /** The pointer file, relative to the warehouse root. */
  public static final String FILE = "published.json";

  private NightlyState() {}

  /** The snapshot readers see per published table (empty before the first complete publish). */
  public static Map<Tables, Long> read(Warehouse warehouse) {
    byte[] bytes = StateFiles.read(warehouse.spark().sparkContext().hadoopConfiguration(), file(warehouse));
    Map<Tables, Long> out = new EnumMap<>(Tables.class);
    if (bytes == null) {
      return out;
    }
    try {
      JsonNode tables = Json.data().readTree(new String(bytes, StandardCharsets.UTF_8)).path("tables");
      tables.fields().forEachRemaining(e -> {
        Tables t = Tables.byName("published", e.getKey());
        if (t != null && e.getValue().canConvertToLong()) {
          out.put(t, e.getValue().asLong());
        }
      });
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot read " + file(warehouse) + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Records that readers now see {@code published} (table → snapshot); tables not named keep
   * what they had.
   */
  public static void record(Warehouse warehouse, Map<Tables, Long> published) {
    Map<Tables, Long> next = read(warehouse);
    next.putAll(published);
    ObjectNode root = Json.data().createObjectNode();
    root.put("what", "the snapshot of each published table that readers of the nightly state see");
    ObjectNode tables = root.putObject("tables");
    next.forEach((t, id) -> tables.put(t.table(), id));
    try {
      byte[] bytes = (Json.data().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      StateFiles.writeAtomically(warehouse.spark().sparkContext().hadoopConfiguration(), file(warehouse), bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "cannot write the nightly state", e);
    }
  }

  private static Path file(Warehouse warehouse) {
    return new Path(warehouse.root(), FILE);
  }
}
