package dk.thbstats.night;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.RunId;
import dk.thbstats.core.Stage;
import dk.thbstats.link.FellegiSunter;
import dk.thbstats.link.LinkReport;
import dk.thbstats.link.LinkSettings;
import dk.thbstats.link.LinkStage;
import dk.thbstats.link.ModelFile;
import dk.thbstats.link.ProbabilisticLinkage;
import dk.thbstats.publish.RunReport;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.PersonRedirects;
import dk.thbstats.schema.Tables.Records;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes what linkage found: redirects first, and only keys not retired before (a rerun after a
 * failure between the writes neither loses nor doubles them); then the scored pairs; then the
 * links with the linkage state in the same commit (a night that fails after the pairs finds its
 * new records still unlinked and scores them again); then the review pairs. The night's linkage
 * page goes to the run folder (aggregates only, like run.json).
 */
final class LinkWriteStage implements Stage<LinkWriteStage.Input, LinkWriteStage.Output> {
  /**
   * The warehouse, every record accepted so far, linkage's result, the settings and bundled model it
   * ran with (null when a model was fitted), and the run.
   */
  record Input(Warehouse warehouse, Dataset<Row> records, LinkStage.Output linked, LinkSettings settings,
      FellegiSunter bundledModel, RunId runId) {}

  /** The figures of the night's linkage, for run.json and the summary. */
  record Output(LinkFigures figures) {}

  @Override
  public String name() {
    return "link-write";
  }

  @Override
  public Output run(Input in, RunContext context) {
    Warehouse warehouse = in.warehouse();
    LinkStage.Output linked = in.linked();
    Dataset<Row> links = linked.links()
        .join(in.records().select(Records.RECORD_KEY, Records.SOURCE), Records.RECORD_KEY)
        .localCheckpoint();
    Dataset<Row> known = warehouse.read(Tables.PERSON_REDIRECTS).select(PersonRedirects.OLD_PERSON_KEY);
    Dataset<Row> redirects = linked.redirects()
        .join(known, linked.redirects().col(PersonRedirects.OLD_PERSON_KEY)
            .equalTo(known.col(PersonRedirects.OLD_PERSON_KEY)), "left_anti")
        .localCheckpoint();
    long redirectCount = redirects.count();
    if (redirectCount > 0) {
      warehouse.append(Tables.PERSON_REDIRECTS, redirects);
    }
    warehouse.overwrite(Tables.LINK_PAIRS, LinkStage.pairsTable(linked.pairs()).localCheckpoint());
    warehouse.overwrite(Tables.LINKS, links, linked.state().toSummary());
    Dataset<Row> review = linked.review().localCheckpoint();
    warehouse.overwrite(Tables.LINK_REVIEW, review);
    boolean bundled = in.bundledModel() != null;
    LinkFigures figures = LinkFigures.of(redirectCount, review.count(), linked.blockSizes(), in.settings(),
        linked.model(), bundled, linked.night(), links);
    LinkReport.Figures page = LinkReport.figures("nightly run " + in.runId().value() + " (" + linked.night().mode()
            + ")", bundled ? "schemas/" + ModelFile.BUNDLED : "fitted on this night's records",
        linked.model(), in.settings(), linked.fitProblems(), linked.night().records(),
        linked.night().comparedPairs(), linked.pairs(), figures.clusters(), figures.rules(),
        ProbabilisticLinkage.linkColumns(in.records()));
    RunReport.writeText(warehouse.runFolder(in.runId().value()), LinkReport.FILE, LinkReport.html(page),
        warehouse.spark().sparkContext().hadoopConfiguration());
    return new Output(figures);
  }
}
