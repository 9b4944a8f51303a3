package dk.thbstats.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The mark {@code ./thb generate} leaves in a landing area it wrote: {@code <landing>/_SYNTHETIC.json}
 * ({@code {"synthetic": true, "made_by": ..., ...}}). Only a marked landing may be read with the
 * public demo key. The file starts with {@code _}, so the landing scanner ignores it.
 *
 * <p>The mark guards against a mistake (the demo key over real deliveries), not against an
 * operator who wants to bypass it: real deliveries never carry it, and nobody should add it by
 * hand.
 */
public final class LandingMark {
  /** The mark's file name, directly in the landing folder. */
  public static final String FILE = "_SYNTHETIC.json";

  private LandingMark() {}

  /** Writes the mark into {@code landing} (a local folder the generator made). */
  public static void write(java.nio.file.Path landing, String madeBy, Map<String, Object> details) {
    ObjectNode mark = Json.data().createObjectNode();
    mark.put("synthetic", true);
    mark.put("made_by", madeBy);
    mark.put("note", "synthetic deliveries: no real person; the public demo key may be used on them");
    details.forEach((k, v) -> mark.putPOJO(k, v));
    try {
      Files.createDirectories(landing);
      Files.writeString(landing.resolve(FILE), Json.data().writerWithDefaultPrettyPrinter().writeValueAsString(mark)
          + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + landing.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Whether the landing folder exists (any Hadoop file system). */
  public static boolean exists(String landing, Configuration conf) {
    try {
      Path p = new Path(landing);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether {@code landing} (any Hadoop file system) carries a readable mark that says synthetic. */
  public static boolean isSynthetic(String landing, Configuration conf) {
    try {
      Path file = new Path(landing, FILE);
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.isFile(file) || fs.getFileStatus(file).getLen() > 64 * 1024) {
        return false;
      }
      JsonNode mark;
      try (InputStream in = fs.open(file)) {
        mark = Json.data().readTree(in);
      }
      return mark != null && mark.path("synthetic").asBoolean(false);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
