package dk.thbstats.pseudonymise;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The master secret's derived subkeys. Only this package can read key bytes: other packages hold
 * a {@code Keyring} as an opaque handle and ask this package for tokens, seals and ages.
 *
 * <p>Serializable so that Spark can ship it to executors inside task closures (in memory, over
 * the cluster's RPC); it is never written to tables, logs or reports, and its {@code toString}
 * names only the key version.
 */
public final class Keyring implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<KeyPurpose, byte[]> subkeys;
  private final String keyVersion;
  private final boolean demo;
  private final boolean testOnly;

  private Keyring(byte[] master, boolean demo, boolean testOnly) {
    if (master.length < 32) {
      throw new PipelineException(
          ErrorCode.PRIVACY_GUARD, "the master secret must hold at least 32 bytes, has " + master.length);
    }
    Map<KeyPurpose, byte[]> keys = new EnumMap<>(KeyPurpose.class);
    for (KeyPurpose p : KeyPurpose.values()) {
      keys.put(p, Hkdf.derive(master, p.label(), 32));
    }
    this.subkeys = keys;
    byte[] fp = Hkdf.hmac(Hkdf.derive(master, "key-version", 32),
        "thb-stats key version".getBytes(StandardCharsets.UTF_8));
    this.keyVersion = "k" + HexFormat.of().formatHex(fp, 0, 4);
    this.demo = demo;
    this.testOnly = testOnly;
    Arrays.fill(master, (byte) 0);
  }

  static Keyring of(byte[] master, boolean demo) {
    return new Keyring(master.clone(), demo, false);
  }

  /**
   * A fixed key for tests only. The CLI refuses it in the production profile, and it is never
   * created by the CLI itself.
   */
  public static Keyring forTests() {
    byte[] master = new byte[32];
    for (int i = 0; i < master.length; i++) {
      master[i] = (byte) (i * 7 + 3);
    }
    return new Keyring(master, false, true);
  }

  /**
   * A random key that lives only in this process (for {@code thb link} without a key file):
   * its tokens cannot be joined to anything made before or after.
   */
  public static Keyring ephemeral() {
    byte[] master = new byte[32];
    new java.security.SecureRandom().nextBytes(master);
    return new Keyring(master, false, false);
  }

  byte[] subkey(KeyPurpose purpose) {
    return subkeys.get(purpose);
  }

  /** Fingerprint of the master secret, stored with every encoding; reveals nothing of the key. */
  public String keyVersion() {
    return keyVersion;
  }

  /** Whether this is the local demo key. */
  public boolean isDemo() {
    return demo;
  }

  /** Whether this is the fixed test key. */
  public boolean isTestOnly() {
    return testOnly;
  }

  @Override
  public String toString() {
    return "Keyring[" + keyVersion + (demo ? ", demo" : "") + (testOnly ? ", test-only" : "") + "]";
  }
}
