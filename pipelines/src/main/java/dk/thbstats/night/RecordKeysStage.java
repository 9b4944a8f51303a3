package dk.thbstats.night;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.pseudonymise.CellKeys;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.CkmKeys;
import dk.thbstats.schema.Tables.Persons;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The cell key method's record keys ({@code restricted.ckm_keys}): assigned once, the first night a
 * person key appears, from the key; then only read, so the same person always adds the same key.
 */
final class RecordKeysStage implements Stage<RecordKeysStage.Input, RecordKeysStage.Output> {
  /** The warehouse, the persons of the night, the key and the night's vintage (the assignment date). */
  record Input(Warehouse warehouse, Dataset<Row> persons, Keyring keyring, LocalDate vintage) {}

  /** How many persons got a key tonight, and every record key (read back from the table, lazily). */
  record Output(long assigned, Dataset<Row> recordKeys) {}

  @Override
  public String name() {
    return "record keys";
  }

  @Override
  public Output run(Input in, RunContext context) {
    Warehouse warehouse = in.warehouse();
    Dataset<Row> fresh = in.persons().select(Persons.PERSON_KEY)
        .join(warehouse.read(Tables.CKM_KEYS).select(CkmKeys.PERSON_KEY), CkmKeys.PERSON_KEY, "left_anti")
        .select(col(CkmKeys.PERSON_KEY), CellKeys.recordKey(in.keyring(), col(CkmKeys.PERSON_KEY)).as(CkmKeys.CKM_KEY),
            lit(in.vintage()).cast("date").as(CkmKeys.ASSIGNED_ON))
        .localCheckpoint();
    long n = fresh.count();
    if (n > 0) {
      warehouse.append(Tables.CKM_KEYS, fresh);
    }
    return new Output(n, warehouse.read(Tables.CKM_KEYS));
  }
}
