package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.core.RunContext;
import dk.thbstats.core.Stage;
import dk.thbstats.schema.Published;
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

  /**
   * The tables of one release and their full count tables ({@code <dimensions>, value}), in the
   * same order. Tables sharing dimensions share margins: a cell whose other dimensions are all
   * {@code TOTAL} is the same number in each, and suppression and audit hold them equal.
   */
  public record Input(List<Tables> tables, List<Dataset<Row>> counts, EarlierReleases earlier) {
    /** Tables with no earlier release. */
    public Input(List<Tables> tables, List<Dataset<Row>> counts) {
      this(tables, counts, EarlierReleases.none());
    }
  }

  /**
   * The cells of the tables whose count equals a value some earlier release published for them:
   * whoever holds that release knows them (assuming, rightly, no revision), so they count as
   * published now — suppressing one of them would protect nothing.
   */
  static java.util.Set<CellRef> knownFromEarlier(List<TableContract> contracts, List<Map<List<String>, Long>> counts,
      EarlierReleases earlier) {
    java.util.Set<CellRef> known = new java.util.HashSet<>();
    for (int i = 0; i < contracts.size(); i++) {
      String table = contracts.get(i).table();
      for (Map.Entry<List<String>, Long> c : counts.get(i).entrySet()) {
        if (earlier.published(table, c.getKey(), c.getValue())) {
          known.add(new CellRef(table, c.getKey()));
        }
      }
    }
    return known;
  }

  /** One table's publishable rows and what suppression did to it. */
  public record Table(Tables table, Dataset<Row> published, int cells, int primary, int secondary) {
    public long suppressedCells() {
      return (long) primary + secondary;
    }
  }

  /** Every table's result, and the audit of them together. */
  public record Output(List<Table> tables, String auditSummary) {
    /** The result of one table. */
    public Table of(Tables t) {
      return tables.stream().filter(x -> x.table() == t).findFirst().orElseThrow();
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

  static List<String> dimensions(TableContract contract) {
    return contract.dimensions().stream().map(d -> (String) d.get("name")).collect(Collectors.toList());
  }

  /** A table's counts by cell coordinates, collected (an aggregate; guarded), in row order. */
  static java.util.LinkedHashMap<List<String>, Long> collectCounts(TableContract contract, Dataset<Row> counts) {
    List<String> dims = dimensions(contract);
    List<Row> rows = counts.limit(MAX_CELLS + 1).collectAsList();
    if (rows.size() > MAX_CELLS) {
      throw new PipelineException(ErrorCode.INTERNAL,
          "table " + contract.table() + " has more than " + MAX_CELLS + " cells; it is not an aggregate");
    }
    java.util.LinkedHashMap<List<String>, Long> out = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      List<String> coords = new ArrayList<>();
      for (String d : dims) {
        coords.add(r.getAs(d));
      }
      out.put(coords, ((Number) r.getAs("value")).longValue());
    }
    return out;
  }

  /** The count table of collected counts (needs some year besides TOTAL: not for an empty table). */
  static CountTable countTable(TableContract contract, Map<List<String>, Long> counts) {
    CountTable.Builder builder = CountTable.builder(contract.table(), dimensions(contract));
    counts.forEach((coords, v) -> builder.add(coords, v));
    return builder.build();
  }

  /**
   * The equations between tables that share dimensions: for every pair of tables and every
   * combination of their shared dimensions' values (TOTAL included), the cell with all other
   * dimensions at TOTAL is the same number in both.
   */
  static LinearConstraints shared(List<CountTable> tables) {
    LinearConstraints.Builder b = LinearConstraints.builder();
    for (int i = 0; i < tables.size(); i++) {
      for (int j = i + 1; j < tables.size(); j++) {
        CountTable x = tables.get(i);
        CountTable y = tables.get(j);
        for (Cell c : x.cells()) {
          java.util.Map<String, String> at = new java.util.HashMap<>();
          boolean onShared = true;
          for (int d = 0; d < x.dimensions().size(); d++) {
            String dim = x.dimensions().get(d);
            String v = c.ref().coordinates().get(d);
            if (y.dimensions().contains(dim)) {
              at.put(dim, v);
            } else if (!Published.TOTAL.equals(v)) {
              onShared = false;
            }
          }
          if (!onShared || at.isEmpty()) {
            continue;
          }
          List<String> coords = new ArrayList<>();
          for (String dim : y.dimensions()) {
            coords.add(at.getOrDefault(dim, Published.TOTAL));
          }
          CellRef other = new CellRef(y.name(), coords);
          if (y.contains(other)) {
            b.add(Equality.same(x.name() + "=" + y.name(), c.ref(), other));
          }
        }
      }
    }
    return b.build();
  }

  @Override
  public Output run(Input input, RunContext context) {
    List<Map<List<String>, Long>> raw = new ArrayList<>();
    List<TableContract> contracts = new ArrayList<>();
    int threshold = 0;
    for (int i = 0; i < input.tables().size(); i++) {
      TableContract contract = input.tables().get(i).contract();
      contracts.add(contract);
      raw.add(collectCounts(contract, input.counts().get(i)));
      int t = contract.threshold() == null ? 5 : contract.threshold();
      threshold = Math.max(threshold, t);
    }
    int th = threshold;
    // Nothing to protect (e.g. no registered victims yet): every cell is a known zero.
    boolean nothing = raw.stream().allMatch(m -> m.values().stream().allMatch(v -> v == 0));
    SuppressionResult result = null;
    List<CountTable> tables = new ArrayList<>();
    if (!nothing) {
      for (int i = 0; i < raw.size(); i++) {
        tables.add(countTable(contracts.get(i), raw.get(i)));
      }
      LinearConstraints shared = shared(tables);
      java.util.Set<CellRef> known = knownFromEarlier(contracts, raw, input.earlier());
      Suppressor suppressor = Suppressor.builder()
          .threshold(th)
          .protection(Protection.interval(th))
          .neverSuppress(cell -> known.contains(cell.ref()) || cell.value() >= th
              && !cell.isTotal(cell.dimensions().get(0)) && cell.dimensions().stream().skip(1).allMatch(cell::isTotal))
          .build();
      result = suppressor.suppress(tables, shared);
      if (!result.isProtected()) {
        throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "tables "
            + input.tables().stream().map(Tables::table).collect(Collectors.joining(", "))
            + " cannot be protected: " + result.failures().size() + " audit violation(s), e.g. "
            + result.failures().get(0));
      }
    }
    List<Table> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String name = contracts.get(i).table();
      List<String> dims = dimensions(contracts.get(i));
      List<Row> rows = new ArrayList<>();
      int primary = 0;
      int secondary = 0;
      for (Map.Entry<List<String>, Long> c : raw.get(i).entrySet()) {
        Object[] values = new Object[dims.size() + 2];
        for (int d = 0; d < dims.size(); d++) {
          values[d] = c.getKey().get(d);
        }
        CellStatus status = result == null ? CellStatus.PUBLISHED : result.status(new CellRef(name, c.getKey()));
        boolean suppressed = status.isSuppressed();
        primary += status == CellStatus.PRIMARY ? 1 : 0;
        secondary += status == CellStatus.SECONDARY ? 1 : 0;
        values[dims.size()] = suppressed ? null : Math.toIntExact(c.getValue());
        values[dims.size() + 1] = suppressed ? "c" : null;
        rows.add(RowFactory.create(values));
      }
      out.add(new Table(input.tables().get(i), context.spark().createDataFrame(rows, schema(dims)), raw.get(i).size(),
          primary, secondary));
    }
    String audit = result == null ? "passed: every cell is 0, nothing to suppress"
        : "passed: " + result.suppressed().size() + " suppressed cells in " + tables.size() + " table(s), each with a"
            + " feasible interval of at least " + th + " given every published cell and the shared margins ("
            + result.linearPrograms() + " linear programs)";
    return new Output(out, audit);
  }
}
