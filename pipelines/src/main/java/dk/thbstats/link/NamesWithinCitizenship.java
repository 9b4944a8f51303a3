package dk.thbstats.link;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dk.thbstats.schema.Tables.Records;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How often strangers of one citizenship reach each name level. The model's u of a name level is
 * measured over random pairs of the whole file, where a Bulgarian and a Vietnamese rarely share
 * anything; but candidate pairs are mostly two records of one country, whose names come from one
 * pool ("Ivanov"/"Ivanova", "Văn"/"Thị", "-escu", "-enko"), and among them a shared given name with
 * a similar family name is common. So for a pair whose records share a citizenship, u of its name
 * level is at least that level's frequency among strangers of that citizenship — never lower than
 * the model's u, as with the term frequencies. The agreement on citizenship then counts at its own
 * factor (the exact factorisation), with λ where the candidates' own weights put it
 * ({@link ProbabilisticLinkage#scoringLambda}); with λ from random pairs it linked more strangers
 * (precision on an independent set of migrants' names 0.963 → 0.844).
 *
 * <p>Strangers are known by their dates: random pairs of one citizenship whose birth dates say two
 * persons (two full dates more than a typo apart — {@link Comparisons#AGAINST} — or two years far
 * apart). Names and birth dates are independent among strangers, so their name levels are those
 * of strangers in general; and the pairs that would most inflate u — one person's own records,
 * which agree on the name — are left out by construction. A country with few such pairs is drawn
 * towards the model's u by {@link #PRIOR_PAIRS} pseudo-pairs. Scales: pairs are made within
 * (citizenship, random bucket) of about {@link #BUCKET} records from a sample of at most
 * about {@code 2 × random_pairs / BUCKET} records, never all pairs of a country. Keyed columns only.
 */
public final class NamesWithinCitizenship {
  private NamesWithinCitizenship() {}

  /** The log2 of a pair's within-citizenship u at its name level; null when it does not apply. */
  static final String COLUMN = "u_name_citizenship_log2";

  /** Records per random bucket: pairs within a bucket are random pairs of one citizenship. */
  static final int BUCKET = 200;

  /** Pseudo-pairs at the model's u that a country's measured frequencies are drawn towards. */
  static final double PRIOR_PAIRS = 500;

  /** Birth-date levels that say two persons: the evidence against, and two coarse years far apart. */
  static final Set<Integer> STRANGER_DATES = strangerDates();

  private static Set<Integer> strangerDates() {
    Set<Integer> levels = new java.util.HashSet<>(Comparisons.againstLevels("birth_date"));
    // Not an estimated age far off: estimates err by that much now and then.
    levels.remove(Comparisons.index("birth_date", "estimated_else"));
    levels.add(Comparisons.index("birth_date", "coarse_else"));
    return Set.copyOf(levels);
  }

  /** The name levels adjusted: all but "else". */
  static boolean adjusts(int level) {
    return level < Comparisons.LEVELS.get("name").size() - 1;
  }

  /**
   * {@code nc_cit, nc_level, nc_u}: per citizenship and name level, the level's frequency among
   * that citizenship's strangers, drawn towards {@code modelU} (the model's u of the name levels).
   * (Drawing towards the frequency pooled over all countries was tried and dropped: one country
   * with a small name pool raised every other country's u — a file of 120 Bulgarian strangers
   * sharing three given names took a Danish same-name pair from 12 to 6.7 bits — and the
   * benchmarks moved by at most 0.002 F1; decision 46.)
   */
  public static Dataset<Row> of(Dataset<Row> linkRecords, LinkSettings settings, double[] modelU, long seed) {
    Dataset<Row> known = linkRecords.filter(col(Records.CITIZENSHIP).isNotNull()
        .and(col(Records.BIRTH_YEAR_KEY).isNotNull()));
    Dataset<Row> perCountry = known.groupBy(col(Records.CITIZENSHIP).as("nc_cit")).agg(count(lit(1)).as("nc_n"));
    // A sample whose buckets give about random_pairs pairs in all.
    long modulus = 1_000_000L;
    double records = 2.0 * settings.randomPairs() / (BUCKET - 1);
    Column sampled = pmod(xxhash64(col(Records.RECORD_KEY), lit(seed + 3)), lit(modulus))
        .lt(lit(modulus).multiply(least(lit(1.0), lit(records).divide(col("nc_total")))));
    Dataset<Row> totals = perCountry.agg(org.apache.spark.sql.functions.sum("nc_n").as("nc_total"));
    Dataset<Row> buckets = known.join(broadcast(perCountry), col(Records.CITIZENSHIP).equalTo(col("nc_cit")))
        .crossJoin(broadcast(totals))
        .filter(sampled)
        .select(col(Records.RECORD_KEY), col("nc_cit"),
            pmod(xxhash64(col(Records.RECORD_KEY), lit(seed + 4)),
                greatest(lit(1L), least(lit(1.0), lit(records).divide(col("nc_total"))).multiply(col("nc_n"))
                    .divide(BUCKET).cast("long"))).as("nc_bucket"));
    Dataset<Row> l = buckets.select(col(Records.RECORD_KEY).as("l_key"), col("nc_cit"), col("nc_bucket"));
    Dataset<Row> r = buckets.select(col(Records.RECORD_KEY).as("r_key"), col("nc_cit"), col("nc_bucket"));
    Dataset<Row> pairs = l.join(r, new String[] {"nc_cit", "nc_bucket"}).filter(col("l_key").lt(col("r_key")))
        .select("l_key", "r_key");
    Dataset<Row> strangers = ProbabilisticLinkage.compare(pairs, linkRecords, settings)
        .filter(col("cmp_birth_date").isin(STRANGER_DATES.toArray()).and(col("cmp_name").isNotNull()))
        .select(col("l_" + Records.CITIZENSHIP).as("nc_cit"), col("cmp_name").as("nc_level"));
    Dataset<Row> levelCounts = strangers.groupBy("nc_cit", "nc_level").agg(count(lit(1)).as("nc_count"));
    Dataset<Row> countryCounts = strangers.groupBy("nc_cit").agg(count(lit(1)).as("nc_pairs"));
    Column prior = null;
    for (int level = 0; level < modelU.length; level++) {
      prior = prior == null ? when(col("nc_level").equalTo(level), lit(modelU[level]))
          : prior.when(col("nc_level").equalTo(level), lit(modelU[level]));
    }
    return levelCounts.join(countryCounts, "nc_cit")
        .select(col("nc_cit"), col("nc_level"), col("nc_count").plus(prior.multiply(PRIOR_PAIRS))
            .divide(col("nc_pairs").plus(PRIOR_PAIRS)).as("nc_u"));
  }

  /**
   * Adds {@link #COLUMN} to compared pairs ({@code l_citizenship}, {@code cmp_citizenship} and
   * {@code cmp_name} as {@link ProbabilisticLinkage#compare} keeps them): log2 of the
   * within-citizenship u of the pair's name level when both records share a citizenship.
   */
  static Dataset<Row> withCitizenshipU(Dataset<Row> compared, Dataset<Row> frequencies) {
    Dataset<Row> f = broadcast(frequencies.select(col("nc_cit"), col("nc_level"), log2(col("nc_u")).as(COLUMN)));
    return compared.join(f, col("l_" + Records.CITIZENSHIP).equalTo(col("nc_cit"))
            .and(col("cmp_citizenship").equalTo(Comparisons.index("citizenship", "agree"))).and(col("cmp_name").equalTo(col("nc_level"))), "left")
        .drop("nc_cit", "nc_level");
  }
}
