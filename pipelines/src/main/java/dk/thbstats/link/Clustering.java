package dk.thbstats.link;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dk.thbstats.schema.Tables.Records;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * From scored pairs to persons, in two steps. First, connected components of the pairs at or above
 * the link threshold (on Spark, {@link ConnectedComponents}) bound the search. Then, inside each
 * component, on the executors, constrained average-linkage clustering: starting from single
 * records, the two clusters with the highest average match probability over all their cross pairs
 * (a pair that was not scored counts as 0) are merged while that average is at least the cluster
 * threshold, and never when the merge would put two records with hard evidence against into one
 * person: two different identifiers of the same type and issuing country, or two full birth dates
 * more than a typo apart (no shared {@code birth_typo_keys} token, not a day/month swap) in a pair
 * that does not link on its own — checked for every member pair, scored or not. Single-linkage chains — one strong-looking pair joining two
 * well-separated groups, or three persons joined through one bad pair — are split at their weakest
 * links; a person holding two passports of one country is split.
 */
public final class Clustering {
  private Clustering() {}

  /** Components larger than this are kept as single-linkage clusters (and counted). */
  public static final int MAX_LOCAL = 400;

  /** The output column naming a record's connected component (its smallest record key). */
  public static final String LINK_COMPONENT = "link_component";

  private static final StructType OUT = DataTypes.createStructType(List.of(
      DataTypes.createStructField(Records.RECORD_KEY, DataTypes.StringType, false),
      DataTypes.createStructField("cluster", DataTypes.StringType, false),
      DataTypes.createStructField(LINK_COMPONENT, DataTypes.StringType, false)));


  /** The record columns clustering reads: identifiers and the birth-date keys of the hard evidence. */
  static final List<String> MEMBER_COLUMNS = List.of(Records.RECORD_KEY, Records.IDENTIFIERS,
      Records.BIRTH_DATE_KEY, Records.BIRTH_SWAPPED_KEY, Records.BIRTH_TYPO_KEYS);

  /**
   * @param records {@code record_key, identifiers, birth_date_key, birth_swapped_key, birth_typo_keys}
   * @param scored {@code l_key, r_key, probability} (pairs at or above the review threshold)
   * @return {@code record_key, cluster, link_component} for every record; the cluster id is the
   *     cluster's smallest record key, the component id the component's
   */
  public static Dataset<Row> cluster(Dataset<Row> records, Dataset<Row> scored, double linkThreshold,
      double clusterThreshold) {
    Dataset<Row> edges = scored.filter(col("probability").geq(linkThreshold))
        .select(col("l_key").as("src"), col("r_key").as("dst"));
    Dataset<Row> components = ConnectedComponents.run(records.select(col(Records.RECORD_KEY).as("node")), edges,
            ConnectedComponents.MAX_ROUNDS)
        .select(col("node").as(Records.RECORD_KEY), col("component")).localCheckpoint();
    Dataset<Row> members = components.join(records.select(Records.RECORD_KEY, Records.IDENTIFIERS,
            Records.BIRTH_DATE_KEY, Records.BIRTH_SWAPPED_KEY, Records.BIRTH_TYPO_KEYS), Records.RECORD_KEY)
        .groupBy("component")
        .agg(collect_list(struct(MEMBER_COLUMNS.stream().map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new))).as("members"));
    Dataset<Row> lc = components.select(col(Records.RECORD_KEY).as("l_key"), col("component").as("lc"));
    Dataset<Row> rc = components.select(col(Records.RECORD_KEY).as("r_key"), col("component").as("rc"));
    Dataset<Row> pairs = scored.select("l_key", "r_key", "probability")
        .join(lc, "l_key").join(rc, "r_key")
        .filter(col("lc").equalTo(col("rc")))
        .groupBy(col("lc").as("component"))
        .agg(collect_list(struct(col("l_key"), col("r_key"), col("probability"))).as("pairs"));
    return members.join(pairs, new String[] {"component"}, "left")
        .flatMap(new Local(linkThreshold, clusterThreshold), Encoders.row(OUT));
  }

  /** Average-linkage clustering of one component (runs on executors). */
  static final class Local implements FlatMapFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final double linkThreshold;
    private final double threshold;

    Local(double linkThreshold, double threshold) {
      this.linkThreshold = linkThreshold;
      this.threshold = threshold;
    }

    @Override
    public Iterator<Row> call(Row component) {
      // Members in record-key order: ties in the merge order are then broken the same way on every
      // run, whatever order collect_list gathered them in.
      List<Row> members = new ArrayList<>(component.getList(component.fieldIndex("members")));
      members.sort((x, y) -> x.getString(0).compareTo(y.getString(0)));
      int n = members.size();
      List<String> keys = new ArrayList<>(n);
      List<Evidence> evidence = new ArrayList<>(n);
      Map<String, Integer> index = new HashMap<>();
      for (Row m : members) {
        index.put(m.getString(0), keys.size());
        keys.add(m.getString(0));
        evidence.add(Evidence.of(m));
      }
      int[] assignment = new int[n];
      if (n == 1 || component.isNullAt(component.fieldIndex("pairs")) || n > MAX_LOCAL) {
        for (int i = 0; i < n; i++) {
          assignment[i] = n > MAX_LOCAL ? 0 : i;
        }
      } else {
        double[][] p = new double[n][n];
        for (Row pr : component.<Row>getList(component.fieldIndex("pairs"))) {
          Integer a = index.get(pr.getString(0));
          Integer b = index.get(pr.getString(1));
          if (a != null && b != null) {
            p[a][b] = Math.max(p[a][b], pr.getDouble(2));
            p[b][a] = p[a][b];
          }
        }
        assignment = averageLinkage(p, against(evidence, p, linkThreshold), threshold);
      }
      Map<Integer, String> clusterKey = new HashMap<>();
      for (int i = 0; i < n; i++) {
        clusterKey.merge(assignment[i], keys.get(i), (x, y) -> x.compareTo(y) <= 0 ? x : y);
      }
      String componentId = component.getString(component.fieldIndex("component"));
      List<Row> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(RowFactory.create(keys.get(i), clusterKey.get(assignment[i]), componentId));
      }
      return out.iterator();
    }
  }

  /** What a member brings to the hard evidence: identifier keys and its birth-date tokens. */
  record Evidence(Set<String> identifiers, String birthDate, String birthSwapped, Set<String> birthTypos) {
    static Evidence of(Row m) {
      Set<String> own = new HashSet<>();
      List<Row> identifiers = m.isNullAt(1) ? List.of() : m.getList(1);
      for (Row id : identifiers) {
        own.add(id.getString(0) + "|" + (id.isNullAt(1) ? "" : id.getString(1)) + "|" + id.getString(2));
      }
      Set<String> typos = m.isNullAt(4) ? Set.of() : new HashSet<>(m.<String>getList(4));
      return new Evidence(own, m.isNullAt(2) ? null : m.getString(2), m.isNullAt(3) ? null : m.getString(3), typos);
    }

    /** Two full dates that share no typo token and are not each other's day/month swap. */
    boolean birthDatesApart(Evidence o) {
      if (birthTypos.isEmpty() || o.birthTypos.isEmpty()) {
        return false;
      }
      if ((birthSwapped != null && birthSwapped.equals(o.birthDate))
          || (o.birthSwapped != null && o.birthSwapped.equals(birthDate))) {
        return false;
      }
      for (String t : birthTypos) {
        if (o.birthTypos.contains(t)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The member pairs with hard evidence against (symmetric): two different identifiers of one type
   * and issuing country, always; two full birth dates more than a typo apart, unless the pair's own
   * comparison on every field still links it ({@code p ≥ linkThreshold}: the dates already weighed
   * their capped weight there, and the rest outweighed them — a date keyed in wrongly), or another
   * member's date is one typo from both.
   */
  static boolean[][] against(List<Evidence> evidence, double[][] p, double linkThreshold) {
    int n = evidence.size();
    // near[i]: the members whose full birth date is within one typo of i's ("one typo apart" is
    // not transitive: 1989 and 1991 are each one year from 1990).
    java.util.BitSet[] near = new java.util.BitSet[n];
    boolean[][] apart = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      near[i] = new java.util.BitSet(n);
    }
    for (int i = 0; i < n; i++) {
      Evidence a = evidence.get(i);
      for (int j = i + 1; j < n; j++) {
        Evidence b = evidence.get(j);
        if (a.birthTypos().isEmpty() || b.birthTypos().isEmpty()) {
          continue;
        }
        apart[i][j] = a.birthDatesApart(b);
        apart[j][i] = apart[i][j];
        if (!apart[i][j]) {
          near[i].set(j);
          near[j].set(i);
        }
      }
    }
    boolean[][] out = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        Evidence a = evidence.get(i);
        Evidence b = evidence.get(j);
        // Dates apart are hard evidence unless the pair links on its own, or a third record's date
        // is one typo from each (the two are then two typos of one date, e.g. a year either way).
        out[i][j] = conflict(a.identifiers(), b.identifiers())
            || (apart[i][j] && p[i][j] < linkThreshold && !near[i].intersects(near[j]));
        out[j][i] = out[i][j];
      }
    }
    return out;
  }

  /**
   * Agglomerative average linkage over a probability matrix, with cannot-link constraints: two
   * clusters never merge while any member pair across them has hard evidence against
   * ({@code against}). Returns a cluster index per record.
   */
  static int[] averageLinkage(double[][] p, boolean[][] against, double threshold) {
    int n = p.length;
    int[] cluster = new int[n];
    List<List<Integer>> clusters = new ArrayList<>();
    // cannot[a][b]: some member of cluster a and some member of cluster b are two persons.
    boolean[][] cannot = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      cluster[i] = i;
      List<Integer> c = new ArrayList<>();
      c.add(i);
      clusters.add(c);
      System.arraycopy(against[i], 0, cannot[i], 0, n);
    }
    // sum[a][b]: the summed probabilities between clusters a and b.
    double[][] sum = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(p[i], 0, sum[i], 0, n);
    }
    boolean[] alive = new boolean[n];
    java.util.Arrays.fill(alive, true);
    while (true) {
      int bestA = -1;
      int bestB = -1;
      double best = threshold;
      for (int a = 0; a < n; a++) {
        if (!alive[a]) {
          continue;
        }
        for (int b = a + 1; b < n; b++) {
          if (!alive[b] || sum[a][b] <= 0) {
            continue;
          }
          double avg = sum[a][b] / ((double) clusters.get(a).size() * clusters.get(b).size());
          if (avg >= best && !cannot[a][b]) {
            if (avg > best || bestA < 0) {
              best = avg;
              bestA = a;
              bestB = b;
            }
          }
        }
      }
      if (bestA < 0) {
        break;
      }
      for (int i : clusters.get(bestB)) {
        cluster[i] = bestA;
      }
      clusters.get(bestA).addAll(clusters.get(bestB));
      alive[bestB] = false;
      for (int c = 0; c < n; c++) {
        if (alive[c] && c != bestA) {
          sum[bestA][c] += sum[bestB][c];
          sum[c][bestA] = sum[bestA][c];
          cannot[bestA][c] |= cannot[bestB][c];
          cannot[c][bestA] = cannot[bestA][c];
        }
      }
    }
    return cluster;
  }

  /** Two identifiers of the same type and issuing country with different tokens. */
  static boolean conflict(Set<String> a, Set<String> b) {
    for (String x : a) {
      String kind = x.substring(0, x.lastIndexOf('|'));
      for (String y : b) {
        if (y.startsWith(kind + "|") && !x.equals(y) && y.lastIndexOf('|') == x.lastIndexOf('|')) {
          return true;
        }
      }
    }
    return false;
  }
}
