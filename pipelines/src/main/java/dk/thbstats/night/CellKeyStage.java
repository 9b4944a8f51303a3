package dk.thbstats.night;

import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.disclose.CellKeyMethod;
import dk.thbstats.disclose.PerturbationTable;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The cell key method on the trend tables: each cell's count perturbed at its own cell key by the
 * perturbation table its contract names (checkpointed: the audits read the result again).
 */
final class CellKeyStage implements Stage<CellKeyStage.Input, CellKeyStage.Output> {
  /** The trend tables' true counts with their cell keys. */
  record Input(Map<Tables, Dataset<Row>> trends) {}

  /** Per trend table: the perturbed rows, the perturbation table used, and the number of cells. */
  record Output(Map<Tables, Dataset<Row>> perturbed, Map<Tables, PerturbationTable> ptables, Map<Tables, Long> cells) {}

  @Override
  public String name() {
    return "cell key method";
  }

  @Override
  public Output run(Input in, RunContext context) {
    Map<Tables, Dataset<Row>> perturbed = new LinkedHashMap<>();
    Map<Tables, PerturbationTable> ptables = new LinkedHashMap<>();
    Map<Tables, Long> cells = new LinkedHashMap<>();
    for (Map.Entry<Tables, Dataset<Row>> e : in.trends().entrySet()) {
      TableContract contract = e.getKey().contract();
      PerturbationTable ptable = PerturbationTable.load(contract.perturbation());
      ptables.put(e.getKey(), ptable);
      perturbed.put(e.getKey(), CellKeyMethod.perturb(contract, e.getValue(), ptable).localCheckpoint());
      cells.put(e.getKey(), (long) e.getValue().collectAsList().size());
    }
    return new Output(perturbed, ptables, cells);
  }
}
