package dk.thbstats.pseudonymise;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed tokens: HMAC-SHA-256 under the subkey of a {@link KeyPurpose}, truncated to 128 bits and
 * written as 32 lower-case hex digits. A plain or salted hash of a CPR number can be reversed by
 * trying every number; an HMAC under a secret key cannot.
 */
final class Tokeniser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of();

  private final Keyring keyring;
  private transient ThreadLocal<Map<KeyPurpose, Mac>> macs;

  Tokeniser(Keyring keyring) {
    this.keyring = keyring;
  }

  /** The token of {@code value} for {@code purpose}. */
  String token(KeyPurpose purpose, String value) {
    byte[] h = mac(purpose).doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(h, 0, 16);
  }

  /** The full 32-byte HMAC (for nonces). */
  byte[] hmac(KeyPurpose purpose, byte[] value) {
    return mac(purpose).doFinal(value);
  }

  private Mac mac(KeyPurpose purpose) {
    if (macs == null) {
      macs = ThreadLocal.withInitial(() -> new EnumMap<>(KeyPurpose.class));
    }
    return macs.get().computeIfAbsent(purpose, p -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(keyring.subkey(p), "HmacSHA256"));
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    });
  }
}
