package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.TableContract;
import java.util.ArrayList;
import java.util.HashMap;
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

  /**
   * @param contract the published table's contract (dimensions, threshold)
   * @param counts the true count table ({@code <dimensions>, value})
   * @param written the rows on the audit branch ({@code <dimensions>, value, flag})
   * @return a one-line summary for the run report
   * @throws PipelineException {@link ErrorCode#DISCLOSURE_FAILED} naming the first problems
   */
  public static String check(TableContract contract, Dataset<Row> counts, Dataset<Row> written) {
    List<String> dims = contract.dimensions().stream().map(d -> (String) d.get("name")).collect(Collectors.toList());
    int threshold = contract.threshold() == null ? 5 : contract.threshold();
    Map<List<String>, Long> truth = new HashMap<>();
    for (Row r : collect(counts, contract)) {
      truth.put(coordinates(r, dims), ((Number) r.getAs("value")).longValue());
    }
    List<String> problems = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    Set<CellRef> suppressed = new HashSet<>();
    for (Row r : collect(written, contract)) {
      List<String> at = coordinates(r, dims);
      Long count = truth.get(at);
      Object value = r.getAs("value");
      String flag = r.getAs("flag");
      if (!seen.add(at)) {
        problems.add("cell " + at + " is written twice");
      } else if (count == null) {
        problems.add("cell " + at + " is not in the count table");
      } else if ("c".equals(flag)) {
        if (value != null) {
          problems.add("confidential cell " + at + " carries a value");
        }
        suppressed.add(new CellRef(contract.table(), at));
      } else if (flag != null) {
        problems.add("cell " + at + " has flag '" + flag + "' (only 'c' is used)");
      } else if (value == null || ((Number) value).longValue() != count) {
        problems.add("cell " + at + " is published as " + value + ", not its count");
      }
    }
    if (seen.size() < truth.size()) {
      problems.add((truth.size() - seen.size()) + " cell(s) of the count table are not written");
    }
    String intervals = "no suppressed cell";
    if (problems.isEmpty() && truth.values().stream().anyMatch(v -> v > 0)) {
      CountTable.Builder b = CountTable.builder(contract.table(), dims);
      truth.forEach((at, v) -> b.add(at, v));
      AuditReport report = DisclosureAudit.builder().threshold(threshold).protection(Protection.interval(threshold))
          .build().audit(b.build(), suppressed);
      report.violations().stream().limit(3).forEach(v -> problems.add(v.message()));
      intervals = suppressed.size() + " suppressed cell(s), each with a feasible interval of at least " + threshold
          + " (" + report.linearPrograms() + " linear programs)";
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit of " + contract.table()
          + " failed, nothing published: " + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
          + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : ""));
    }
    return "passed on the audit branch: " + intervals + ", no unflagged value from 1 to " + (threshold - 1);
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
