package dk.thbstats.pseudonymise;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Replaces the cleartext of staged rows by keyed tokens (see {@link Pseudonymiser}). Lazy: Spark
 * pipelines it with ingest in one stage, so cleartext rows are never shuffled or stored. The
 * output may be cached; it holds no cleartext.
 */
public final class PseudonymiseStage implements Stage<Dataset<Row>, Dataset<Row>> {
  private final Keyring keyring;

  public PseudonymiseStage(Keyring keyring) {
    this.keyring = keyring;
  }

  @Override
  public String name() {
    return "pseudonymise";
  }

  @Override
  public Dataset<Row> run(Dataset<Row> staged, RunContext context) {
    return staged.map(new Pseudonymiser(keyring), Encoders.row(Pseudonymiser.outputSchema()));
  }
}
