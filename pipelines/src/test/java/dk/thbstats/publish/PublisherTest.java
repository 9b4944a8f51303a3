package dk.thbstats.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.disclose.EarlierReleases;
import dk.thbstats.disclose.PublishAudit;
import dk.thbstats.schema.Tables;
import dk.thbstats.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.iceberg.SnapshotRef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish of a published table, and the audit of what the branch holds. */
@ExtendWith(SharedSpark.class)
class PublisherTest {
  private static final String[] SEX = {"F", "M", "TOTAL"};
  private static final String[] AGE = {"Y_LT18", "Y_GE18", "TOTAL"};
  /** Interior counts by sex (F, M) and age (Y_LT18, Y_GE18) for 2025; margins follow. */
  private static final long[][] COUNTS = {{3, 10}, {6, 20}};

  private static long count(int s, int a) {
    if (s == 2) {
      return count(0, a) + count(1, a);
    }
    if (a == 2) {
      return count(s, 0) + count(s, 1);
    }
    return COUNTS[s][a];
  }

  /** The 2025 × sex × age cube with TOTAL margins; {@code cell} gives each written row's value and flag. */
  private static Dataset<Row> cube(SparkSession spark, BiFunction<int[], Long, Object[]> cell, boolean withFlag) {
    List<Row> rows = new ArrayList<>();
    for (String year : new String[] {"2025", "TOTAL"}) {
      for (int s = 0; s < 3; s++) {
        for (int a = 0; a < 3; a++) {
          Object[] vf = cell.apply(new int[] {s, a}, count(s, a));
          rows.add(withFlag ? RowFactory.create(year, SEX[s], AGE[a], vf[0], vf[1])
              : RowFactory.create(year, SEX[s], AGE[a], count(s, a)));
        }
      }
    }
    String schema = withFlag ? "year STRING, sex STRING, age_group STRING, value INT, flag STRING"
        : "year STRING, sex STRING, age_group STRING, value BIGINT";
    return spark.createDataFrame(rows, org.apache.spark.sql.types.StructType.fromDDL(schema));
  }

  private static Object[] published(long v) {
    return new Object[] {(int) v, null};
  }

  private static final Object[] SUPPRESSED = {null, "c"};

  @Test
  void audit_passesAProtectedTable_andFailsTablesBuiltToBreakIt(SparkSession spark) {
    Dataset<Row> counts = cube(spark, (c, v) -> null, false);
    // The four interior cells suppressed: each keeps an interval of width 9 or more.
    Dataset<Row> safe = cube(spark, (c, v) -> c[0] < 2 && c[1] < 2 ? SUPPRESSED : published(v), true);
    String ok = PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, safe);
    assertTrue(ok.startsWith("passed on the audit branch: 8 suppressed cell(s)"), ok);

    // A 3 published as it is.
    Dataset<Row> small = cube(spark, (c, v) -> published(v), true);
    PipelineException e = assertThrows(PipelineException.class,
        () -> PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, small));
    assertEquals(ErrorCode.DISCLOSURE_FAILED, e.code());
    assertTrue(e.getMessage().contains("below the threshold 5"), e.getMessage());

    // The 3 suppressed alone: its row and column margins give it away.
    Dataset<Row> alone = cube(spark, (c, v) -> c[0] == 0 && c[1] == 0 ? SUPPRESSED : published(v), true);
    e = assertThrows(PipelineException.class,
        () -> PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, alone));
    assertTrue(e.getMessage().contains("can be narrowed to an interval of width 0"), e.getMessage());

    // What the branch holds must be what was counted.
    Dataset<Row> altered = cube(spark, (c, v) -> c[0] < 2 && c[1] < 2 ? SUPPRESSED
        : published(c[0] == 2 && c[1] == 2 ? v + 1 : v), true);
    e = assertThrows(PipelineException.class,
        () -> PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, altered));
    assertTrue(e.getMessage().contains("not its count"), e.getMessage());
  }

  /** victims_citizenship for 2025: every victim non-EU (F 13, M 26), all published, or its counts. */
  private static Dataset<Row> citizenship(SparkSession spark, boolean written) {
    String[] groups = {"NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS", "UNK", "TOTAL"};
    List<Row> rows = new ArrayList<>();
    for (String year : new String[] {"2025", "TOTAL"}) {
      for (int s = 0; s < 3; s++) {
        for (String g : groups) {
          long v = g.equals("NEU27_2020_FOR") || g.equals("TOTAL") ? count(s, 2) : 0;
          rows.add(written ? RowFactory.create(year, SEX[s], g, (int) v, null) : RowFactory.create(year, SEX[s], g, v));
        }
      }
    }
    String schema = written ? "year STRING, sex STRING, citizenship_group STRING, value INT, flag STRING"
        : "year STRING, sex STRING, citizenship_group STRING, value BIGINT";
    return spark.createDataFrame(rows, org.apache.spark.sql.types.StructType.fromDDL(schema));
  }

  @Test
  void audit_acrossTables_findsACellThatTheOtherTablesMarginGivesAway(SparkSession spark) {
    Dataset<Row> counts = cube(spark, (c, v) -> null, false);
    // victims_registered hides every F and M cell, age totals included: safe on its own ...
    Dataset<Row> hidden = cube(spark, (c, v) -> c[0] < 2 ? SUPPRESSED : published(v), true);
    assertTrue(PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, hidden).startsWith("passed"));
    assertTrue(PublishAudit.check(Tables.VICTIMS_CITIZENSHIP.contract(), citizenship(spark, false),
        citizenship(spark, true)).startsWith("passed"));
    // ... but victims_citizenship publishes the same year x sex totals.
    PipelineException e = assertThrows(PipelineException.class, () -> PublishAudit.check(
        List.of(Tables.VICTIMS_REGISTERED.contract(), Tables.VICTIMS_CITIZENSHIP.contract()),
        List.of(counts, citizenship(spark, false)), List.of(hidden, citizenship(spark, true))));
    assertTrue(e.getMessage().contains("victims_registered[year=2025, sex=F, age_group=TOTAL] can be narrowed to an"
        + " interval of width 0"), e.getMessage());
  }

  @Test
  void suppression_ofTablesSharingMargins_protectsEachCellAgainstBoth(SparkSession spark) {
    dk.thbstats.core.RunContext ctx = new dk.thbstats.core.RunContext(spark, new dk.thbstats.core.RunId(
        "20261129T023000Z"), java.time.Clock.systemUTC());
    Dataset<Row> counts = cube(spark, (c, v) -> null, false);
    dk.thbstats.disclose.SuppressionStage.Output out = new dk.thbstats.disclose.SuppressionStage().run(
        new dk.thbstats.disclose.SuppressionStage.Input(List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_CITIZENSHIP),
            List.of(counts, citizenship(spark, false))), ctx);
    String audit = PublishAudit.check(List.of(Tables.VICTIMS_REGISTERED.contract(),
            Tables.VICTIMS_CITIZENSHIP.contract()), List.of(counts, citizenship(spark, false)),
        List.of(out.of(Tables.VICTIMS_REGISTERED).published(), out.of(Tables.VICTIMS_CITIZENSHIP).published()));
    assertTrue(audit.startsWith("passed"), audit);
    assertTrue(out.of(Tables.VICTIMS_REGISTERED).primary() == 2, "the 3 in both year rows");
  }

  @Test
  void publish_failedAudit_leavesWhatReadersSeeUnchanged(SparkSession spark, @TempDir Path dir) {
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    Tables t = Tables.VICTIMS_REGISTERED;
    Dataset<Row> counts = cube(spark, (c, v) -> null, false);
    Dataset<Row> safe = cube(spark, (c, v) -> c[0] < 2 && c[1] < 2 ? SUPPRESSED : published(v), true);
    String summary = Publisher.publish(w, t, safe, LocalDate.of(2026, 10, 31), 8,
        written -> PublishAudit.check(t.contract(), counts, written));
    assertTrue(summary.startsWith("passed"), summary);
    long first = w.snapshotId(t, SnapshotRef.MAIN_BRANCH);
    Map<String, String> described = w.snapshotSummary(t, first);
    assertEquals("2026-10-31", described.get(Publisher.PROP_VINTAGE));
    assertTrue(described.get(Publisher.PROP_MANIFEST).contains("\"unit\""), described.toString());
    assertEquals(8, w.read(t).filter("flag = 'c'").count());

    Dataset<Row> leaky = cube(spark, (c, v) -> published(v), true);
    PipelineException e = assertThrows(PipelineException.class, () -> Publisher.publish(w, t, leaky,
        LocalDate.of(2026, 11, 30), 0, written -> PublishAudit.check(t.contract(), counts, written)));
    assertEquals(ErrorCode.DISCLOSURE_FAILED, e.code());
    assertEquals(first, w.snapshotId(t, SnapshotRef.MAIN_BRANCH), "main did not move");
    assertEquals(8, w.read(t).filter("flag = 'c'").count(), "readers see the audited table");
    long unaudited = w.snapshotId(t, Publisher.AUDIT_BRANCH);
    assertEquals(0, w.readSnapshot(t, unaudited).filter("flag = 'c'").count(), "the branch holds the failed write");

    // The next good publish starts the branch again from main.
    Publisher.publish(w, t, safe, LocalDate.of(2026, 12, 31), 8,
        written -> PublishAudit.check(t.contract(), counts, written));
    assertEquals("2026-12-31", w.snapshotSummary(t, w.snapshotId(t, SnapshotRef.MAIN_BRANCH))
        .get(Publisher.PROP_VINTAGE));
  }

  @Test
  void publish_rowsCarryVintageAndStatus_revisedOnlyAgainstAFinalFigureOfThePreviousRelease(SparkSession spark,
      @TempDir Path dir) {
    Warehouse w = Warehouse.open(spark, dir.resolve("wh").toString());
    Tables t = Tables.VICTIMS_REGISTERED;
    Dataset<Row> figures = cube(spark, (c, v) -> published(v), true);
    // 1 March 2026: late registrations for 2025 may still come in.
    Publisher.publish(w, t, figures, LocalDate.of(2026, 3, 1), 0, written -> "ok");
    assertEquals(List.of("2026-03-01 provisional"), statuses(w, t, "TRUE"));
    w.tag(t, "r1", w.snapshotId(t, SnapshotRef.MAIN_BRANCH));
    // 1 April 2026: 2025 is closed, and it was provisional in r1, so nothing is revised.
    Publisher.publish(w, t, figures, LocalDate.of(2026, 4, 1), 0, written -> "ok");
    assertEquals(List.of("2026-04-01 final"), statuses(w, t, "TRUE"));
    assertEquals("final", w.snapshotSummary(t, w.snapshotId(t, SnapshotRef.MAIN_BRANCH)).get(Publisher.PROP_STATUS));
    w.tag(t, "r2", w.snapshotId(t, SnapshotRef.MAIN_BRANCH));
    // A late correction changes the M x adult cell and its margins after r2 held them final.
    Dataset<Row> corrected = cube(spark, (c, v) -> published(c[0] != 0 && c[1] != 0 ? v + 1 : v), true);
    Publisher.publish(w, t, corrected, LocalDate.of(2026, 6, 1), 0, written -> "ok");
    assertEquals(List.of("2026-06-01 revised"), statuses(w, t, "sex <> 'F' AND age_group <> 'Y_LT18'"));
    assertEquals(List.of("2026-06-01 final"), statuses(w, t, "sex = 'F' OR age_group = 'Y_LT18'"));
    assertEquals("revised", w.snapshotSummary(t, w.snapshotId(t, SnapshotRef.MAIN_BRANCH)).get(Publisher.PROP_STATUS));
    // The released rows keep what they said.
    assertEquals(List.of("2026-04-01 final"), w.readSnapshot(t, w.tags(t).get("r2"))
        .selectExpr("concat(vintage, ' ', status)").distinct().collectAsList().stream().map(r -> r.getString(0)).toList());
  }

  /** The distinct "vintage status" of the rows matching {@code where}. */
  private static List<String> statuses(Warehouse w, Tables t, String where) {
    return w.read(t).where(where).selectExpr("concat(vintage, ' ', status)").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
  }

  @Test
  void auditAndSuppression_againstEveryEarlierRelease_treatTheirUnchangedCellsAsPublished(SparkSession spark) {
    Dataset<Row> counts = cube(spark, (c, v) -> null, false);
    List<String> adults = List.of("2025", "TOTAL", "Y_GE18");
    String table = Tables.VICTIMS_REGISTERED.table();
    // The interior hidden, and the age totals too: safe within this release alone ...
    Dataset<Row> hidden = cube(spark, (c, v) -> c[1] < 2 ? SUPPRESSED : published(v), true);
    assertTrue(PublishAudit.check(Tables.VICTIMS_REGISTERED.contract(), counts, hidden).startsWith("passed"));
    // ... but an older release, 2026-Q2, published the adults' total, 30, and it is 30 again: the
    // newest release (2026-Q3, 29) is not the only one an intruder holds.
    EarlierReleases both = EarlierReleases.builder().add("2026-Q2", table, Map.of(adults, 30L))
        .add("2026-Q3", table, Map.of(adults, 29L)).build();
    PipelineException e = assertThrows(PipelineException.class, () -> PublishAudit.check(
        List.of(Tables.VICTIMS_REGISTERED.contract()), List.of(counts), List.of(hidden), both));
    assertEquals(ErrorCode.DISCLOSURE_FAILED, e.code());
    assertTrue(e.getMessage().contains("2025") && e.getMessage().contains("Y_GE18")
        && e.getMessage().contains("was published with the same value in an earlier release"), e.getMessage());
    // A revised figure (29 then, 30 now) tells an intruder nothing exact.
    assertTrue(PublishAudit.check(List.of(Tables.VICTIMS_REGISTERED.contract()), List.of(counts), List.of(hidden),
        EarlierReleases.builder().add("2026-Q3", table, Map.of(adults, 29L)).build())
        .contains("against the earlier releases 2026-Q3: none suppressed that one published with today's value"
            + " (0 of their 1 published cells unchanged)"));

    // Suppression given both releases leaves the known cell published, and passes that audit,
    // which names the releases it considered.
    dk.thbstats.core.RunContext ctx = new dk.thbstats.core.RunContext(spark, new dk.thbstats.core.RunId(
        "20261206T023000Z"), java.time.Clock.systemUTC());
    dk.thbstats.disclose.SuppressionStage.Output out = new dk.thbstats.disclose.SuppressionStage().run(
        new dk.thbstats.disclose.SuppressionStage.Input(List.of(Tables.VICTIMS_REGISTERED), List.of(counts), both), ctx);
    Dataset<Row> published = out.of(Tables.VICTIMS_REGISTERED).published();
    assertEquals(30, published.filter("year = '2025' AND sex = 'TOTAL' AND age_group = 'Y_GE18'").first()
        .<Integer>getAs("value"));
    assertTrue(PublishAudit.check(List.of(Tables.VICTIMS_REGISTERED.contract()), List.of(counts), List.of(published),
        both).contains("against the earlier releases 2026-Q2, 2026-Q3: none suppressed that one published with"
            + " today's value (1 of their 2 published cells unchanged)"));
  }
}
