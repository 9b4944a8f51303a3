package dk.thbstats.cli;

import dk.thbstats.core.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** Builds the CLI's Spark session: local by default, or whatever spark-submit configured. */
final class Sessions {
  private Sessions() {}

  /**
   * @param master a master URL, or {@code auto}: keep a master set by spark-submit
   *     ({@code spark.master}), else {@code local[*]}
   */
  static SparkSession getOrCreate(String master) {
    String configured = System.getProperty("spark.master");
    boolean local;
    String m;
    if ("auto".equals(master)) {
      m = configured == null ? "local[*]" : null;
    } else {
      m = master;
    }
    local = m != null ? m.startsWith("local") : configured.startsWith("local");
    return SparkSessions.builder(m, local ? 4 : 0).getOrCreate();
  }
}
