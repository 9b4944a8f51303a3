package dk.thbstats.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The leak check must find planted leaks, or its silence on real runs means nothing. */
@ExtendWith(SharedSpark.class)
class LeakScannerTest {
  @TempDir Path dir;

  @Test
  void scan_plantedLeaks_areFoundInParquetTextAndConsole(SparkSession spark) throws IOException {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "a.csv",
        "NGO-A-1;NGO-A;Blessing;Okafor;Mama B;03-11-2000;;K;NG;031100-1234;P;NG;A1234567;;+4512345678;b@example.org;;;;;;;;;;;");
    LeakScanner scanner = new LeakScanner(dir.resolve("landing"));
    assertEquals(9, scanner.valueCount(),
        "Blessing, Okafor, Mama B and its normalised form 'b mama', 03-11-2000, CPR, passport, phone, e-mail");

    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("clean"));
    Files.writeString(out.resolve("clean/ok.txt"), "tokens only: 3f2a9c0d\n");
    assertEquals(List.of(), scanner.scan(spark, List.of(out), Map.of()));

    spark.createDataFrame(List.of(RowFactory.create("x", "OKAFOR")),
            DataTypes.createStructType(List.of(DataTypes.createStructField("a", DataTypes.StringType, false),
                DataTypes.createStructField("b", DataTypes.StringType, false))))
        .coalesce(1).write().option("compression", "zstd").parquet(out.resolve("leaky").toUri().toString());
    Files.writeString(out.resolve("clean/log.txt"), "row for 2411851234 failed\n");
    List<String> findings = scanner.scan(spark, List.of(out), Map.of("stderr", "mobile +4512345678"));
    String all = String.join("\n", findings);
    assertTrue(all.contains("(rows): input value 'okafor'"), all);
    assertTrue(all.contains("log.txt (utf-8): CPR-shaped string 2411851234"), all);
    assertTrue(all.contains("stderr: input value '+4512345678'"), all);
  }

  @Test
  void scan_keyedTokenSpellingAName_isNoLeak(SparkSession spark) throws IOException {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.ngo("2026-01-15", "a.csv",
        "NGO-B-1;NGO-B;Peace;Chukwu;;19-04-1999;;K;NG;;;;;;;;;;;;;;;;;");
    LeakScanner scanner = new LeakScanner(dir.resolve("landing"));
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    // a person key is P + 20 hex digits: this one starts with "Peace"
    Files.writeString(out.resolve("keys.csv"), "person_key\nPeace0123456789abcdef0\n");

    assertEquals(List.of(), scanner.scan(spark, List.of(out), Map.of()));
    assertEquals(List.of("console: input value 'peace'"), scanner.scan(spark, List.of(), Map.of("console", "name Peace")));
  }
}
