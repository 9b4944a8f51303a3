package dk.thbstats.night;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.pseudonymise.Keyring;
import dk.thbstats.publish.NightlyState;
import dk.thbstats.publish.Warehouse;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a night's results are a function of, as one fingerprint: the ledger of loaded files (its
 * Iceberg snapshot: every load, rejection or re-load commits to it), the key version, the code
 * with its bundled contracts, code lists, linkage settings and models (the bytes of the jar, or
 * of the class folder in a build), the Spark and Iceberg versions, and per published table its
 * release tags (the previous release decides which cells count as known).
 *
 * <p>Every published table's snapshot carries the fingerprint it was computed from
 * ({@link #PROPERTY}). A night whose fingerprint equals that of every published table has nothing
 * to do: the restricted tables and the published figures are what the same inputs gave before
 * (every stage is deterministic), so the night stops after loading. A night that failed half-way,
 * a new delivery, a rejected file, a key rotation, a new release tag or another build all change
 * the fingerprint of at least one table, and the next night runs in full. Nothing of it is
 * exported: the manifest and the rows of a table do not change with it.
 */
public final class NightInputs {
  /** The snapshot property of a published table that holds the fingerprint it was made from. */
  static final String PROPERTY = "thb.inputs";

  private static String code;

  private final String base;

  private NightInputs(String base) {
    this.base = base;
  }

  /** The inputs as they stand now (after the night's load). */
  public static NightInputs of(Warehouse warehouse, Keyring keyring) {
    Long loads = warehouse.snapshotId(Tables.LOADS, "main");
    return new NightInputs(sha256(String.join("\n", "loads " + (loads == null ? "none" : loads),
        "key " + keyring.keyVersion(), "code " + code(), "spark " + warehouse.spark().version(),
        "iceberg " + org.apache.iceberg.IcebergBuild.fullVersion())));
  }

  /** The fingerprint of published table {@code t}: the night's inputs and the table's tags. */
  String of(Warehouse warehouse, Tables t) {
    StringBuilder tags = new StringBuilder();
    warehouse.tags(t).forEach((name, snapshot) -> tags.append('\n').append(name).append(' ').append(snapshot));
    return sha256(base + tags);
  }

  /** The snapshot properties that mark what {@code t} was published from. */
  Map<String, String> properties(Warehouse warehouse, Tables t) {
    return Map.of(PROPERTY, of(warehouse, t));
  }

  /**
   * Whether every published table, as readers of the nightly state see it, was made from exactly
   * these inputs (a publish stopped between two tables leaves the nightly state at the night
   * before, so the next night runs in full).
   */
  public boolean published(Warehouse warehouse) {
    Map<Tables, Long> visible = NightlyState.read(warehouse);
    for (Tables t : publishedTables()) {
      Long snapshot = visible.get(t);
      if (snapshot == null || !of(warehouse, t).equals(warehouse.snapshotSummary(t, snapshot).get(PROPERTY))) {
        return false;
      }
    }
    return true;
  }

  static List<Tables> publishedTables() {
    return Stream.of(Tables.values()).filter(Tables::isPublished).toList();
  }

  /** The fingerprint of the running code: its jar, or every file of its class folder. */
  private static synchronized String code() {
    if (code == null) {
      try {
        Path where = Path.of(NightInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        if (Files.isDirectory(where)) {
          List<Path> files;
          try (Stream<Path> walk = Files.walk(where)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
          }
          for (Path f : files) {
            md.update(where.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            digest(md, f);
          }
        } else {
          digest(md, where);
        }
        code = HexFormat.of().formatHex(md.digest());
      } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
        // Without a fingerprint of the code every night runs in full: never wrong, only slower.
        code = "unknown " + System.nanoTime();
      }
    }
    return code;
  }

  private static void digest(MessageDigest md, Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "SHA-256 is missing from this JVM", e);
    }
  }
}
