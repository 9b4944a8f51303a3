package dk.thbstats.publish;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet file's footer independent of the JVM that wrote it.
 *
 * <p>parquet-mr collects each column chunk's encodings in a {@code HashSet<Encoding>} and writes
 * them in that set's order; an enum's hash is its identity hash, so two processes writing the same
 * rows list e.g. {@code RLE, PLAIN} and {@code PLAIN, RLE} and the files differ by a few bytes.
 * The list has set semantics (readers do not depend on its order), so this rewrites the footer with
 * every chunk's encodings (and page-encoding statistics) in ascending code order. The data pages, and so every offset the footer
 * holds, are untouched: only the footer (and its length) is rewritten.
 */
public final class ParquetFooter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFooter() {}

  /** Rewrites {@code file} in place (atomically) with its encodings lists sorted; a no-op when already sorted. */
  public static void normalise(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int footerLength = footerLength(bytes, file);
      int footerStart = bytes.length - 8 - footerLength;
      FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
      if (!sortEncodings(meta)) {
        return;
      }
      ByteArrayOutputStream footer = new ByteArrayOutputStream(footerLength);
      Util.writeFileMetaData(meta, footer);
      Path tmp = file.resolveSibling("." + file.getFileName() + ".footer.tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(bytes, 0, footerStart);
        footer.writeTo(out);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
        out.write(MAGIC);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot rewrite the Parquet footer of " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** The encodings of every column chunk of {@code file}, in the order its footer lists them. */
  public static List<List<Encoding>> encodings(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int footerLength = footerLength(bytes, file);
    FileMetaData meta = Util.readFileMetaData(
        new ByteArrayInputStream(bytes, bytes.length - 8 - footerLength, footerLength));
    List<List<Encoding>> out = new ArrayList<>();
    for (RowGroup group : meta.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        out.add(List.copyOf(chunk.getMeta_data().getEncodings()));
      }
    }
    return out;
  }

  private static int footerLength(byte[] bytes, Path file) {
    int n = bytes.length;
    boolean magic = n >= 12;
    for (int i = 0; magic && i < 4; i++) {
      magic = bytes[i] == MAGIC[i] && bytes[n - 4 + i] == MAGIC[i];
    }
    if (!magic) {
      throw new PipelineException(ErrorCode.IO_FAILED, file + " is not a Parquet file");
    }
    int length = ByteBuffer.wrap(bytes, n - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length <= 0 || length > n - 12) {
      throw new PipelineException(ErrorCode.IO_FAILED, file + " has a damaged Parquet footer (length " + length + ")");
    }
    return length;
  }

  /** Sorts each chunk's encodings (and its page-encoding statistics) by code; true when any list changed. */
  private static boolean sortEncodings(FileMetaData meta) {
    boolean changed = false;
    for (RowGroup group : meta.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        ColumnMetaData column = chunk.getMeta_data();
        if (column == null || column.getEncodings() == null) {
          continue;
        }
        List<Encoding> sorted = new ArrayList<>(column.getEncodings());
        sorted.sort(Comparator.comparingInt(Encoding::getValue));
        if (!sorted.equals(column.getEncodings())) {
          column.setEncodings(sorted);
          changed = true;
        }
        if (column.getEncoding_stats() != null) {
          List<PageEncodingStats> stats = new ArrayList<>(column.getEncoding_stats());
          stats.sort(Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
              .thenComparingInt(s -> s.getEncoding().getValue()));
          if (!stats.equals(column.getEncoding_stats())) {
            column.setEncoding_stats(stats);
            changed = true;
          }
        }
      }
    }
    return changed;
  }
}
