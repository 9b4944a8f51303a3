package dk.thbstats.ingest;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One file in the landing area: {@code <landing>/<source>/<YYYY-MM-DD>/<name>}.
 *
 * @param source the source folder name (ngo, police, dis)
 * @param deliveryDate the delivery folder's date
 * @param path {@code <source>/<YYYY-MM-DD>/<name>}, relative to the landing root; used in every
 *     report and table instead of absolute paths
 * @param uri the absolute location, for reading (a Hadoop path: file:, hdfs:, s3a: ...)
 * @param sizeBytes the file size
 */
public record DeliveryFile(String source, LocalDate deliveryDate, String path, String uri, long sizeBytes)
    implements Serializable {

  /** The file name without folders. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
