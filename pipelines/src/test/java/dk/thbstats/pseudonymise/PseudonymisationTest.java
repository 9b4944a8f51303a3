package dk.thbstats.pseudonymise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.config.Profile;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymisationTest {
  @TempDir Path dir;

  @Test
  void tokens_variousScriptsAndOrders_normaliseToTheSameSortedSet() {
    assertEquals(List.of("blessing", "okafor"), Names.tokens("OKAFOR Blessing"));
    assertEquals(List.of("blessing", "okafor"), Names.tokens("Blessing", "Okafor"));
    assertEquals(List.of("huong", "nguyen", "thi"), Names.tokens("Nguyễn Thị Hương"));
    assertEquals(List.of("olena", "sevcenko"), Names.tokens("Олена Шевченко"), "ICU Any-Latin uses ISO 9: Ševčenko");
    assertEquals(List.of("jensen", "soren"), Names.tokens("Søren", "JENSEN"));
    assertEquals(List.of("amrani", "el", "fatima"), Names.tokens("Mrs. Fatima El-Amrani"));
    assertEquals(List.of("obrien", "sean"), Names.tokens("Seán O'Brien"));
    assertEquals(List.of(), Names.tokens(null, "  ", "."));
  }

  @Test
  void token_sameKey_isDeterministicAndDiffersByPurpose() {
    Tokeniser t = new Tokeniser(Keyring.forTests());
    String a = t.token(KeyPurpose.CPR, "0311001234");
    assertEquals(a, new Tokeniser(Keyring.forTests()).token(KeyPurpose.CPR, "0311001234"));
    assertEquals(32, a.length());
    assertTrue(a.matches("[0-9a-f]{32}"));
    assertNotEquals(a, t.token(KeyPurpose.DOCUMENT, "0311001234"));
  }

  @Test
  void derive_differentMasters_giveDifferentTokensAndKeyVersions() {
    Keyring one = Keyring.of(new byte[32], false);
    byte[] other = new byte[32];
    other[0] = 1;
    Keyring two = Keyring.of(other, false);
    assertNotEquals(one.keyVersion(), two.keyVersion());
    assertNotEquals(new Tokeniser(one).token(KeyPurpose.NAME, "a b"), new Tokeniser(two).token(KeyPurpose.NAME, "a b"));
    assertTrue(one.keyVersion().matches("k[0-9a-f]{8}"));
    assertFalse(one.toString().contains("00000000000000"));
  }

  @Test
  void seal_roundTrip_isDeterministicAndNeedsTheSameKey() {
    BirthDateSeal seal = new BirthDateSeal(Keyring.forTests());
    LocalDate d = LocalDate.of(2000, 11, 3);
    byte[] sealed = seal.seal(d);
    assertEquals(d, seal.open(sealed));
    assertTrue(java.util.Arrays.equals(sealed, seal.seal(d)));
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("2000"));
    BirthDateSeal other = new BirthDateSeal(Keyring.of(new byte[32], false));
    PipelineException e = assertThrows(PipelineException.class, () -> other.open(sealed));
    assertEquals(ErrorCode.PRIVACY_GUARD, e.code());
  }

  @Test
  void bloomPositions_independentKeyedFieldsPerBigram_noArithmeticProgressions() {
    BloomEncoder encoder = new BloomEncoder(Keyring.forTests(), KeyPurpose.BLOOM_NAME);
    BloomEncoder otherKey = new BloomEncoder(Keyring.ephemeral(), KeyPurpose.BLOOM_NAME);
    int progressions = 0;
    int repeatedDifferences = 0;
    java.util.BitSet used = new java.util.BitSet(BloomEncoder.BITS);
    for (char a = 'a'; a <= 'z'; a++) {
      for (char b = 'a'; b <= 'z'; b++) {
        String bigram = "" + a + b;
        int[] p = encoder.positions(bigram);
        assertEquals(BloomEncoder.HASHES, p.length);
        assertEquals(BloomEncoder.HASHES, java.util.Arrays.stream(p).distinct().count(), "distinct positions");
        assertTrue(java.util.Arrays.equals(p, encoder.positions(bigram)), "deterministic under one key");
        assertFalse(java.util.Arrays.equals(p, otherKey.positions(bigram)), "another key, other positions");
        java.util.Set<Integer> differences = new java.util.HashSet<>();
        for (int k = 0; k < p.length; k++) {
          assertTrue(p[k] >= 0 && p[k] < BloomEncoder.BITS, bigram + ": " + p[k]);
          used.set(p[k]);
          if (k > 0) {
            differences.add(Math.floorMod(p[k] - p[k - 1], BloomEncoder.BITS));
          }
        }
        // Double hashing (h1 + k*h2) makes every consecutive difference the same.
        progressions += differences.size() == 1 ? 1 : 0;
        repeatedDifferences += p.length - 1 - differences.size();
      }
    }
    assertEquals(0, progressions, "no bigram's positions form an arithmetic progression");
    // 676 bigrams x 19 differences: with independent positions about 0.2 repeats per bigram.
    assertTrue(repeatedDifferences < 676, "differences repeat as by chance: " + repeatedDifferences);
    assertTrue(used.cardinality() > 1000, "positions spread over the filter: " + used.cardinality());
  }

  @Test
  void resolve_noKeyLocally_usesThePublicDemoKeyWritesNothingAndWarns() {
    List<String> warnings = new ArrayList<>();
    Keyring k = Keys.resolve(null, Map.of(), Profile.LOCAL, warnings::add);
    assertTrue(k.isDemo());
    assertFalse(Files.exists(dir.resolve(".thb")));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("DEMO key") && warnings.get(0).contains("synthetic"), warnings.get(0));
    Keyring again = Keys.resolve(null, Map.of(), Profile.LOCAL, warnings::add);
    assertEquals(k.keyVersion(), again.keyVersion(), "the demo key is one fixed, public secret");
  }

  @Test
  void resolve_production_refusesDemoKeyByFingerprintAndMissingKey() throws IOException {
    PipelineException none = assertThrows(PipelineException.class,
        () -> Keys.resolve(null, Map.of(), Profile.PRODUCTION, w -> {}));
    assertEquals(ErrorCode.PRIVACY_GUARD, none.code());
    assertTrue(none.getMessage().contains("./thb keygen --out FILE"), none.getMessage());
    // The demo secret in a key file of its own, with no comment saying what it is.
    Path copied = dir.resolve("innocent.key");
    Keys.createKeyFile(copied);
    Files.writeString(copied, java.util.HexFormat.of().formatHex(Keys.demoSecret()) + "\n");
    PipelineException refused = assertThrows(PipelineException.class,
        () -> Keys.resolve(copied, Map.of(), Profile.PRODUCTION, w -> {}));
    assertEquals(ErrorCode.PRIVACY_GUARD, refused.code());
    assertTrue(refused.getMessage().contains("demo key"), refused.getMessage());
    List<String> warnings = new ArrayList<>();
    assertTrue(Keys.resolve(copied, Map.of(), Profile.LOCAL, warnings::add).isDemo());
    assertTrue(warnings.get(0).contains("DEMO key"), warnings.toString());
    assertFalse(refused.getMessage().contains(java.util.HexFormat.of().formatHex(Keys.demoSecret())));
  }

  @Test
  void requireUsableOn_demoKey_onlyOverAMarkedLandingAndNeverInProduction() throws IOException {
    Keyring demo = Keys.resolve(null, Map.of(), Profile.LOCAL, w -> {});
    Keys.requireUsableOn(demo, Profile.LOCAL, "landing", true);
    PipelineException unmarked = assertThrows(PipelineException.class,
        () -> Keys.requireUsableOn(demo, Profile.LOCAL, "landing", false));
    assertEquals(ErrorCode.PRIVACY_GUARD, unmarked.code());
    assertEquals(1, unmarked.getMessage().lines().count());
    assertTrue(unmarked.getMessage().contains("landing is not marked synthetic")
        && unmarked.getMessage().contains("./thb keygen --out FILE") && unmarked.getMessage().contains("--key-file"),
        unmarked.getMessage());
    assertEquals(ErrorCode.PRIVACY_GUARD, assertThrows(PipelineException.class,
        () -> Keys.requireUsableOn(demo, Profile.PRODUCTION, "landing", true)).code());
    Path key = dir.resolve("real.key");
    Keys.createKeyFile(key);
    Keys.requireUsableOn(Keys.resolve(key, Map.of(), Profile.PRODUCTION, w -> {}), Profile.PRODUCTION, "landing", false);
  }

  @Test
  void resolve_keyFileReadableByOthers_refusedInProductionWarnedLocally() throws IOException {
    Path key = dir.resolve("open.key");
    Keys.createKeyFile(key);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    PipelineException refused = assertThrows(PipelineException.class,
        () -> Keys.resolve(key, Map.of(), Profile.PRODUCTION, w -> {}));
    assertEquals(ErrorCode.PRIVACY_GUARD, refused.code());
    assertTrue(refused.getMessage().contains("readable by group or others") && refused.getMessage().contains("chmod 600"),
        refused.getMessage());
    List<String> warnings = new ArrayList<>();
    Keyring local = Keys.resolve(key, Map.of(), Profile.LOCAL, warnings::add);
    assertFalse(local.isDemo());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("rw-r-----"), warnings.get(0));
  }

  @Test
  void resolve_keyFileFromEnvironment_isUsedAndMessagesNeverShowTheSecret() throws IOException {
    Path key = dir.resolve("prod.key");
    Keys.createKeyFile(key);
    Keyring k = Keys.resolve(null, Map.of(Keys.ENV_KEY_FILE, key.toString()), Profile.PRODUCTION, w -> {});
    assertFalse(k.isDemo());
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "00112233\n");
    PipelineException e = assertThrows(PipelineException.class,
        () -> Keys.resolve(shortKey, Map.of(), Profile.LOCAL, w -> {}));
    assertTrue(e.getMessage().contains("4 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains("00112233"));
  }
}
