package dk.thbstats.night;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.link.PersonTable;
import dk.thbstats.pseudonymise.Ages;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rebuilds {@code restricted.persons} from the records and tonight's links ({@link PersonTable}):
 * one row per person, with ages from sealed birth dates ({@link Ages}, never the key itself).
 */
final class PersonsStage implements Stage<PersonsStage.Input, PersonsStage.Output> {
  /** The warehouse (its links written tonight), every record accepted so far, and the ages the key opens. */
  record Input(Warehouse warehouse, Dataset<Row> records, Ages ages) {}

  /** The persons as written (read back from the table, lazily). */
  record Output(Dataset<Row> persons) {}

  @Override
  public String name() {
    return "persons";
  }

  @Override
  public Output run(Input in, RunContext context) {
    in.warehouse().overwrite(Tables.PERSONS,
        PersonTable.build(in.records(), in.warehouse().read(Tables.LINKS), in.ages()).localCheckpoint());
    return new Output(in.warehouse().read(Tables.PERSONS));
  }
}
