package dk.thbstats.disclose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.TableContract;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The perturbation table and the cell key method: what they promise, and an audit that catches broken tables. */
@ExtendWith(SharedSpark.class)
class CellKeyMethodTest {
  private static final PerturbationTable PTABLE = PerturbationTable.load(1);

  /** The exact distribution of the published value of a count over all 2^32 keys, from the key's position. */
  private static double[] distribution(long n) {
    double[] p = new double[(int) n + 3];
    // Each position 0..9999 of the denominator covers the same number of keys (2^32 / 10^4, up to rounding).
    for (long position = 0; position < 10_000; position++) {
      long key = (position << 32) / 10_000 + 1;
      p[(int) PTABLE.perturb(n, key)] += 1e-4;
    }
    return p;
  }

  @Test
  void perturbationTable_v1_neverPublishes1or2_deviatesAtMost2_andIsUnbiasedExceptFor3() {
    assertEquals(2, PTABLE.maxDeviation());
    for (long n = 0; n <= 60; n++) {
      double[] p = distribution(n);
      double mean = 0;
      double variance = 0;
      for (int v = 0; v < p.length; v++) {
        if (p[v] > 0) {
          assertTrue(v != 1 && v != 2, n + " can become " + v);
          assertTrue(Math.abs(v - n) <= 2, n + " can become " + v);
          mean += v * p[v];
        }
      }
      for (int v = 0; v < p.length; v++) {
        variance += p[v] * (v - mean) * (v - mean);
      }
      if (n == 3) {
        assertEquals(3.4, mean, 1e-3, "3 can only go up");
      } else {
        assertEquals(n, mean, 1e-3, "mean of " + n);
      }
      if (n >= 5) {
        assertEquals(1.2, variance, 1e-3, "variance of " + n);
      }
    }
    assertEquals(0, PTABLE.perturb(0, 123_456_789L), "zeros stay zero");
  }

  @Test
  void perturb_sameCountAndKey_sameValue_otherKeysSpread() {
    Random r = new Random(5);
    int moved = 0;
    for (int i = 0; i < 1000; i++) {
      long key = r.nextLong() & 0xFFFFFFFFL;
      long v = PTABLE.perturb(40, key);
      assertEquals(v, PTABLE.perturb(40, key));
      moved += v != 40 ? 1 : 0;
    }
    assertTrue(moved > 500 && moved < 700, "about 60 % of cells move: " + moved);
  }

  @Test
  void perturbationTable_broken_isRefusedWithEveryProblem() {
    PipelineException e = assertThrows(PipelineException.class, () -> PerturbationTable.of(2, List.of(1, 2), 100,
        List.of(new PerturbationTable.RowSpec(0, false, List.of(new PerturbationTable.Outcome(0, 100))),
            new PerturbationTable.RowSpec(1, false, List.of(new PerturbationTable.Outcome(0, 50),
                new PerturbationTable.Outcome(3, 40))),
            new PerturbationTable.RowSpec(2, true, List.of(new PerturbationTable.Outcome(0, 100))))));
    assertEquals(ErrorCode.SCHEMA_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("count 1 can become 1"), e.getMessage());
    assertTrue(e.getMessage().contains("deviation 3 exceeds 2"), e.getMessage());
    assertTrue(e.getMessage().contains("count 1: weights sum to 90"), e.getMessage());
    assertTrue(e.getMessage().contains("count 2 can become 2"), e.getMessage());
  }

  private static final TableContract PREVENTION = Tables.INDICATORS_PREVENTION.contract();

  /** A small indicator table: 2025 × Q1/TOTAL quarters × two indicators × two actors, true counts and keys. */
  private static Dataset<Row> counts(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    long[] values = {0, 1, 2, 3, 4, 5, 9, 30};
    int i = 0;
    for (String q : new String[] {"Q1", "TOTAL"}) {
      for (String ind : new String[] {"FRONTLINE_TRAINED", "INFORMATION_ACTIVITIES"}) {
        for (String actor : new String[] {"NGO", "TOTAL"}) {
          rows.add(RowFactory.create("2025", q, ind, actor, values[i], 977_000_013L * (i + 1) % (1L << 32)));
          i++;
        }
      }
    }
    rows.add(RowFactory.create("TOTAL", "TOTAL", "TOTAL", "TOTAL", null, 0L));
    return spark.createDataFrame(rows, StructType.fromDDL(
        "year STRING, quarter STRING, indicator STRING, actor STRING, value BIGINT, cell_key BIGINT"));
  }

  private static Dataset<Row> edit(SparkSession spark, Dataset<Row> published, UnaryOperator<Object[]> change) {
    List<Row> rows = new ArrayList<>();
    for (Row r : published.collectAsList()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      Object[] changed = change.apply(v);
      if (changed != null) {
        rows.add(RowFactory.create(changed));
      }
    }
    return spark.createDataFrame(rows, published.schema());
  }

  @Test
  void audit_passesThePerturbedTable_andFailsTablesBuiltToBreakIt(SparkSession spark) {
    Dataset<Row> counts = counts(spark);
    Dataset<Row> published = CellKeyMethod.perturb(PREVENTION, counts, PTABLE).cache();
    List<Row> rows = published.collectAsList();
    for (Row r : rows) {
      Object v = r.getAs("value");
      assertTrue(v == null || ((Number) v).longValue() == 0 || ((Number) v).longValue() >= 3, r.toString());
    }
    assertEquals(":", published.filter("year = 'TOTAL'").first().getAs("flag"));
    String ok = CellKeyMethod.audit(PREVENTION, counts, published, PTABLE);
    assertTrue(ok.startsWith("passed on the audit branch: 9 cells"), ok);

    // The true 1 published as it is.
    Dataset<Row> one = edit(spark, published, v -> "Q1".equals(v[1]) && "FRONTLINE_TRAINED".equals(v[2])
        && "TOTAL".equals(v[3]) ? new Object[] {v[0], v[1], v[2], v[3], 1L, null} : v);
    PipelineException e = assertThrows(PipelineException.class, () -> CellKeyMethod.audit(PREVENTION, counts, one, PTABLE));
    assertEquals(ErrorCode.DISCLOSURE_FAILED, e.code());
    assertTrue(e.getMessage().contains("[2025, Q1, FRONTLINE_TRAINED, TOTAL] is published as a forbidden value"),
        e.getMessage());

    // The 30 published unperturbed (or with other noise): not its own cell key's value.
    long thirty = rows.stream().filter(r -> "TOTAL".equals(r.getAs("quarter")) && "INFORMATION_ACTIVITIES"
        .equals(r.getAs("indicator")) && "TOTAL".equals(r.getAs("actor"))).findFirst().orElseThrow()
        .<Number>getAs("value").longValue();
    assertNotEquals(30, thirty, "this key moves the 30");
    Dataset<Row> exact = edit(spark, published, v -> Long.valueOf(thirty).equals(v[4]) && "TOTAL".equals(v[1])
        ? new Object[] {v[0], v[1], v[2], v[3], 30L, null} : v);
    e = assertThrows(PipelineException.class, () -> CellKeyMethod.audit(PREVENTION, counts, exact, PTABLE));
    assertTrue(e.getMessage().contains("is not the perturbation of its count at its cell key"), e.getMessage());

    // Noise beyond the maximum, a lost row, and a ':' on a recorded figure.
    Dataset<Row> far = edit(spark, published, v -> Long.valueOf(thirty).equals(v[4]) && "TOTAL".equals(v[1])
        ? new Object[] {v[0], v[1], v[2], v[3], 36L, null} : v);
    e = assertThrows(PipelineException.class, () -> CellKeyMethod.audit(PREVENTION, counts, far, PTABLE));
    assertTrue(e.getMessage().contains("deviates more than 2 from its count"), e.getMessage());
    Dataset<Row> lost = edit(spark, published, v -> "Q1".equals(v[1]) && "NGO".equals(v[3])
        && "FRONTLINE_TRAINED".equals(v[2]) ? null : v);
    e = assertThrows(PipelineException.class, () -> CellKeyMethod.audit(PREVENTION, counts, lost, PTABLE));
    assertTrue(e.getMessage().contains("[2025, Q1, FRONTLINE_TRAINED, NGO] is not written"), e.getMessage());
    Dataset<Row> hidden = edit(spark, published, v -> Long.valueOf(thirty).equals(v[4]) && "TOTAL".equals(v[1])
        ? new Object[] {v[0], v[1], v[2], v[3], null, ":"} : v);
    e = assertThrows(PipelineException.class, () -> CellKeyMethod.audit(PREVENTION, counts, hidden, PTABLE));
    assertTrue(e.getMessage().contains("is not the perturbation"), e.getMessage());
  }

  @Test
  void preimage_everyPublishedValue_spansEveryCountThatCanProduceIt() {
    assertArrayEquals(new long[] {0, 2}, PTABLE.preimage(0), "a published 0 may hide a 1 or a 2");
    assertArrayEquals(null, PTABLE.preimage(1));
    assertArrayEquals(null, PTABLE.preimage(2));
    assertArrayEquals(new long[] {1, 5}, PTABLE.preimage(3));
    assertArrayEquals(new long[] {3, 6}, PTABLE.preimage(4));
    assertArrayEquals(new long[] {3, 7}, PTABLE.preimage(5));
    assertArrayEquals(new long[] {38, 42}, PTABLE.preimage(40));
    // Against the table itself: every count n and key position publishes a value whose preimage holds n.
    for (long n = 0; n <= 12; n++) {
      for (long k = 0; k < PerturbationTable.KEY_SPACE; k += PerturbationTable.KEY_SPACE / 997) {
        long[] range = PTABLE.preimage(PTABLE.perturb(n, k));
        assertTrue(range[0] <= n && n <= range[1], n + " at key " + k);
      }
    }
  }
}
