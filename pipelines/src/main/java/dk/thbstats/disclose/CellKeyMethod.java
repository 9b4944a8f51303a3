package dk.thbstats.disclose;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.TableContract;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The cell key method for evaluator trend tables, which are queried again and again: every person
 * has a secret, permanent record key in {@code [0, 2^32)}; a cell's key is the sum of its
 * persons' record keys modulo 2^32; the published value is the true count perturbed by the
 * {@link PerturbationTable} at that key. Every cell — margins included — is perturbed from its own
 * key, so the same persons always give the same noise, and differencing two tables or two
 * queries yields noise, not a person. Tables are not additive after perturbation; readers are
 * told so in the contract.
 *
 * <p>Both steps run on Spark (a UDF per cell), so a trend table never needs the driver.
 */
public final class CellKeyMethod {
  /** The count table's column holding the cell key. */
  public static final String CELL_KEY = "cell_key";
  /** Eurostat's flag for a figure that is not available (the source does not record it). */
  public static final String NOT_AVAILABLE = ":";

  private CellKeyMethod() {}

  /**
   * The publishable rows of a count table.
   *
   * @param counts {@code <dimensions>, value, cell_key}: value the true count of persons, or null
   *     where the sources do not record the figure (published as null with flag {@code :})
   * @return {@code <dimensions>, value, flag}
   */
  public static Dataset<Row> perturb(TableContract contract, Dataset<Row> counts, PerturbationTable ptable) {
    List<Column> out = new ArrayList<>();
    for (String d : SuppressionStage.dimensions(contract)) {
      out.add(col(d));
    }
    out.add(perturbed(ptable, col("value"), col(CELL_KEY)).as("value"));
    out.add(when(col("value").isNull(), lit(NOT_AVAILABLE)).otherwise(lit(null).cast("string")).as("flag"));
    return counts.select(out.toArray(new Column[0]));
  }

  /** Eurostat's flag for a confidential figure: here a cell-key cell withheld so that a suppressed cell stays hidden. */
  public static final String WITHHELD = "c";

  /**
   * The publishable rows of a cell-key table that counts the persons of a suppression table
   * ({@link MethodLinks}): the cells of {@code withheld} (coordinates) as null with flag
   * {@value #WITHHELD}, and the all-years TOTAL rows as the sums of the published years (withheld
   * when a year is), so that they tell nothing beyond the yearly cells. An aggregate, on the driver.
   *
   * @param perturbed {@code <dimensions>, value, flag} ({@link #perturb})
   */
  public static Dataset<Row> withLinkRules(TableContract contract, Dataset<Row> perturbed,
      java.util.Set<List<String>> withheld) {
    List<String> dims = SuppressionStage.dimensions(contract);
    int year = dims.indexOf(Published.YEAR);
    List<Row> rows = perturbed.collectAsList();
    java.util.Map<List<String>, Object[]> out = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      List<String> at = dims.stream().map(d -> (String) r.getAs(d)).toList();
      Object[] v = new Object[dims.size() + 2];
      for (int d = 0; d < dims.size(); d++) {
        v[d] = at.get(d);
      }
      boolean hide = withheld.contains(at);
      v[dims.size()] = hide ? null : r.getAs("value");
      v[dims.size() + 1] = hide ? WITHHELD : r.getAs("flag");
      out.put(at, v);
    }
    // The all-years rows: the sums of the years at the same other coordinates.
    java.util.Map<List<String>, long[]> sums = new java.util.HashMap<>();
    java.util.Set<List<String>> anyWithheld = new java.util.HashSet<>();
    java.util.Set<List<String>> anyValue = new java.util.HashSet<>();
    for (java.util.Map.Entry<List<String>, Object[]> e : out.entrySet()) {
      if (Published.TOTAL.equals(e.getKey().get(year))) {
        continue;
      }
      List<String> key = new java.util.ArrayList<>(e.getKey());
      key.set(year, Published.TOTAL);
      Object[] v = e.getValue();
      if (WITHHELD.equals(v[dims.size() + 1])) {
        anyWithheld.add(key);
      } else if (v[dims.size()] != null) {
        anyValue.add(key);
        sums.computeIfAbsent(key, k -> new long[1])[0] += ((Number) v[dims.size()]).longValue();
      }
    }
    for (java.util.Map.Entry<List<String>, Object[]> e : out.entrySet()) {
      List<String> at = e.getKey();
      if (!Published.TOTAL.equals(at.get(year))) {
        continue;
      }
      Object[] v = e.getValue();
      if (anyWithheld.contains(at)) {
        v[dims.size()] = null;
        v[dims.size() + 1] = WITHHELD;
      } else if (anyValue.contains(at)) {
        v[dims.size()] = sums.get(at)[0];
        v[dims.size() + 1] = null;
      }
    }
    List<Row> result = out.values().stream().map(org.apache.spark.sql.RowFactory::create).toList();
    return perturbed.sparkSession().createDataFrame(result, perturbed.schema());
  }

  private static Column perturbed(PerturbationTable ptable, Column value, Column key) {
    UDF2<Long, Long, Long> f = (n, k) -> n == null ? null : ptable.perturb(n, k == null ? 0 : k);
    UserDefinedFunction udf = functions.udf(f, DataTypes.LongType);
    return udf.apply(value.cast("long"), key.cast("long"));
  }

  /**
   * The audit of a cell-key table as written to its audit branch: every cell present once, each
   * published value exactly the table's perturbation of its true count at its cell key, no value
   * 1 or 2 (the forbidden values), no deviation beyond the maximum, flag {@code :} exactly where
   * the figure is not recorded, and no other flag.
   *
   * @return a one-line summary for the run report
   * @throws PipelineException {@link ErrorCode#DISCLOSURE_FAILED} naming the first problems
   */
  public static String audit(TableContract contract, Dataset<Row> counts, Dataset<Row> written,
      PerturbationTable ptable) {
    return audit(contract, counts, written, ptable, false);
  }

  /**
   * {@link #audit(TableContract, Dataset, Dataset, PerturbationTable)}; with {@code linked} (the
   * table counts the persons of a suppression table: {@link #withLinkRules}) a cell may be
   * withheld (null, flag c) instead of perturbed, and every all-years TOTAL row must be the sum
   * of the published years at its other coordinates (withheld when one of them is).
   */
  public static String audit(TableContract contract, Dataset<Row> counts, Dataset<Row> written,
      PerturbationTable ptable, boolean linked) {
    List<String> dims = SuppressionStage.dimensions(contract);
    Dataset<Row> truth = counts.select(dimsAnd(dims, col("value").as("true_value"), col(CELL_KEY)));
    Dataset<Row> pub = written.select(dimsAnd(dims, col("value").as("pub_value"), col("flag"),
        lit(1).as("written")));
    Dataset<Row> joined = truth.withColumn("counted", lit(1))
        .join(pub, dims.toArray(String[]::new), "full_outer")
        .withColumn("expected", perturbed(ptable, col("true_value"), col(CELL_KEY)));
    Column missing = col("written").isNull();
    Column extra = col("counted").isNull();
    Column wrongFlag = col("flag").isNotNull().and(col("flag").notEqual(lit(NOT_AVAILABLE))
        .or(col("pub_value").isNotNull()).or(col("true_value").isNotNull()));
    Column unflaggedMissing = col("true_value").isNull().and(col("flag").isNull());
    Column forbidden = lit(false);
    for (long v = 1; v <= 2; v++) {
      if (ptable.isForbidden(v)) {
        forbidden = forbidden.or(col("pub_value").equalTo(v));
      }
    }
    Column farOff = abs(col("pub_value").minus(col("true_value"))).gt(ptable.maxDeviation());
    Column notItsNoise = col("true_value").isNotNull().and(coalesce(col("pub_value").notEqual(col("expected")), lit(true)));
    Column problem;
    if (linked) {
      List<String> others = dims.stream().filter(d -> !d.equals(Published.YEAR)).toList();
      Dataset<Row> sums = written.filter(col(Published.YEAR).notEqual(lit(Published.TOTAL)))
          .groupBy(others.stream().map(functions::col).toArray(Column[]::new))
          .agg(sum(col("value")).as("year_sum"),
              functions.max(when(col("flag").equalTo(lit(WITHHELD)), 1).otherwise(0)).as("year_withheld"))
          .withColumn(Published.YEAR, lit(Published.TOTAL));
      joined = joined.join(sums, dims.toArray(String[]::new), "left");
      Column yearTotal = col(Published.YEAR).equalTo(lit(Published.TOTAL));
      Column withheldRow = coalesce(col("flag").equalTo(lit(WITHHELD)), lit(false)).and(col("pub_value").isNull());
      Column totalWrong = yearTotal.and(when(coalesce(col("year_withheld"), lit(0)).equalTo(1), functions.not(withheldRow))
          .otherwise(col("flag").isNotNull().or(col("pub_value").isNull())
              .or(col("pub_value").notEqual(coalesce(col("year_sum"), lit(0L))))));
      Column noise = functions.not(yearTotal).and(functions.not(withheldRow));
      problem = when(missing, lit("is not written")).when(extra, lit("is not in the count table"))
          .when(forbidden, lit("is published as a forbidden value"))
          .when(totalWrong, lit("is not the sum of the published years"))
          .when(noise.and(farOff), lit("deviates more than " + ptable.maxDeviation() + " from its count"))
          .when(noise.and(notItsNoise), lit("is not the perturbation of its count at its cell key"))
          .when(noise.and(wrongFlag), lit("has a flag other than ':' on a recorded figure"))
          .when(unflaggedMissing.and(functions.not(withheldRow)), lit("is not recorded but not flagged ':'"));
    } else {
      problem = when(missing, lit("is not written")).when(extra, lit("is not in the count table"))
          .when(forbidden, lit("is published as a forbidden value"))
          .when(farOff, lit("deviates more than " + ptable.maxDeviation() + " from its count"))
          .when(notItsNoise, lit("is not the perturbation of its count at its cell key"))
          .when(wrongFlag, lit("has a flag other than ':' on a recorded figure"))
          .when(unflaggedMissing, lit("is not recorded but not flagged ':'"));
    }
    // One pass: cells, not-available cells and problems counted together; examples only on failure.
    Dataset<Row> checked = joined.withColumn("problem", problem);
    Row counted = checked.agg(functions.count(lit(1)), sum(when(col("flag").equalTo(NOT_AVAILABLE), 1).otherwise(0)),
        sum(when(col("problem").isNotNull(), 1).otherwise(0))).first();
    long bad = counted.isNullAt(2) ? 0 : counted.getLong(2);
    if (bad > 0) {
      List<String> examples = checked.filter(col("problem").isNotNull()).limit(3).collectAsList().stream()
          .map(r -> "cell " + contract.table() + dims.stream().map(d -> (String) r.getAs(d)).toList() + " "
              + r.getAs("problem"))
          .collect(Collectors.toList());
      throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "the audit of " + contract.table()
          + " failed, nothing published: " + String.join("; ", examples)
          + (bad > 3 ? "; and " + (bad - 3) + " more" : ""));
    }
    return "passed on the audit branch: " + counted.getLong(0) + " cells, each its count perturbed at its own cell"
        + " key (at most " + ptable.maxDeviation() + " off, never 1 or 2), " + (counted.isNullAt(1) ? 0 : counted.getLong(1))
        + " not recorded (:)";
  }

  private static Column[] dimsAnd(List<String> dims, Column... more) {
    List<Column> cols = new ArrayList<>();
    dims.forEach(d -> cols.add(col(d)));
    cols.addAll(List.of(more));
    return cols.toArray(new Column[0]);
  }
}
