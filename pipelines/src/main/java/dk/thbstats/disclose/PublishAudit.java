package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.TableContract;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audit step of write-audit-publish for a suppression table: reads the rows as they were
 * written to the audit branch and checks them against the true counts, the way an intruder
 * would attack them. It fails when a row is missing or extra, a published value differs from the
 * count, a flag is not Eurostat's {@code c} with an empty value, an unflagged value lies in
 * {@code 1 .. threshold − 1}, or a suppressed cell can be narrowed (linear programs with
 * non-negative cells, every published cell fixed) to an interval shorter than the threshold.
 * Works on aggregates only (collected; a few hundred cells).
 */
public final class PublishAudit {
  private PublishAudit() {}

  /** One table's audit: see {@link #check(List, List, List)}. */
  public static String check(TableContract contract, Dataset<Row> counts, Dataset<Row> written) {
    return check(List.of(contract), List.of(counts), List.of(written));
  }

  /**
   * Audits the tables of one release together, as written to their audit branches: each table's
   * rows against its true counts, then the intervals of every suppressed cell given every
   * published cell of all of them and the margins they share.
   *
   * @param contracts the published tables' contracts (dimensions, threshold)
   * @param counts the true count tables ({@code <dimensions>, value}), same order
   * @param written the rows on the audit branches ({@code <dimensions>, value, flag}), same order
   * @return a one-line summary for the run report
   * @throws PipelineException {@link ErrorCode#DISCLOSURE_FAILED} naming the first problems
   */
  public static String check(List<TableContract> contracts, List<Dataset<Row>> counts, List<Dataset<Row>> written) {
    return check(contracts, counts, written, EarlierReleases.none());
  }

  /**
   * {@link #check(List, List, List)} against every earlier release too: a cell some earlier
   * release published with the value it has now is known to whoever holds that release, so
   * suppressing it now fails the audit, and it counts as published in the linear programs (as
   * every published cell does). The summary names the releases considered.
   *
   * @param earlier what the earlier releases published (suppressed cells absent)
   */
  public static String check(List<TableContract> contracts, List<Dataset<Row>> counts, List<Dataset<Row>> written,
      EarlierReleases earlier) {
    List<String> problems = new ArrayList<>();
    List<CountTable> tables = new ArrayList<>();
    Set<CellRef> suppressed = new HashSet<>();
    int threshold = 0;
    List<Map<List<String>, Long>> truths = new ArrayList<>();
    for (int i = 0; i < contracts.size(); i++) {
      TableContract contract = contracts.get(i);
      threshold = Math.max(threshold, contract.threshold() == null ? 5 : contract.threshold());
      Map<List<String>, Long> truth = SuppressionStage.collectCounts(contract, counts.get(i));
      truths.add(truth);
      compare(contract, truth, collect(written.get(i), contract), suppressed, problems);
    }
    java.util.Set<CellRef> known = SuppressionStage.knownFromEarlier(contracts, truths, earlier);
    for (CellRef c : suppressed) {
      if (known.contains(c)) {
        problems.add("suppressed cell " + c + " was published with the same value in an earlier release");
      }
    }
    long fromPrevious = earlier.publishedCells();
    String intervals = "no suppressed cell";
    if (problems.isEmpty() && truths.stream().anyMatch(t -> t.values().stream().anyMatch(v -> v > 0))) {
      for (int i = 0; i < contracts.size(); i++) {
        tables.add(SuppressionStage.countTable(contracts.get(i), truths.get(i)));
      }
      AuditReport report = DisclosureAudit.builder().threshold(threshold).protection(Protection.interval(threshold))
          .build().audit(tables, suppressed, SuppressionStage.shared(tables));
      report.violations().stream().limit(3).forEach(v -> problems.add(v.message()));
      intervals = suppressed.size() + " suppressed cell(s) in " + tables.size() + " table(s), each with a feasible"
          + " interval of at least " + threshold + " (" + report.linearPrograms() + " linear programs)";
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit of "
          + contracts.stream().map(TableContract::table).collect(Collectors.joining(", "))
          + " failed, nothing published: " + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
          + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : ""));
    }
    return "passed on the audit branch: " + intervals + ", no unflagged value from 1 to " + (threshold - 1)
        + (earlier.names().isEmpty() ? "; no earlier release" : "; against the earlier releases "
            + String.join(", ", earlier.names()) + ": none suppressed that one published with today's value ("
            + known.size() + " of their " + fromPrevious + " published cells unchanged)");
  }

  /** Checks the written rows of one table against its counts; collects its suppressed cells. */
  private static void compare(TableContract contract, Map<List<String>, Long> counts, List<Row> rows,
      Set<CellRef> suppressed, List<String> problems) {
    List<String> dims = SuppressionStage.dimensions(contract);
    int threshold = contract.threshold() == null ? 5 : contract.threshold();
    Set<List<String>> seen = new HashSet<>();
    for (Row r : rows) {
      List<String> at = coordinates(r, dims);
      Long count = counts.get(at);
      Object value = r.getAs("value");
      String flag = r.getAs("flag");
      String cell = contract.table() + at;
      if (!seen.add(at)) {
        problems.add("cell " + cell + " is written twice");
      } else if (count == null) {
        problems.add("cell " + cell + " is not in the count table");
      } else if ("c".equals(flag)) {
        if (value != null) {
          problems.add("confidential cell " + cell + " carries a value");
        }
        suppressed.add(new CellRef(contract.table(), at));
      } else if (flag != null) {
        problems.add("cell " + cell + " has flag '" + flag + "' (only 'c' is used)");
      } else if (value == null || ((Number) value).longValue() != count) {
        problems.add("cell " + cell + " is published as " + value + ", not its count");
      } else if (count >= 1 && count < threshold) {
        problems.add("published cell " + cell + " is below the threshold " + threshold);
      }
    }
    if (seen.size() < counts.size()) {
      problems.add((counts.size() - seen.size()) + " cell(s) of " + contract.table() + " are not written");
    }
  }

  private static List<Row> collect(Dataset<Row> rows, TableContract contract) {
    List<Row> out = rows.limit(SuppressionStage.MAX_CELLS + 1).collectAsList();
    if (out.size() > SuppressionStage.MAX_CELLS) {
      throw new PipelineException(ErrorCode.INTERNAL,
          "table " + contract.table() + " has more than " + SuppressionStage.MAX_CELLS + " cells; it is not an aggregate");
    }
    return out;
  }

  private static List<String> coordinates(Row r, List<String> dims) {
    List<String> at = new ArrayList<>(dims.size());
    for (String d : dims) {
      at.add(r.getAs(d));
    }
    return at;
  }
}
