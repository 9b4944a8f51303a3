package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Tables.Links;
import dk.thbstats.schema.Tables.PersonRedirects;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Person keys that survive from night to night. A new night's clusters inherit keys by record
 * overlap with the previous night's links:
 *
 * <ul>
 *   <li>each old key goes to the new cluster holding most of its records (a split: the largest
 *       part keeps the key; ties to the smaller cluster id);
 *   <li>a cluster that receives several old keys keeps the one with the largest overlap (a merge:
 *       the larger old person's key; ties to the smaller key) and the others redirect to it;
 *   <li>a cluster that receives none gets a new key derived from its smallest record key (itself
 *       a keyed token), re-derived with the vintage in the rare case that key was used before.
 * </ul>
 *
 * The keys of untouched persons never change. Deterministic: the same inputs give the same keys.
 */
public final class StableKeys {
  private StableKeys() {}

  /** New links and the redirects of merged keys. */
  public record Assignment(Dataset<Row> links, Dataset<Row> redirects) {}

  /**
   * @param clusters {@code record_key}, {@code component}
   * @param previousLinks the previous night's {@code restricted.links}
   * @param previousRedirects the previous {@code restricted.person_redirects}
   * @param vintage the newest delivery date loaded (stamped on redirects)
   */
  public static Assignment assign(Dataset<Row> clusters, Dataset<Row> previousLinks,
      Dataset<Row> previousRedirects, LocalDate vintage) {
    Dataset<Row> overlap = clusters.join(previousLinks.select(Links.RECORD_KEY, Links.PERSON_KEY), Links.RECORD_KEY)
        .groupBy("component", Links.PERSON_KEY)
        .agg(count(lit(1)).as("n"));
    WindowSpec byKey = Window.partitionBy(Links.PERSON_KEY).orderBy(col("n").desc(), col("component").asc());
    Dataset<Row> claims = overlap.withColumn("rk", row_number().over(byKey)).filter(col("rk").equalTo(1)).drop("rk");
    WindowSpec byComponent = Window.partitionBy("component").orderBy(col("n").desc(), col(Links.PERSON_KEY).asc());
    Dataset<Row> ranked = claims.withColumn("rc", row_number().over(byComponent));
    Dataset<Row> chosen = ranked.filter(col("rc").equalTo(1)).select(col("component"), col(Links.PERSON_KEY));
    Dataset<Row> redirects = ranked.filter(col("rc").gt(1)).as("r")
        .join(chosen.as("c"), col("r.component").equalTo(col("c.component")))
        .select(col("r." + Links.PERSON_KEY).as(PersonRedirects.OLD_PERSON_KEY),
            col("c." + Links.PERSON_KEY).as(PersonRedirects.NEW_PERSON_KEY),
            lit(vintage).as(PersonRedirects.MERGED_ON));

    Dataset<Row> used = previousLinks.select(col(Links.PERSON_KEY).as("used"))
        .union(previousRedirects.select(col(PersonRedirects.OLD_PERSON_KEY).as("used")))
        .distinct();
    Dataset<Row> fresh = clusters.select("component").distinct()
        .join(chosen, clusters.select("component").distinct().col("component").equalTo(chosen.col("component")), "left_anti")
        .withColumn("candidate", derive(col("component")));
    Dataset<Row> freshKeys = fresh.join(used, fresh.col("candidate").equalTo(used.col("used")), "left")
        .select(col("component"),
            when(col("used").isNull(), col("candidate"))
                .otherwise(derive(concat(col("component"), lit("|" + vintage))))
                .as(Links.PERSON_KEY));
    Dataset<Row> keyOfComponent = chosen.union(freshKeys);
    Dataset<Row> links = clusters.join(keyOfComponent, "component").select(Links.RECORD_KEY, Links.PERSON_KEY);
    return new Assignment(links, redirects);
  }

  private static org.apache.spark.sql.Column derive(org.apache.spark.sql.Column seed) {
    return concat(lit("P"), substring(sha2(seed, 256), 1, 20));
  }
}
