package dk.thbstats.testing;

import dk.thbstats.core.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the one SparkSession of the test JVM ({@code local[2]}, two
 * shuffle partitions, UI off, UTC, the project's settings). Created on first use, stopped when
 * the JVM exits.
 */
public final class SharedSpark implements ParameterResolver {
  private static SparkSession session;

  /** The shared session. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.builder("local[2]", 2)
          .config("spark.default.parallelism", "2")
          .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return session();
  }
}
