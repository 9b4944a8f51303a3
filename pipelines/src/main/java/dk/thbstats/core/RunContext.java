package dk.thbstats.core;

import java.time.Clock;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of one run shares: the Spark session, the run id and an injected clock.
 *
 * @param spark the session (one per JVM; tests share one)
 * @param runId identifies the night in logs, the ledger and {@code runs/<run-id>/}
 * @param clock the only source of "now"; tests pass a fixed clock
 */
public record RunContext(SparkSession spark, RunId runId, Clock clock) {
  public RunContext {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(clock, "clock");
  }
}
