package dk.thbstats.night;

import dk.thbstats.aggregate.ActionPlanIndicators;
import dk.thbstats.aggregate.Traffickers;
import dk.thbstats.aggregate.VictimsFunnel;
import dk.thbstats.aggregate.VictimsProfile;
import dk.thbstats.aggregate.VictimsTrend;
import dk.thbstats.core.Parallel;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluators' trend tables, true counts with each cell's key (the cell key method perturbs
 * them next): distinct persons and the sum of their record keys per cell. Each comes back as a
 * small local table (TrendCube collects the aggregate); they are independent, so a few are
 * computed at a time.
 */
final class TrendTablesStage implements Stage<TrendTablesStage.Input, TrendTablesStage.Output> {
  /**
   * The restricted persons, events, links and record keys; the code lists; the victims' reference
   * years and the years any trend covers.
   */
  record Input(Dataset<Row> persons, Dataset<Row> events, Dataset<Row> links, Dataset<Row> recordKeys,
      CodeLists codeLists, List<Integer> victimYears, List<Integer> trendYears) {}

  /** The count table of each trend table, in publishing order. */
  record Output(Map<Tables, Dataset<Row>> counts) {}

  @Override
  public String name() {
    return "trend tables";
  }

  @Override
  public Output run(Input in, RunContext context) {
    SparkSession spark = context.spark();
    Dataset<Row> persons = in.persons();
    Dataset<Row> events = in.events();
    Dataset<Row> links = in.links();
    Dataset<Row> recordKeys = in.recordKeys();
    List<Integer> victimYears = in.victimYears();
    List<Integer> trendYears = in.trendYears();
    @SuppressWarnings("unchecked")
    List<String> authorities = ((List<String>) Tables.VICTIMS_AUTHORITY.contract().dimensions().get(1).get("codes"))
        .stream().filter(c -> !"UNK".equals(c)).toList();
    LinkedHashMap<Tables, Supplier<Dataset<Row>>> work = new LinkedHashMap<>();
    work.put(Tables.TREND_VICTIMS, () -> VictimsTrend.toCounts(spark, VictimsTrend.toFacts(persons), recordKeys,
        trendYears));
    work.put(Tables.VICTIMS_PROFILE, () -> VictimsProfile.byAgeBand(spark, persons, recordKeys, victimYears));
    work.put(Tables.VICTIMS_AUTHORITY, () -> VictimsProfile.byAuthority(spark, persons, recordKeys, victimYears,
        authorities));
    work.put(Tables.VICTIMS_SOURCE_OVERLAP, () -> VictimsProfile.bySources(spark, persons, recordKeys, victimYears));
    work.put(Tables.VICTIMS_NATIONALITY, () -> VictimsProfile.byNationality(spark, persons, recordKeys, victimYears,
        VictimsProfile.topNationalities(persons), in.codeLists()));
    work.put(Tables.VICTIMS_FUNNEL, () -> VictimsFunnel.toCounts(spark, VictimsFunnel.toFacts(events, links, persons),
        recordKeys, trendYears));
    work.put(Tables.VICTIMS_FIRST_REGISTERED, () -> VictimsProfile.byFirstRegistration(spark, persons, events, links,
        recordKeys, trendYears));
    work.put(Tables.VICTIMS_FORM_COMBINATION, () -> VictimsTrend.byCombination(spark, VictimsTrend.toFacts(persons),
        recordKeys, victimYears));
    work.put(Tables.TRAFFICKERS_STAGES, () -> Traffickers.byStage(spark, events, links, persons, recordKeys,
        trendYears));
    ActionPlanIndicators.Mapping mapping = ActionPlanIndicators.mapping();
    for (ActionPlanIndicators.Area area : mapping.areas()) {
      work.put(area.table(), () -> ActionPlanIndicators.toCounts(spark, mapping, area,
          ActionPlanIndicators.toFacts(spark, mapping, area, events, links, persons), recordKeys, trendYears));
    }
    return new Output(Parallel.run(work));
  }
}
