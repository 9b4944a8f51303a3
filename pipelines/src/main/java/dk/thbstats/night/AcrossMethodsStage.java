package dk.thbstats.night;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.disclose.CellRef;
import dk.thbstats.disclose.CrossMethodAudit;
import dk.thbstats.disclose.MethodLinks;
import dk.thbstats.disclose.PerturbationTable;
import dk.thbstats.disclose.SuppressionStage;
import dk.thbstats.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two disclosure methods together: a cell-key cell that counts the persons of a suppressed cell
 * is withheld, and so are the cell-key cells an attack across both methods would use to narrow
 * one ({@link CrossMethodAudit#coexist}); the linked tables' all-years rows are sums of their years.
 * Fails, publishing nothing, when withholding cannot protect every suppressed cell.
 */
final class AcrossMethodsStage implements Stage<AcrossMethodsStage.Input, AcrossMethodsStage.Output> {
  /**
   * The suppression tables' true counts and their suppression, the trend tables' true counts and
   * their perturbation, how the methods' tables count the same persons, and each country's
   * citizenship group by year.
   */
  record Input(Map<Tables, Dataset<Row>> counts, Map<SuppressionGroup, SuppressionStage.Output> disclosed,
      Map<Tables, Dataset<Row>> trends, CellKeyStage.Output cellKey, MethodLinks links,
      MethodLinks.CountryGroups countries) {}

  /** What the attack of one group saw and found, so the publish audit can take its verdict. */
  record Attacked(List<CrossMethodAudit.SuppressionTable> suppression, List<CrossMethodAudit.CellKeyTable> cellKey,
      CrossMethodAudit.Result verdict) {}

  /** The cell-key cells withheld, and each group's attack. */
  record Output(Set<CellRef> withheld, Map<SuppressionGroup, Attacked> attacked) {}

  @Override
  public String name() {
    return "disclose across methods";
  }

  @Override
  public Output run(Input in, RunContext context) {
    Set<CellRef> withheld = new java.util.LinkedHashSet<>();
    Map<SuppressionGroup, Attacked> attacked = new java.util.EnumMap<>(SuppressionGroup.class);
    for (SuppressionGroup g : SuppressionGroup.values()) {
      List<CrossMethodAudit.SuppressionTable> suppressed = new ArrayList<>();
      for (Tables t : g.tables()) {
        suppressed.add(CrossMethodAudit.suppressionTable(t.contract(), in.counts().get(t),
            in.disclosed().get(g).of(t).published()));
      }
      List<CrossMethodAudit.CellKeyTable> linked = linkedCellKeyTables(g.tables(), in.links(), in.trends(),
          in.cellKey().perturbed(), in.cellKey().ptables());
      CrossMethodAudit.Coexistence co = CrossMethodAudit.coexist(suppressed, linked, in.links(), in.countries(),
          g.threshold());
      if (!co.result().passed()) {
        throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the cell-key tables cannot be published beside"
            + " the suppression tables: " + co.result().violations().size() + " suppressed cell(s) stay narrow after"
            + " withholding " + co.withheld().size() + " cell-key cell(s), e.g. " + co.result().violations().get(0));
      }
      withheld.addAll(co.withheld());
      attacked.put(g, new Attacked(suppressed, linked, co.result()));
    }
    return new Output(withheld, attacked);
  }

  /** The cell-key tables linked to a suppression table of {@code group}, with their counts and published values. */
  static List<CrossMethodAudit.CellKeyTable> linkedCellKeyTables(List<Tables> group, MethodLinks links,
      Map<Tables, Dataset<Row>> counts, Map<Tables, Dataset<Row>> published, Map<Tables, PerturbationTable> ptables) {
    List<CrossMethodAudit.CellKeyTable> out = new ArrayList<>();
    for (Map.Entry<Tables, Dataset<Row>> e : counts.entrySet()) {
      MethodLinks.Link link = links.of(e.getKey().table());
      if (link != null && group.stream().anyMatch(t -> t.table().equals(link.suppressionTable()))) {
        out.add(CrossMethodAudit.cellKeyTable(e.getKey().contract(), e.getValue(), published.get(e.getKey()),
            ptables.get(e.getKey())));
      }
    }
    return out;
  }
}
