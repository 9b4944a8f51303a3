package dk.thbstats.validate;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import dk.thbstats.schema.SourceContract;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Deequ metrics repository of the warehouse ({@code <warehouse>/quality/metrics.json}): one
 * result per source and delivery (key: the delivery date, tag {@code source}) holding the row
 * count and the completeness of the monitored fields — aggregates only, never values. New
 * deliveries are compared with the previous ones by Deequ's anomaly strategies from the
 * contract's {@code monitor} section; a jump is a warning in the quality report.
 */
final class MetricsHistory {
  private final FileSystemMetricsRepository repository;

  MetricsHistory(SparkSession spark, String path) {
    this.repository = new FileSystemMetricsRepository(spark, path);
  }

  static long time(LocalDate delivery) {
    return delivery.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static Map<String, String> tags(String source) {
    return Map.of("source", source);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Analyzer<?, Metric<?>> size() {
    return (Analyzer) new Size(Scala.none());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Analyzer<?, Metric<?>> completeness(String field) {
    return (Analyzer) new Completeness(field, Scala.none(), Scala.none());
  }

  /**
   * Compares a delivery with the history before it, then records it. Deliveries of one source
   * must come in date order.
   */
  List<Findings.Anomaly> record(SourceContract contract, Findings.DeliveryMetrics m) {
    List<Findings.Anomaly> anomalies = new ArrayList<>();
    SourceContract.MonitorSpec monitor = contract.monitor();
    if (monitor != null && monitor.size() != null) {
      detect(m, "rows", size(), m.rows(), monitor.size()).ifPresent(anomalies::add);
    }
    if (monitor != null && monitor.completenessChange() != null) {
      for (Map.Entry<String, Double> e : m.completeness().entrySet()) {
        detect(m, "completeness of " + contract.columnName(e.getKey()), completeness(e.getKey()), e.getValue(),
            monitor.completenessChange()).ifPresent(anomalies::add);
      }
    }
    Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new HashMap<>();
    metrics.put(size(), metric("Size", "*", m.rows()));
    m.completeness().forEach((f, v) -> metrics.put(completeness(f), metric("Completeness", f, v)));
    repository.save(new ResultKey(time(m.delivery()), Scala.map(tags(m.source()))),
        new AnalyzerContext(Scala.map(metrics)));
    return anomalies;
  }

  private static DoubleMetric metric(String name, String instance, double value) {
    return new DoubleMetric(com.amazon.deequ.metrics.Entity.Column(), name, instance,
        new scala.util.Success<>(value), Scala.none());
  }

  private java.util.Optional<Findings.Anomaly> detect(Findings.DeliveryMetrics m, String label,
      Analyzer<?, Metric<?>> analyzer, double value, SourceContract.StrategySpec spec) {
    List<DataPoint<Object>> history = points(m.source(), analyzer, time(m.delivery()));
    if (history.isEmpty()) {
      return java.util.Optional.empty();
    }
    AnomalyDetectionStrategy strategy = strategy(spec);
    DetectionResult result = new AnomalyDetector(strategy).isNewPointAnomalous(Scala.seq(history),
        new DataPoint<>(time(m.delivery()), Scala.some(value)));
    if (result.anomalies().isEmpty()) {
      return java.util.Optional.empty();
    }
    Double previous = (Double) history.get(history.size() - 1).metricValue().get();
    String message = String.format(java.util.Locale.ROOT, "%s %s against %s in the previous delivery (%s)",
        label, label.equals("rows") ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value),
        label.equals("rows") ? String.valueOf(previous.longValue()) : String.format(java.util.Locale.ROOT, "%.2f", previous),
        describe(spec));
    return java.util.Optional.of(new Findings.Anomaly(m.source(), m.delivery(), label, value, previous,
        spec.strategy(), message));
  }

  private static String describe(SourceContract.StrategySpec spec) {
    return spec.strategy() + (spec.maxIncrease() != null ? ", max increase " + spec.maxIncrease() : "")
        + (spec.maxDecrease() != null ? ", max decrease " + spec.maxDecrease() : "");
  }

  private static AnomalyDetectionStrategy strategy(SourceContract.StrategySpec spec) {
    scala.Option<Object> dec = spec.maxDecrease() == null ? Scala.none() : Scala.some((Object) spec.maxDecrease());
    scala.Option<Object> inc = spec.maxIncrease() == null ? Scala.none() : Scala.some((Object) spec.maxIncrease());
    return switch (spec.strategy()) {
      case "relative_rate_of_change" -> new RelativeRateOfChangeStrategy(dec, inc, 1);
      case "absolute_change" -> new AbsoluteChangeStrategy(dec, inc, 1);
      default -> throw new IllegalArgumentException("unknown anomaly strategy " + spec.strategy());
    };
  }

  /** The metric's points for a source before {@code beforeTime}, oldest first. */
  private List<DataPoint<Object>> points(String source, Analyzer<?, Metric<?>> analyzer, long beforeTime) {
    List<DataPoint<Object>> points = new ArrayList<>();
    for (AnalysisResult r : Scala.list(repository.load().withTagValues(Scala.map(tags(source)))
        .forAnalyzers(Scala.seq(List.of(analyzer))).before(beforeTime - 1).get())) {
      scala.Option<Metric<?>> metric = r.analyzerContext().metric(analyzer);
      if (metric.isDefined() && metric.get().value().isSuccess()) {
        points.add(new DataPoint<>(r.resultKey().dataSetDate(),
            Scala.some(((Number) metric.get().value().get()).doubleValue())));
      }
    }
    points.sort(Comparator.comparingLong(DataPoint::time));
    return points;
  }

  /** The row counts of the last {@code n} deliveries of a source, oldest first. */
  List<Findings.VolumePoint> volume(String source, int n) {
    List<DataPoint<Object>> all = points(source, size(), Long.MAX_VALUE);
    List<Findings.VolumePoint> out = new ArrayList<>();
    for (DataPoint<Object> p : all.subList(Math.max(0, all.size() - n), all.size())) {
      out.add(new Findings.VolumePoint(source,
          java.time.Instant.ofEpochMilli(p.time()).atZone(ZoneOffset.UTC).toLocalDate(),
          ((Double) p.metricValue().get()).longValue()));
    }
    return out;
  }
}
