package dk.thbstats.schema;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Access to the files of {@code schemas/}, which the build packages into the jar under
 * {@code schemas/}. The repository folder is the single source; the jar carries the same files.
 */
public final class Schemas {
  private Schemas() {}

  /** Reads {@code schemas/<relativePath>} from the class path. */
  public static <T> T read(String relativePath, Class<T> type) {
    String resource = "schemas/" + relativePath;
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new PipelineException(
            ErrorCode.SCHEMA_MISMATCH, "schema file not found on the class path: " + resource);
      }
      return Json.contracts().readValue(in, type);
    } catch (IOException e) {
      throw new PipelineException(
          ErrorCode.SCHEMA_MISMATCH, "cannot read schema file " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code schemas/<relativePath>} exists. */
  public static boolean exists(String relativePath) {
    return Schemas.class.getClassLoader().getResource("schemas/" + relativePath) != null;
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
