package dk.thbstats.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run manifest {@code <warehouse>/runs/<run-id>/run.json}: what the night read, accepted,
 * quarantined, linked and published, and the time per stage. Counts and paths only — never a
 * value from a record.
 */
public final class RunReport {
  private RunReport() {}

  /** A new, empty report object. */
  public static ObjectNode create() {
    return Json.data().createObjectNode();
  }

  /** Writes {@code report} as {@code <runFolder>/<name>}; returns the path written. */
  public static String write(String runFolder, String name, ObjectNode report, Configuration conf) {
    ObjectMapper mapper = Json.data().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      return writeText(runFolder, name, mapper.writeValueAsString(report) + "\n", conf);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code text} (UTF-8) as {@code <runFolder>/<name>} on any Hadoop file system; returns the path. */
  public static String writeText(String runFolder, String name, String text, Configuration conf) {
    Path path = new Path(runFolder, name);
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return path.toString();
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
