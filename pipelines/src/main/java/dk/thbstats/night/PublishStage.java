package dk.thbstats.night;

import dk.thbstats.aggregate.RegisteredChange;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.Parallel;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.disclose.CellKeyMethod;
import dk.thbstats.disclose.CellRef;
import dk.thbstats.disclose.CrossMethodAudit;
import dk.thbstats.disclose.EarlierReleases;
import dk.thbstats.disclose.MethodLinks;
import dk.thbstats.disclose.PublishAudit;
import dk.thbstats.publish.Publisher;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Population;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Write-audit-publish of every statistics table of the night: the rows go to the tables' audit
 * branches, are audited as written — each suppression group against its true counts and the
 * earlier releases, the derived table against the published cells it comes from, each cell-key
 * table against its perturbation, and the attack across methods on the rows as written — and only
 * then become what readers see. A failed audit publishes nothing.
 */
final class PublishStage implements Stage<PublishStage.Input, PublishStage.Output> {
  /**
   * The warehouse, the tables to publish and the vintage; the true counts and earlier releases the
   * suppression audit checks against; the trend tables' counts, their perturbation and what the
   * disclose step withheld and attacked; the population the derived table used; and what every
   * table was made from (its snapshot properties).
   */
  record Input(Warehouse warehouse, List<Publisher.Release> releases, LocalDate vintage,
      Map<Tables, Dataset<Row>> counts, EarlierReleases earlier, Map<Tables, Dataset<Row>> trends,
      CellKeyStage.Output cellKey, AcrossMethodsStage.Output across, MethodLinks links,
      MethodLinks.CountryGroups countries, Population population, NightInputs inputs) {}

  /** The audit's summary, one clause per check. */
  record Output(String audit) {}

  @Override
  public String name() {
    return "publish";
  }

  @Override
  public Output run(Input in, RunContext context) {
    Warehouse warehouse = in.warehouse();
    Map<Tables, Dataset<Row>> counts = in.counts();
    Map<Tables, Dataset<Row>> trends = in.trends();
    Set<CellRef> withheld = in.across().withheld();
    String audit = Publisher.publish(warehouse, in.releases(), in.vintage(), written -> {
      List<String> summaries = new ArrayList<>();
      for (SuppressionGroup g : SuppressionGroup.values()) {
        summaries.add(PublishAudit.check(g.tables().stream().map(Tables::contract).toList(),
            g.tables().stream().map(counts::get).toList(), g.tables().stream().map(written::get).toList(),
            in.earlier()));
      }
      // The derived table is exactly what the published (written) counts give.
      Dataset<Row> derived = written.get(Tables.VICTIMS_REGISTERED_CHANGE)
          .select(Published.YEAR, "sex", "age_group", "measure", "value", "flag");
      Dataset<Row> expected = RegisteredChange.of(written.get(Tables.VICTIMS_REGISTERED), in.population());
      long differ = derived.exceptAll(expected).count() + expected.exceptAll(derived).count();
      if (differ > 0) {
        throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit of victims_registered_change failed,"
            + " nothing published: " + differ + " row(s) are not computed from the published victims_registered");
      }
      summaries.add("victims_registered_change: " + derived.count() + " rows, each computed from published cells");
      Parallel.map(new ArrayList<>(trends.keySet()), t -> CellKeyMethod.audit(t.contract(), trends.get(t),
          written.get(t), in.cellKey().ptables().get(t), in.links().of(t.table()) != null));
      long cells = in.cellKey().cells().values().stream().mapToLong(Long::longValue).sum();
      summaries.add("cell key tables passed: " + trends.size() + " table(s), " + cells + " cells, each its count"
          + " perturbed at its own cell key (or withheld beside a suppressed cell), none 1 or 2");
      // The attack across methods on the rows as written: every suppression table of a group and
      // every cell-key table linked to it, together.
      for (SuppressionGroup g : SuppressionGroup.values()) {
        List<CrossMethodAudit.SuppressionTable> suppressed = new ArrayList<>();
        for (Tables t : g.tables()) {
          suppressed.add(CrossMethodAudit.suppressionTable(t.contract(), counts.get(t), written.get(t)));
        }
        List<CrossMethodAudit.CellKeyTable> linked = AcrossMethodsStage.linkedCellKeyTables(g.tables(), in.links(),
            trends, written, in.cellKey().ptables());
        AcrossMethodsStage.Attacked before = in.across().attacked().get(g);
        boolean same = CrossMethodAudit.sameCells(before.suppression(), before.cellKey(), withheld, suppressed, linked,
            Set.of());
        CrossMethodAudit.Result attack = same ? before.verdict() : CrossMethodAudit.attack(suppressed, linked,
            in.links(), in.countries(), g.threshold(), Set.of());
        if (!attack.passed()) {
          throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit across disclosure methods failed,"
              + " nothing published: " + String.join("; ", attack.violations().subList(0,
                  Math.min(3, attack.violations().size()))));
        }
        Set<String> names = linked.stream().map(CrossMethodAudit.CellKeyTable::name).collect(
            java.util.stream.Collectors.toSet());
        Set<CellRef> mine = new java.util.HashSet<>(withheld);
        mine.removeIf(c -> !names.contains(c.table()));
        summaries.add(g.tables().get(0).table() + " group: " + CrossMethodAudit.summary(attack, mine)
            + (same ? " (the rows written are the cells the disclose step attacked)" : ""));
      }
      return String.join("; ", summaries);
    }, t -> in.inputs().properties(warehouse, t));
    return new Output(audit);
  }
}
