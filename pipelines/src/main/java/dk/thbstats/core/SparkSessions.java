package dk.thbstats.core;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark settings every session of the project needs (CLI, tests, spark-submit): Iceberg's
 * SQL extensions, UTC, {@code java.time} values in rows, and modest defaults for local runs.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A builder with the project's settings.
   *
   * @param master the master URL, or null to keep whatever {@code spark-submit} set
   * @param shufflePartitions shuffle partitions (small locally; leave the cluster default with 0)
   */
  public static SparkSession.Builder builder(String master, int shufflePartitions) {
    SparkSession.Builder b = SparkSession.builder()
        .appName("thb-stats")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.debug.maxToStringFields", "200")
        // Shuffle and spill files are encrypted: they only ever hold pseudonymised rows, but the
        // task closures carry subkeys.
        .config("spark.io.encryption.enabled", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        // NOT NULL columns are checked when rows are written, not from Spark's nullability flags.
        .config("spark.sql.iceberg.check-nullability", "false");
    if (master != null) {
      b = b.master(master)
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    if (shufflePartitions > 0) {
      b = b.config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
    }
    return b;
  }
}
