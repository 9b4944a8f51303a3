package dk.thbstats.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.LocalFiles;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * {@code thb export}: writes every table of a {@link PublishedView} — the nightly state, or a release —
 * as one {@code <table>.parquet} and one {@code <table>.csv} file, plus {@code manifest.json}
 * describing each table (name, rows, release, kind, disclosure, unit, reference period, vintage,
 * status, columns). Rows are sorted by their dimensions and no file holds a timestamp or run id,
 * so the same snapshot gives the same bytes — in any process ({@link ParquetFooter}).
 */
public final class Exporter {
  private Exporter() {}

  /** One exported table. */
  public record Exported(String name, long rows) {}

  /**
   * Exports the tables of {@code view} into {@code out}: one release (as it froze them, with the
   * description stored with each snapshot — the same bytes at any later time) or the nightly state.
   */
  public static List<Exported> export(PublishedView view, Path out) {
    List<Exported> done = new ArrayList<>();
    ObjectMapper mapper = Json.data().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode manifest = mapper.createObjectNode();
    manifest.put("product", "thb-stats");
    String release = view.release();
    if (release != null) {
      manifest.put("release", release);
    }
    ArrayNode tables = manifest.putArray("tables");
    try {
      Files.createDirectories(out);
      // A table published only after the release was made is not part of it.
      for (Tables t : view.tables()) {
        TableContract contract = t.contract();
        Map<String, String> props = view.description(t);
        Dataset<Row> stored = view.rows(t);
        // A release made before the contract gained columns is exported as it was stored.
        List<String> columns = contract.columnNames().stream()
            .filter(java.util.Arrays.asList(stored.columns())::contains).toList();
        Dataset<Row> rows = stored.select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
            .orderBy(PublishedOrder.of(contract));
        long n = CsvExport.write(out.resolve(t.table() + ".csv"), columns, rows.toLocalIterator());
        writeParquet(rows, out, t.table());
        ObjectNode entry = tables.addObject();
        entry.put("name", t.table());
        entry.put("rows", n);
        entry.put("release", release == null ? "unreleased" : release);
        String described = props.get(Publisher.PROP_MANIFEST);
        if (described == null) {
          // Published before descriptions were stored with the snapshot: from the contract.
          described = Publisher.manifestEntry(contract, props);
        }
        entry.setAll((ObjectNode) mapper.readTree(described));
        ObjectNode files = entry.putObject("files");
        files.put("csv", t.table() + ".csv");
        files.put("parquet", t.table() + ".parquet");
        done.add(new Exported(t.table(), n));
      }
      Files.writeString(out.resolve("manifest.json"),
          mapper.writeValueAsString(manifest).replace("\r\n", "\n") + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write the export to " + out + ": " + e.getMessage(), e);
    }
    return done;
  }

  /**
   * One Parquet file: Spark writes a folder of parts; coalesce to one, make its footer independent of
   * this JVM ({@link ParquetFooter}) and move it into place.
   */
  private static void writeParquet(Dataset<Row> sorted, Path out, String table) throws IOException {
    Path tmp = out.resolve("." + table + ".parquet.tmp");
    LocalFiles.deleteTree(tmp);
    sorted.coalesce(1).write().mode(SaveMode.Overwrite).option("compression", "snappy")
        .parquet(tmp.toUri().toString());
    Path part;
    try (Stream<Path> s = Files.list(tmp)) {
      part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
          .orElseThrow(() -> new PipelineException(ErrorCode.IO_FAILED, "Spark wrote no Parquet part for " + table));
    }
    ParquetFooter.normalise(part);
    Files.move(part, out.resolve(table + ".parquet"), StandardCopyOption.REPLACE_EXISTING);
    LocalFiles.deleteTree(tmp);
  }

}
