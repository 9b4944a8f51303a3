package dk.thbstats.validate;

import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.metrics.Metric;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.Typed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Data quality on the typed rows of each source, before pseudonymisation: the contract's rules
 * run as Deequ checks (one scan per source computes every rule, the per-delivery row counts and
 * the completeness of monitored fields); failed error rules become row problems (quarantine),
 * failed warning rules are counted; dataset-level rules are judged per delivery; each new
 * delivery's metrics go to the metrics repository and are compared with the previous deliveries.
 *
 * <p>The typed rows hold cleartext: Deequ aggregates them and adds per-row booleans, nothing else.
 * Uniqueness of record ids is checked later on the keyed tokens ({@link KeyChecks}).
 */
public final class ValidateStage implements Stage<ValidateStage.Input, ValidateStage.Output> {

  /** The night's typed rows per source, and the contracts. */
  public record Input(Map<Source, Dataset<Row>> typed, Map<Source, SourceContract> contracts,
      Map<Source, List<LocalDate>> deliveries) {}

  /**
   * @param validated per source, the typed rows with problems and warnings added (lazy, cleartext)
   * @param rejectedDeliveries per source, deliveries whose error-level dataset rule failed, with why
   * @param findings dataset-level outcomes, delivery metrics, anomalies, volume history
   */
  public record Output(Map<Source, Dataset<Row>> validated, Map<Source, Map<LocalDate, String>> rejectedDeliveries,
      Findings.Night findings) {}

  private final String metricsPath;

  /** @param metricsPath the Deequ metrics repository file ({@code <warehouse>/quality/metrics.json}) */
  public ValidateStage(String metricsPath) {
    this.metricsPath = metricsPath;
  }

  @Override
  public String name() {
    return "validate";
  }

  @Override
  public Output run(Input input, RunContext context) {
    MetricsHistory history = new MetricsHistory(context.spark(), metricsPath);
    Map<Source, Dataset<Row>> validated = new EnumMap<>(Source.class);
    Map<Source, Map<LocalDate, String>> rejected = new EnumMap<>(Source.class);
    List<Findings.RuleOutcome> outcomes = new ArrayList<>();
    List<Findings.DeliveryMetrics> metrics = new ArrayList<>();
    List<Findings.Anomaly> anomalies = new ArrayList<>();
    List<Findings.VolumePoint> volume = new ArrayList<>();
    for (Map.Entry<Source, Dataset<Row>> e : input.typed().entrySet()) {
      Source source = e.getKey();
      SourceContract contract = input.contracts().get(source);
      List<LocalDate> deliveries = new ArrayList<>(new TreeSet<>(input.deliveries().getOrDefault(source, List.of())));
      List<Rule> rules = RuleSet.of(contract);
      List<Rule> rowRules = rules.stream().filter(r -> r.rowLevel() && !r.onKeys()).collect(Collectors.toList());
      Map<String, Rule> datasetChecks = new LinkedHashMap<>();
      Map<String, String> where = new LinkedHashMap<>();
      List<Analyzer<?, Metric<?>>> analyzers = new ArrayList<>();
      List<String> monitored = contract.monitor() == null || contract.monitor().completeness() == null
          ? List.of() : contract.monitor().completeness();
      for (LocalDate d : deliveries) {
        String filter = DeequFacade.deliveryFilter(d);
        for (Rule r : rules) {
          if (!r.rowLevel() && !r.onKeys()) {
            datasetChecks.put(r.checkName() + "|" + d, r);
            where.put(r.checkName() + "|" + d, filter);
          }
        }
        analyzers.add(DeequFacade.size(filter));
        monitored.forEach(f -> analyzers.add(DeequFacade.completeness(f, filter)));
      }
      DeequFacade.Run run = DeequFacade.run(e.getValue(), rowRules, datasetChecks, where, analyzers);

      Map<String, DeequFacade.Outcome> byCheck = DeequFacade.outcomes(run);
      Map<LocalDate, String> failed = new TreeMap<>();
      for (Map.Entry<String, Rule> c : datasetChecks.entrySet()) {
        DeequFacade.Outcome o = byCheck.get(c.getKey());
        Rule r = c.getValue();
        LocalDate d = LocalDate.parse(c.getKey().substring(c.getKey().lastIndexOf('|') + 1));
        boolean passed = o != null && o.passed();
        outcomes.add(new Findings.RuleOutcome(source.folder(), d, r.name(), r.column(), r.error(), passed,
            o == null ? null : o.value(), r.minimum(), passed ? null : r.message()));
        if (!passed && r.error()) {
          failed.merge(d, "rule " + r.name() + " failed on column " + r.column()
              + (o != null && o.value() != null ? String.format(java.util.Locale.ROOT, " (%.2f, needs %.2f)",
                  o.value(), r.minimum()) : ""), (a, b) -> a + "; " + b);
        }
      }
      if (!failed.isEmpty()) {
        rejected.put(source, failed);
      }
      for (LocalDate d : deliveries) {
        String filter = DeequFacade.deliveryFilter(d);
        Double rows = DeequFacade.metric(run, DeequFacade.size(filter));
        Map<String, Double> completeness = new LinkedHashMap<>();
        for (String f : monitored) {
          Double v = DeequFacade.metric(run, DeequFacade.completeness(f, filter));
          if (v != null) {
            completeness.put(f, v);
          }
        }
        Findings.DeliveryMetrics m = new Findings.DeliveryMetrics(source.folder(), d,
            rows == null ? 0 : rows.longValue(), completeness);
        metrics.add(m);
        if (!failed.containsKey(d)) {
          anomalies.addAll(history.record(contract, m));
        }
      }
      Dataset<Row> rows = DeequFacade.withOutcomes(context.spark(), run, e.getValue(), Typed.PROBLEMS, Typed.WARNINGS);
      for (LocalDate d : failed.keySet()) {
        rows = rows.filter(col(Typed.DELIVERY_DATE).notEqual(functions.lit(d)));
      }
      validated.put(source, rows);
    }
    for (Source s : Source.values()) {
      volume.addAll(history.volume(s.folder(), 12));
    }
    return new Output(validated, rejected, new Findings.Night(outcomes, metrics, anomalies, volume));
  }
}
