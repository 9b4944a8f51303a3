package dk.thbstats.pseudonymise;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a full birth date with AES-256-GCM so that the restricted warehouse can compute exact ages
 * at a person's identification date without holding the date in the clear. The nonce is derived
 * from the date with a separate HMAC subkey (synthetic-IV style): sealing is deterministic, so
 * re-runs write identical bytes; equal dates give equal seals, which reveals no more than the
 * birth-date token already does. Format: version byte 1, 12-byte nonce, ciphertext with tag.
 */
final class BirthDateSeal implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final byte VERSION = 1;

  private final Keyring keyring;
  private final Tokeniser tokeniser;
  private transient ThreadLocal<Cipher> ciphers;

  BirthDateSeal(Keyring keyring) {
    this.keyring = keyring;
    this.tokeniser = new Tokeniser(keyring);
  }

  byte[] seal(LocalDate date) {
    byte[] plain = date.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[12];
    System.arraycopy(tokeniser.hmac(KeyPurpose.SEAL_NONCE, plain), 0, nonce, 0, 12);
    try {
      // A fresh Cipher: the JCE refuses to encrypt twice with one key and nonce on the same object,
      // and sealing is deterministic by design (equal dates, equal nonces).
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyring.subkey(KeyPurpose.SEAL_BIRTH_DATE), "AES"),
          new GCMParameterSpec(128, nonce));
      byte[] ct = c.doFinal(plain);
      byte[] out = new byte[1 + 12 + ct.length];
      out[0] = VERSION;
      System.arraycopy(nonce, 0, out, 1, 12);
      System.arraycopy(ct, 0, out, 13, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private Cipher cipher() {
    if (ciphers == null) {
      ciphers = ThreadLocal.withInitial(() -> {
        try {
          return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("AES-GCM is not available", e);
        }
      });
    }
    return ciphers.get();
  }

  LocalDate open(byte[] sealed) {
    if (sealed.length < 13 + 16 || sealed[0] != VERSION) {
      throw new PipelineException(ErrorCode.PRIVACY_GUARD, "a sealed birth date has an unknown format");
    }
    try {
      Cipher c = cipher();
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyring.subkey(KeyPurpose.SEAL_BIRTH_DATE), "AES"),
          new GCMParameterSpec(128, sealed, 1, 12));
      byte[] plain = c.doFinal(sealed, 13, sealed.length - 13);
      return LocalDate.parse(new String(plain, StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new PipelineException(
          ErrorCode.PRIVACY_GUARD,
          "a sealed birth date cannot be opened with key " + keyring.keyVersion()
              + " (was it sealed under another key?)");
    }
  }
}
