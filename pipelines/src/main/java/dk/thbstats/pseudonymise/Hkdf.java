package dk.thbstats.pseudonymise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA-256 (RFC 5869): one master secret, one subkey per context label. */
final class Hkdf {
  private static final byte[] SALT = "thb-stats/hkdf/v1".getBytes(StandardCharsets.UTF_8);

  private Hkdf() {}

  /** Derives {@code length} (≤ 32) bytes for {@code info} from {@code master}. */
  static byte[] derive(byte[] master, String info, int length) {
    if (length < 1 || length > 32) {
      throw new IllegalArgumentException("length must be 1..32, was " + length);
    }
    byte[] prk = hmac(SALT, master);
    byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
    byte[] block = new byte[infoBytes.length + 1];
    System.arraycopy(infoBytes, 0, block, 0, infoBytes.length);
    block[infoBytes.length] = 1;
    byte[] okm = hmac(prk, block);
    byte[] out = new byte[length];
    System.arraycopy(okm, 0, out, 0, length);
    return out;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
