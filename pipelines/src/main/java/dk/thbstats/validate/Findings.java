package dk.thbstats.validate;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What validation found beyond row problems: results as data, for the run report. */
public final class Findings {
  private Findings() {}

  /**
   * The outcome of a dataset-level rule (e.g. completeness) for one source and delivery.
   *
   * @param value the measured metric (e.g. the share of rows with a value), or null if it failed
   */
  public record RuleOutcome(String source, LocalDate delivery, String rule, String column, boolean error,
      boolean passed, Double value, Double minimum, String message) {}

  /** The metrics of one delivery of one source, as kept in the metrics repository. */
  public record DeliveryMetrics(String source, LocalDate delivery, long rows, Map<String, Double> completeness) {}

  /** A delivery whose metric jumps against the previous deliveries (a warning). */
  public record Anomaly(String source, LocalDate delivery, String metric, double value, Double previous,
      String strategy, String message) {}

  /** One point of a source's volume history (rows per delivery), oldest first. */
  public record VolumePoint(String source, LocalDate delivery, long rows) {}

  /** All findings of the night. */
  public record Night(List<RuleOutcome> outcomes, List<DeliveryMetrics> metrics, List<Anomaly> anomalies,
      List<VolumePoint> history) {}
}
