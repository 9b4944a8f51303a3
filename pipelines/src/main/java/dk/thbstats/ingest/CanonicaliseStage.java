package dk.thbstats.ingest;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.CodeLists;
import dk.thbstats.schema.Contracts;
import dk.thbstats.schema.Source;
import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.Staged;
import java.util.Collections;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Maps the validated typed rows of every source to one dataset of canonical staged rows (see
 * {@link Canonicaliser}). Lazy and narrow: it runs in the same Spark stage as reading and
 * pseudonymisation, so its cleartext output is never stored or shuffled.
 */
public final class CanonicaliseStage implements Stage<Map<Source, Dataset<Row>>, Dataset<Row>> {
  private final Map<Source, SourceContract> contracts;

  public CanonicaliseStage(CodeLists codeLists) {
    this.contracts = Contracts.loadAll(codeLists);
  }

  @Override
  public String name() {
    return "canonicalise";
  }

  @Override
  public Dataset<Row> run(Map<Source, Dataset<Row>> validated, RunContext context) {
    StructType staged = Staged.contract().schema();
    Dataset<Row> all = null;
    for (Map.Entry<Source, Dataset<Row>> e : validated.entrySet()) {
      Dataset<Row> rows = e.getValue().map(new Canonicaliser(contracts.get(e.getKey()), staged), Encoders.row(staged));
      all = all == null ? rows : all.union(rows);
    }
    return all != null ? all : context.spark().createDataFrame(Collections.emptyList(), staged);
  }
}
