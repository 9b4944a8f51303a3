package dk.thbstats.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.config.Profile;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.pseudonymise.Keys;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import dk.thbstats.testing.TestCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class RotateKeyTest {
  private static Map<String, String> personOfLine(SparkSession spark, Path wh) {
    Warehouse w = Warehouse.open(spark, wh.toString());
    Map<String, String> out = new HashMap<>();
    for (Row r : w.read(Tables.RECORDS).join(w.read(Tables.LINKS).select("record_key", "person_key"), "record_key")
        .select("source_file", "source_line", "person_key").collectAsList()) {
      out.put(r.getString(0) + ":" + r.getInt(1), r.getString(2));
    }
    return out;
  }

  private static Set<String> column(SparkSession spark, Path wh, Tables t, String c) {
    Set<String> out = new HashSet<>();
    Warehouse.open(spark, wh.toString()).read(t).select(c).collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private static org.apache.iceberg.Table iceberg(SparkSession spark, Path wh, Tables t) {
    Warehouse w = Warehouse.open(spark, wh.toString());
    try {
      return org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, w.name(t));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rotateKey_reEncodesHistory_personKeysAndPublishedFiguresSurvive_andTheModelRetrains(SparkSession spark, @TempDir Path dir)
      throws IOException {
    Path oldKey = dir.resolve("keys/old.key");
    Path newKey = dir.resolve("keys/new.key");
    Keys.createKeyFile(oldKey);
    Keys.createKeyFile(newKey);
    TestCli cli = new TestCli(dir);
    assertEquals(0, cli.run("generate", "--persons", "120", "--seed", "5", "--out", "gen").status());
    TestCli.Result night = cli.run("nightly", "--landing", "gen/landing", "--warehouse", "wh", "--key-file",
        oldKey.toString());
    assertEquals(0, night.status(), night.err());
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "ex1").status());
    Map<String, String> before = personOfLine(spark, dir.resolve("wh"));
    Set<String> oldRecordKeys = column(spark, dir.resolve("wh"), Tables.RECORDS, "record_key");
    Map<Tables, Long> snapshots = new HashMap<>();
    for (Tables t : List.of(Tables.RECORDS, Tables.PERSONS, Tables.PERSON_REDIRECTS)) {
      org.apache.iceberg.Snapshot current = iceberg(spark, dir.resolve("wh"), t).currentSnapshot();
      if (current != null) {
        snapshots.put(t, current.snapshotId());
      }
    }

    TestCli.Result rotated = cli.run("rotate-key", "--key-file", oldKey.toString(), "--new-key-file", newKey.toString(),
        "--landing", "gen/landing", "--warehouse", "wh");
    assertEquals(0, rotated.status(), rotated.out() + rotated.err());
    assertTrue(rotated.out().contains("records re-encoded"), rotated.out());

    Keyring fresh = Keys.resolve(newKey, Map.of(), Profile.LOCAL, m -> { });
    assertEquals(Set.of(fresh.keyVersion()), column(spark, dir.resolve("wh"), Tables.RECORDS, "key_version"));
    Set<String> newRecordKeys = column(spark, dir.resolve("wh"), Tables.RECORDS, "record_key");
    assertEquals(oldRecordKeys.size(), newRecordKeys.size());
    newRecordKeys.retainAll(oldRecordKeys);
    assertEquals(Set.of(), newRecordKeys, "no token of the old key is left");

    Map<String, String> after = personOfLine(spark, dir.resolve("wh"));
    assertEquals(before.keySet(), after.keySet());
    long same = before.entrySet().stream().filter(e -> e.getValue().equals(after.get(e.getKey()))).count();
    assertTrue(same >= before.size() * 0.98, "person keys kept: " + same + " of " + before.size());

    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "ex2").status());
    for (String f : List.of("victims_registered.csv", "victims_citizenship.csv", "manifest.json")) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("ex1").resolve(f)), Files.readAllBytes(dir.resolve("ex2").resolve(f)),
          "published figures unchanged: " + f);
    }

    // A rotation that failed after rewriting the links — records, persons and redirects still the
    // old ones, the marker left — is finished by running it again, with the same outcome.
    assertTrue(snapshots.containsKey(Tables.RECORDS) && snapshots.containsKey(Tables.PERSONS));
    for (Map.Entry<Tables, Long> e : snapshots.entrySet()) {
      iceberg(spark, dir.resolve("wh"), e.getKey()).manageSnapshots().rollbackTo(e.getValue()).commit();
    }
    Files.writeString(dir.resolve("wh").resolve(dk.thbstats.night.KeyRotation.PENDING), "rotation\n");
    assertEquals(oldRecordKeys, column(spark, dir.resolve("wh"), Tables.RECORDS, "record_key"));
    TestCli.Result blocked = cli.run("nightly", "--landing", "gen/landing", "--warehouse", "wh", "--key-file",
        oldKey.toString());
    assertNotEquals(0, blocked.status());
    assertTrue(blocked.err().contains("rotate-key again"), blocked.err());
    TestCli.Result redone = cli.run("rotate-key", "--key-file", oldKey.toString(), "--new-key-file",
        newKey.toString(), "--landing", "gen/landing", "--warehouse", "wh");
    assertEquals(0, redone.status(), redone.out() + redone.err());
    Map<String, String> afterRedo = personOfLine(spark, dir.resolve("wh"));
    assertEquals(after, afterRedo, "the redone rotation gives every record the same person key");
    assertEquals(0, cli.run("export", "--warehouse", "wh", "--out", "ex3").status());
    assertArrayEquals(Files.readAllBytes(dir.resolve("ex1/victims_registered.csv")),
        Files.readAllBytes(dir.resolve("ex3/victims_registered.csv")), "published figures unchanged");

    TestCli.Result withOld = cli.run("nightly", "--landing", "gen/landing", "--warehouse", "wh", "--key-file",
        oldKey.toString());
    assertNotEquals(0, withOld.status(), "the old key is refused after the rotation");
    TestCli.Result withNew = cli.run("nightly", "--landing", "gen/landing", "--warehouse", "wh", "--key-file",
        newKey.toString());
    assertEquals(0, withNew.status(), withNew.err());
    assertTrue(withNew.out().contains("files     0 new"), withNew.out());
    assertEquals(List.of(), List.of(Files.list(dir.resolve("wh")).filter(p -> p.getFileName().toString()
        .equals("rotation")).flatMap(p -> {
          try {
            return Files.list(p);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).toArray()), "no staging warehouse or marker left");

    // The model can be retrained on the re-encoded warehouse (tokens only) and read back.
    TestCli.Result trained = cli.run("train-linkage", "--warehouse", "wh", "--out", "model/trained.json");
    assertEquals(0, trained.status(), trained.err());
    dk.thbstats.link.FellegiSunter model = dk.thbstats.link.ModelFile.read(dir.resolve("model/trained.json"));
    assertTrue(model.lambda() > 0 && model.lambda() <= 0.5, "lambda " + model.lambda());
    assertTrue(model.factor("name", 0) > 5, "agreeing on the whole name is strong evidence: " + model.factor("name", 0));
    assertTrue(model.factor("birth_date", 0) > 5, "so is the exact birth date: " + model.factor("birth_date", 0));
  }
}
