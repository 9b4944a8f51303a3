package dk.thbstats.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dk.thbstats.testing.SharedSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class LinkageTest {
  private static final StructType EDGE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("src", DataTypes.StringType, false),
      DataTypes.createStructField("dst", DataTypes.StringType, false)));
  private static final StructType NODE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("node", DataTypes.StringType, false)));
  private static final StructType CLUSTER = DataTypes.createStructType(List.of(
      DataTypes.createStructField("record_key", DataTypes.StringType, false),
      DataTypes.createStructField("component", DataTypes.StringType, false)));
  private static final StructType LINK = DataTypes.createStructType(List.of(
      DataTypes.createStructField("record_key", DataTypes.StringType, false),
      DataTypes.createStructField("person_key", DataTypes.StringType, false)));
  private static final StructType REDIRECT = DataTypes.createStructType(List.of(
      DataTypes.createStructField("old_person_key", DataTypes.StringType, false),
      DataTypes.createStructField("new_person_key", DataTypes.StringType, false),
      DataTypes.createStructField("merged_on", DataTypes.DateType, false)));

  private static Dataset<Row> rows(SparkSession spark, StructType schema, String... pairs) {
    List<Row> rows = new ArrayList<>();
    for (String p : pairs) {
      rows.add(RowFactory.create((Object[]) p.split(",")));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Map<String, String> toMap(Dataset<Row> df) {
    Map<String, String> m = new TreeMap<>();
    df.collectAsList().forEach(r -> m.put(r.getString(0), r.getString(1)));
    return m;
  }

  @Test
  void run_longChainAndSeparateParts_labelsEachComponentWithItsMinimum(SparkSession spark) {
    // a chain of 12 nodes given in an order that defeats one-step propagation, plus a pair and a singleton
    Dataset<Row> edges = rows(spark, EDGE, "n11,n10", "n10,n09", "n09,n08", "n08,n07", "n07,n06", "n06,n05",
        "n05,n04", "n04,n03", "n03,n02", "n02,n01", "n01,n00", "x2,x1");
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      nodes.add(String.format("n%02d", i));
    }
    nodes.addAll(List.of("x1", "x2", "solo"));
    Dataset<Row> nodeDf = rows(spark, NODE, nodes.toArray(new String[0]));
    Map<String, String> labels = toMap(ConnectedComponents.run(nodeDf, edges, 50));
    assertEquals(15, labels.size());
    for (int i = 0; i < 12; i++) {
      assertEquals("n00", labels.get(String.format("n%02d", i)));
    }
    assertEquals("x1", labels.get("x2"));
    assertEquals("solo", labels.get("solo"));
  }

  @Test
  void assign_untouchedSplitAndMerge_keepKeysAsDocumented(SparkSession spark) {
    // previous night: P1 = {a, b, c}, P2 = {d}, P3 = {e}, P4 = {f}
    Dataset<Row> previous = rows(spark, LINK, "a,P1", "b,P1", "c,P1", "d,P2", "e,P3", "f,P4");
    // tonight: {a, b} and {c} (split of P1), {d, e} (merge of P2 and P3), {f} untouched, {g} new
    Dataset<Row> clusters = rows(spark, CLUSTER, "a,a", "b,a", "c,c", "d,d", "e,d", "f,f", "g,g");
    Dataset<Row> noRedirects = spark.createDataFrame(List.of(), REDIRECT);
    StableKeys.Assignment result = StableKeys.assign(clusters, previous, noRedirects, LocalDate.of(2026, 11, 1));
    Map<String, String> keys = toMap(result.links());
    assertEquals("P1", keys.get("a"));
    assertEquals("P1", keys.get("b"));
    assertNotEquals("P1", keys.get("c"));
    assertEquals("P2", keys.get("d"), "merge keeps the key with the larger overlap, ties to the smaller key");
    assertEquals("P2", keys.get("e"));
    assertEquals("P4", keys.get("f"));
    assertEquals(21, keys.get("g").length());
    List<Row> redirects = result.redirects().collectAsList();
    assertEquals(1, redirects.size());
    assertEquals("P3", redirects.get(0).getString(0));
    assertEquals("P2", redirects.get(0).getString(1));

    // the same inputs give the same keys
    assertEquals(keys, toMap(StableKeys.assign(clusters, previous, noRedirects, LocalDate.of(2026, 11, 1)).links()));
  }
}
