package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Events;
import dk.thbstats.schema.Tables.Records;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rebuilds {@code restricted.events} from the records: one row per event a record carries
 * (identification, decision, charge, ...), with the record's key, source, role and delivery date.
 * One overwrite: a night that fails after it rebuilds the same table when re-run.
 */
final class EventsStage implements Stage<EventsStage.Input, EventsStage.Output> {
  /** The warehouse to write to and every record accepted so far. */
  record Input(Warehouse warehouse, Dataset<Row> records) {}

  /** The events as written (read back from the table, lazily). */
  record Output(Dataset<Row> events) {}

  @Override
  public String name() {
    return "events";
  }

  @Override
  public Output run(Input in, RunContext context) {
    in.warehouse().overwrite(Tables.EVENTS, in.records()
        .select(col(Records.RECORD_KEY), col(Records.SOURCE), col(Records.ROLE), col(Records.DELIVERY_DATE),
            explode(col(Records.EVENTS)).as("e"))
        .select(col(Records.RECORD_KEY), col(Records.SOURCE), col(Records.ROLE),
            col("e.event_type").as(Events.EVENT_TYPE), col("e.event_date").as(Events.EVENT_DATE),
            col("e.authority").as(Events.AUTHORITY), col("e.offence").as(Events.OFFENCE),
            col(Records.DELIVERY_DATE)));
    return new Output(in.warehouse().read(Tables.EVENTS));
  }
}
