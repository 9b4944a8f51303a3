package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pairwise precision, recall and F1 of a clustering against the truth, from counts only (no pair
 * is enumerated): true positives are the pairs inside each (cluster ∩ entity) group.
 */
public final class LinkQuality {
  private LinkQuality() {}

  /** The figures. */
  public record Figures(long records, long truePairs, long predictedPairs, long correctPairs) {
    public double precision() {
      return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
      return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** @param assigned columns {@code cluster}, {@code entity}: one row per record */
  public static Figures pairwise(Dataset<Row> assigned) {
    Dataset<Row> a = assigned.persist();
    try {
      long records = a.count();
      return new Figures(records, pairs(a.groupBy("entity")), pairs(a.groupBy("cluster")),
          pairs(a.groupBy("cluster", "entity")));
    } finally {
      a.unpersist();
    }
  }

  private static long pairs(org.apache.spark.sql.RelationalGroupedDataset g) {
    Row r = g.agg(count(lit(1)).as("n")).agg(sum(col("n").multiply(col("n").minus(1)).divide(2))).first();
    return r.isNullAt(0) ? 0 : Math.round(r.getDouble(0));
  }
}
