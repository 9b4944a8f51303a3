package dk.thbstats.disclose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Schemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The perturbation table of the cell key method, as versioned data
 * ({@code schemas/disclosure/perturbation.v<N>.json}): for a true count {@code n} and a cell key
 * {@code k} in {@code [0, 2^32)} it gives the published value. The same {@code (n, k)} always
 * gives the same value, so the same persons in the same cell always get the same noise.
 *
 * <p>Loading checks what the method promises: weights sum to the denominator, no outcome is a
 * forbidden value (1 and 2), no deviation exceeds the maximum, no outcome is negative.
 */
public final class PerturbationTable implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Cell keys are integers modulo 2^32: sums of record keys are exact and order-independent. */
  public static final long KEY_SPACE = 1L << 32;

  /** The file as read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(String ptable, int version, String description, @JsonProperty("max_deviation") int maxDeviation,
      @JsonProperty("forbidden_values") List<Integer> forbiddenValues, int denominator, List<RowSpec> rows) {}

  /** One row: the count it applies to, and the outcomes in cumulative order. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record RowSpec(int count, @JsonProperty("and_above") boolean andAbove, List<Outcome> outcomes)
      implements java.io.Serializable {}

  /** A deviation and its weight. */
  record Outcome(int delta, int weight) implements java.io.Serializable {}

  private final int version;
  private final int maxDeviation;
  private final Set<Integer> forbidden;
  private final int denominator;
  private final List<RowSpec> rows;

  private PerturbationTable(File f) {
    this.version = f.version();
    this.maxDeviation = f.maxDeviation();
    this.forbidden = Set.copyOf(f.forbiddenValues());
    this.denominator = f.denominator();
    this.rows = List.copyOf(f.rows());
    check();
  }

  /** Loads version {@code version} of the perturbation table. */
  public static PerturbationTable load(int version) {
    return new PerturbationTable(Schemas.read("disclosure/perturbation.v" + version + ".json", File.class));
  }

  /** A table from its rows (tests build broken ones). */
  static PerturbationTable of(int maxDeviation, List<Integer> forbidden, int denominator, List<RowSpec> rows) {
    return new PerturbationTable(new File("cell_key", 0, "", maxDeviation, forbidden, denominator, rows));
  }

  private void check() {
    List<String> problems = new ArrayList<>();
    if (rows.isEmpty() || !rows.get(rows.size() - 1).andAbove()) {
      problems.add("the last row must apply to every larger count (and_above)");
    }
    for (int i = 0; i < rows.size(); i++) {
      RowSpec r = rows.get(i);
      if (r.count() != i) {
        problems.add("row " + i + " is for count " + r.count() + "; rows must be for 0, 1, 2, … in order");
      }
      int sum = 0;
      for (Outcome o : r.outcomes()) {
        sum += o.weight();
        if (Math.abs(o.delta()) > maxDeviation) {
          problems.add("count " + r.count() + ": deviation " + o.delta() + " exceeds " + maxDeviation);
        }
        if (o.weight() <= 0) {
          problems.add("count " + r.count() + ": weight " + o.weight() + " is not positive");
        }
        // For the open row, check the first count it applies to, where forbidden values bite.
        int value = r.count() + o.delta();
        if (value < 0 || forbidden.contains(value)) {
          problems.add("count " + r.count() + " can become " + value);
        }
      }
      if (sum != denominator) {
        problems.add("count " + r.count() + ": weights sum to " + sum + ", not " + denominator);
      }
    }
    if (!rows.isEmpty()) {
      // The open row applies to every larger count too: check each count until none can reach a forbidden value.
      RowSpec last = rows.get(rows.size() - 1);
      int top = forbidden.stream().mapToInt(Integer::intValue).max().orElse(0);
      for (int n = last.count() + 1; n <= top + maxDeviation; n++) {
        for (Outcome o : last.outcomes()) {
          if (forbidden.contains(n + o.delta()) || n + o.delta() < 0) {
            problems.add("count " + n + " can become " + (n + o.delta()));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.SCHEMA_MISMATCH,
          "perturbation table v" + version + " is not valid: " + String.join("; ", problems));
    }
  }

  /** The table's version (published with every cell-key table). */
  public int version() {
    return version;
  }

  /** The largest deviation the table allows. */
  public int maxDeviation() {
    return maxDeviation;
  }

  /** Whether {@code value} may never be published. */
  public boolean isForbidden(long value) {
    return forbidden.contains((int) Math.min(value, Integer.MAX_VALUE));
  }

  /**
   * What an intruder learns from a published value: the smallest and largest true count that the
   * table can publish as {@code published} (an outcome of positive weight lands on it). With the
   * bundled table: 0 → [0, 2] (a published 0 may hide a 1 or a 2), 3 → [1, 5], 4 → [3, 6], and
   * v → [v − 2, v + 2] from 5 up. The interval ignores holes (3 cannot come from 2): the audit's
   * linear programs are relaxations anyway.
   *
   * @return {@code {lo, hi}}; null when no count can be published as {@code published}
   */
  public long[] preimage(long published) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (long n = Math.max(0, published - maxDeviation); n <= published + maxDeviation; n++) {
      RowSpec row = rows.get((int) Math.min(n, rows.size() - 1));
      for (Outcome o : row.outcomes()) {
        if (o.weight() > 0 && n + o.delta() == published) {
          lo = Math.min(lo, n);
          hi = Math.max(hi, n);
        }
      }
    }
    return lo == Long.MAX_VALUE ? null : new long[] {lo, hi};
  }

  /**
   * The published value of a cell.
   *
   * @param count the true count (persons), not negative
   * @param cellKey the cell key in {@code [0, 2^32)}
   */
  public long perturb(long count, long cellKey) {
    if (count < 0 || cellKey < 0 || cellKey >= KEY_SPACE) {
      throw new IllegalArgumentException("count " + count + ", cell key " + cellKey);
    }
    RowSpec row = rows.get((int) Math.min(count, rows.size() - 1));
    // The position of the key on the denominator's scale: floor(k * d / 2^32), exact in a long.
    long position = (cellKey * denominator) >>> 32;
    long cumulative = 0;
    for (Outcome o : row.outcomes()) {
      cumulative += o.weight();
      if (position < cumulative) {
        return count + o.delta();
      }
    }
    throw new IllegalStateException("weights do not cover the key");
  }
}
