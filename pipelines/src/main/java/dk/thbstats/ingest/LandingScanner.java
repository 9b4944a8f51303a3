package dk.thbstats.ingest;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Source;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the landing area {@code <landing>/<source>/<YYYY-MM-DD>/<files>} through Hadoop's
 * file system API (local disk, HDFS or object stores alike). Folders that are not a known source
 * or not an ISO date are reported, not fatal; hidden files ({@code .x}, {@code _x}) are ignored.
 */
public final class LandingScanner {
  private LandingScanner() {}

  /** What the scan found: the delivered files in processing order, and layout problems. */
  public record Scan(List<DeliveryFile> files, List<String> problems) {}

  /** Scans {@code landing}; files come sorted by delivery date, source and name. */
  public static Scan scan(String landing, Configuration conf) {
    Path root = new Path(landing);
    List<DeliveryFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "landing folder " + landing + " does not exist");
      }
      root = fs.getFileStatus(root).getPath();
      for (FileStatus sourceDir : fs.listStatus(root)) {
        String sourceName = sourceDir.getPath().getName();
        if (hidden(sourceName)) {
          continue;
        }
        if (!sourceDir.isDirectory() || !Source.isSource(sourceName)) {
          problems.add("landing/" + sourceName + " is not a source folder (expected ngo, police or dis); ignored");
          continue;
        }
        for (FileStatus dateDir : fs.listStatus(sourceDir.getPath())) {
          String dateName = dateDir.getPath().getName();
          if (hidden(dateName)) {
            continue;
          }
          LocalDate date = parseDate(dateName);
          if (!dateDir.isDirectory() || date == null) {
            problems.add(sourceName + "/" + dateName + " is not a delivery folder named YYYY-MM-DD; ignored");
            continue;
          }
          for (FileStatus file : fs.listStatus(dateDir.getPath())) {
            String name = file.getPath().getName();
            if (hidden(name)) {
              continue;
            }
            if (file.isDirectory()) {
              problems.add(sourceName + "/" + dateName + "/" + name + " is a folder inside a delivery; ignored");
              continue;
            }
            files.add(new DeliveryFile(sourceName, date, sourceName + "/" + dateName + "/" + name,
                file.getPath().toString(), file.getLen()));
          }
        }
      }
    } catch (FileNotFoundException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "landing folder " + landing + " does not exist");
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot list landing folder " + landing + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(DeliveryFile::deliveryDate)
        .thenComparing(DeliveryFile::source)
        .thenComparing(DeliveryFile::path));
    return new Scan(files, problems);
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static LocalDate parseDate(String name) {
    if (!name.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return null;
    }
    try {
      return LocalDate.parse(name);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
