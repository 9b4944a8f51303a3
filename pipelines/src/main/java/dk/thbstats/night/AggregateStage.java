package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;

import dk.thbstats.aggregate.Traffickers;
import dk.thbstats.aggregate.VictimsByCitizenship;
import dk.thbstats.aggregate.VictimsByExploitation;
import dk.thbstats.aggregate.VictimsRegistered;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The true count tables of every {@link SuppressionGroup}: full, additive tables with their TOTAL
 * margins, checkpointed (suppression, the audits and the publish step read them several times).
 */
public final class AggregateStage implements Stage<AggregateStage.Input, AggregateStage.Output> {
  /** The restricted persons, events and links, the code lists and the victims' reference years. */
  public record Input(Dataset<Row> persons, Dataset<Row> events, Dataset<Row> links, CodeLists codeLists,
      List<Integer> victimYears) {}

  /** The count table of each suppression table. */
  public record Output(Map<Tables, Dataset<Row>> counts) {}

  @Override
  public String name() {
    return "aggregate";
  }

  @Override
  public Output run(Input in, RunContext context) {
    return new Output(countTables(context.spark(), in));
  }

  /** The true count table of every table of the {@link SuppressionGroup}s (checkpointed). */
  public static Map<Tables, Dataset<Row>> countTables(SparkSession spark, Input in) {
    Dataset<Row> persons = in.persons();
    List<Integer> victimYears = in.victimYears();
    Dataset<Row> trafficking = Traffickers.toCells(in.events(), in.links(), persons).localCheckpoint();
    List<Integer> justiceYears = StatisticsStep.span(trafficking.select(col(Published.YEAR).cast("int").as("y")));
    Map<Tables, Dataset<Row>> out = new java.util.EnumMap<>(Tables.class);
    out.put(Tables.VICTIMS_REGISTERED, VictimsRegistered.toCounts(spark, VictimsRegistered.toVictimCells(persons),
        victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_CITIZENSHIP, VictimsByCitizenship.toCounts(spark,
        VictimsByCitizenship.toVictimCells(persons, in.codeLists()), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_EXPLOITATION, VictimsByExploitation.toCounts(spark,
        VictimsByExploitation.toVictimCells(persons), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_EXPLOITATION_SEX, VictimsByExploitation.toCountsBySex(spark,
        VictimsByExploitation.toVictimCellsBySex(persons), victimYears).localCheckpoint());
    out.put(Tables.VICTIMS_REGISTERED_STATUS, VictimsRegistered.toCountsByStatus(spark,
        VictimsRegistered.toVictimCellsByStatus(persons), victimYears).localCheckpoint());
    out.put(Tables.TRAFFICKERS, Traffickers.byOffence(spark, trafficking, justiceYears).localCheckpoint());
    out.put(Tables.TRAFFICKERS_SEX, Traffickers.bySex(spark, trafficking, justiceYears).localCheckpoint());
    return out;
  }
}
