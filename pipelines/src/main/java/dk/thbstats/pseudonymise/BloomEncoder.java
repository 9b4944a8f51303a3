package dk.thbstats.pseudonymise;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Keyed Bloom-filter encodings of name bigrams (Schnell, Bachteler and Reiher 2009): every token
 * is padded ({@code _smith_}), cut into bigrams, and each bigram sets {@link #HASHES} of
 * {@link #BITS} bits at positions from an HMAC of the bigram (double hashing). Tokens go into one
 * filter, so the order of names does not matter; two encodings are compared by the Dice
 * coefficient. Without the key the positions cannot be recomputed, which defeats the frequency
 * and dictionary attacks that unkeyed filters allow.
 */
final class BloomEncoder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Filter length in bits. */
  static final int BITS = 1024;
  /** Positions set per bigram. */
  static final int HASHES = 20;

  private final Tokeniser tokeniser;
  private final KeyPurpose purpose;

  BloomEncoder(Keyring keyring, KeyPurpose purpose) {
    this.tokeniser = new Tokeniser(keyring);
    this.purpose = purpose;
  }

  /** The filter of the tokens' bigrams, or null when there are no tokens. */
  byte[] encode(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      return null;
    }
    byte[] bits = new byte[BITS / 8];
    for (String token : tokens) {
      String padded = "_" + token + "_";
      for (int i = 0; i + 2 <= padded.length(); i++) {
        byte[] h = tokeniser.hmac(purpose, padded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        long h1 = toLong(h, 0) & Long.MAX_VALUE;
        long h2 = (toLong(h, 8) & Long.MAX_VALUE) | 1L;
        for (int k = 0; k < HASHES; k++) {
          int pos = (int) Math.floorMod(h1 + k * h2, (long) BITS);
          bits[pos >>> 3] |= (byte) (1 << (pos & 7));
        }
      }
    }
    return bits;
  }

  private static long toLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
