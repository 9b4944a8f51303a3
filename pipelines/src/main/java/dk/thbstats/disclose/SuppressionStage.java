package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies suppression to a count table on Spark's driver. The input is an aggregated table
 * (one row per cell, a few hundred cells), never record-level data; the output has the
 * published table's columns: dimensions, {@code value} (null when suppressed) and {@code flag}
 * ({@code c} when confidential).
 *
 * <p>The threshold comes from the table's contract. Every suppressed cell must keep a feasible
 * interval (given all published cells and margins) at least as wide as the threshold, so that a
 * suppressed 1 cannot be narrowed to "0 or 1". The yearly national totals (every dimension but
 * the first at {@code TOTAL}, the first a year) are never chosen as complements when they are at
 * or above the threshold. The total over all years may be: when one year's national total is
 * below the threshold (the first weeks of a year), the total over all years minus the published
 * years would give it away. A table that cannot be protected fails the stage: nothing is
 * published.
 */
public final class SuppressionStage implements Stage<SuppressionStage.Input, SuppressionStage.Output> {
  /** Guard against collecting something that is not an aggregate. */
  static final int MAX_CELLS = 100_000;

  /** The table and its full count table ({@code <dimensions>, value}). */
  public record Input(Tables table, Dataset<Row> counts) {}

  /** The publishable rows and what suppression did. */
  public record Output(Dataset<Row> published, int cells, int primary, int secondary, String auditSummary) {
    public long suppressedCells() {
      return (long) primary + secondary;
    }
  }

  @Override
  public String name() {
    return "disclose";
  }

  private static StructType schema(List<String> dims) {
    List<StructField> fields = new ArrayList<>();
    for (String d : dims) {
      fields.add(DataTypes.createStructField(d, DataTypes.StringType, false));
    }
    fields.add(DataTypes.createStructField("value", DataTypes.IntegerType, true));
    fields.add(DataTypes.createStructField("flag", DataTypes.StringType, true));
    return DataTypes.createStructType(fields);
  }

  @Override
  public Output run(Input input, RunContext context) {
    TableContract contract = input.table().contract();
    List<String> dims = contract.dimensions().stream().map(d -> (String) d.get("name")).collect(Collectors.toList());
    int threshold = contract.threshold() == null ? 5 : contract.threshold();
    List<Row> rows = input.counts().limit(MAX_CELLS + 1).collectAsList();
    if (rows.size() > MAX_CELLS) {
      throw new PipelineException(ErrorCode.INTERNAL,
          "table " + contract.table() + " has more than " + MAX_CELLS + " cells; it is not an aggregate");
    }
    if (rows.stream().allMatch(r -> ((Number) r.getAs("value")).longValue() == 0)) {
      // Nothing to protect (e.g. no registered victims yet): every cell is a known zero.
      List<Row> zeros = new ArrayList<>();
      for (Row r : rows) {
        Object[] values = new Object[dims.size() + 2];
        for (int i = 0; i < dims.size(); i++) {
          values[i] = r.getAs(dims.get(i));
        }
        values[dims.size()] = 0;
        zeros.add(RowFactory.create(values));
      }
      return new Output(context.spark().createDataFrame(zeros, schema(dims)), rows.size(), 0, 0,
          "passed: every cell is 0, nothing to suppress");
    }
    CountTable.Builder builder = CountTable.builder(contract.table(), dims);
    for (Row r : rows) {
      List<String> coords = new ArrayList<>();
      for (String d : dims) {
        coords.add(r.getAs(d));
      }
      builder.add(coords, ((Number) r.getAs("value")).longValue());
    }
    CountTable table = builder.build();
    String timeDim = dims.get(0);
    Suppressor suppressor = Suppressor.builder()
        .threshold(threshold)
        .protection(Protection.interval(threshold))
        .neverSuppress(cell -> cell.value() >= threshold && !cell.isTotal(timeDim)
            && dims.stream().filter(d -> !d.equals(timeDim)).allMatch(cell::isTotal))
        .build();
    SuppressionResult result = suppressor.suppress(table);
    if (!result.isProtected()) {
      throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "table " + contract.table()
          + " cannot be protected: " + result.failures().size() + " audit violation(s), e.g. "
          + result.failures().get(0));
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<CellRef, CellOutcome> e : result.cells().entrySet()) {
      CellOutcome o = e.getValue();
      Object[] values = new Object[dims.size() + 2];
      for (int i = 0; i < dims.size(); i++) {
        values[i] = e.getKey().coordinates().get(i);
      }
      boolean suppressed = o.status().isSuppressed();
      values[dims.size()] = suppressed ? null : Math.toIntExact(o.value());
      values[dims.size() + 1] = suppressed ? "c" : null;
      out.add(RowFactory.create(values));
    }
    String audit = "passed: " + result.suppressed().size() + " suppressed cells, each with a feasible interval"
        + " of at least " + threshold + " (" + result.linearPrograms() + " linear programs)";
    return new Output(context.spark().createDataFrame(out, schema(dims)), table.size(),
        result.primaryCount(), result.secondaryCount(), audit);
  }
}
