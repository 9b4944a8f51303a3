package dk.thbstats.cli;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.SparkSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the CLI's Spark session: local by default, or whatever spark-submit configured.
 *
 * <p>On a cluster, task closures carry derived subkeys over the network, so unless the operator
 * configured them otherwise the session authenticates its peers ({@code spark.authenticate}),
 * encrypts RPC traffic ({@code spark.network.crypto.enabled}) and keeps the event log (which
 * records closures and plans) off. YARN and Kubernetes generate the shared secret themselves; a
 * standalone cluster needs {@code spark.authenticate.secret}, and a run without one stops here
 * with a message saying so rather than in Spark's handshake.
 */
final class Sessions {
  /** The defaults of a cluster run, applied where spark-submit did not set the key. */
  static final Map<String, String> CLUSTER_DEFAULTS = defaults();

  private Sessions() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("spark.authenticate", "true");
    d.put("spark.network.crypto.enabled", "true");
    d.put("spark.eventLog.enabled", "false");
    return d;
  }

  /**
   * @param master a master URL, or {@code auto}: keep a master set by spark-submit
   *     ({@code spark.master}), else {@code local[*]}
   */
  static SparkSession getOrCreate(String master) {
    String configured = System.getProperty("spark.master");
    String m;
    if ("auto".equals(master)) {
      m = configured == null ? "local[*]" : null;
    } else {
      m = master;
    }
    String effective = m != null ? m : configured;
    boolean local = effective.startsWith("local");
    SparkSession.Builder builder = SparkSessions.builder(m, local ? 4 : 0);
    if (!local) {
      for (Map.Entry<String, String> e : CLUSTER_DEFAULTS.entrySet()) {
        if (System.getProperty(e.getKey()) == null) {
          builder = builder.config(e.getKey(), e.getValue());
        }
      }
      boolean authenticate = Boolean.parseBoolean(System.getProperty("spark.authenticate", "true"));
      boolean secret = System.getProperty("spark.authenticate.secret") != null
          || System.getProperty("spark.authenticate.secret.file") != null
          || System.getProperty("spark.authenticate.secret.driver.file") != null
          || System.getenv("_SPARK_AUTH_SECRET") != null;
      if (effective.startsWith("spark://") && authenticate && !secret) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "a standalone cluster run authenticates its peers:"
            + " set spark.authenticate.secret (the same secret on the master, the workers and this driver; see the"
            + " README, Running on a cluster), or --conf spark.authenticate=false for synthetic data only");
      }
    }
    return builder.getOrCreate();
  }

  /**
   * What a production run on a cluster lacks of the settings that keep subkeys off the wire and
   * out of logs (empty for a local run).
   */
  static List<String> clusterSecurityWarnings(SparkSession spark) {
    List<String> out = new ArrayList<>();
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    if (conf.get("spark.master", "local").startsWith("local")) {
      return out;
    }
    if (!conf.getBoolean("spark.authenticate", false)) {
      out.add("spark.authenticate is off: any process that reaches the cluster can join it and read task"
          + " closures, which carry derived subkeys");
    }
    if (!conf.getBoolean("spark.network.crypto.enabled", false) && !conf.getBoolean("spark.ssl.enabled", false)) {
      out.add("spark.network.crypto.enabled is off: subkeys in task closures cross the network unencrypted");
    }
    if (conf.getBoolean("spark.eventLog.enabled", false)) {
      out.add("spark.eventLog.enabled is on: the event log records plans and closures; keep it off, or on"
          + " an encrypted, access-restricted file system");
    }
    if (!conf.getBoolean("spark.io.encryption.enabled", false)) {
      out.add("spark.io.encryption.enabled is off: shuffle and spill files are written unencrypted");
    }
    return out;
  }
}
