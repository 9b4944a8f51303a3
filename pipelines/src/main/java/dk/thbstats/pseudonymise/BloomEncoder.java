package dk.thbstats.pseudonymise;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Keyed Bloom-filter encodings of name bigrams (Schnell, Bachteler and Reiher 2009): every token
 * is padded ({@code _smith_}), cut into bigrams, and each bigram sets {@link #HASHES} of
 * {@link #BITS} bits. Tokens go into one filter, so the order of names does not matter; two
 * encodings are compared by the Dice coefficient.
 *
 * <p>The positions of a bigram are independent keyed hashes: the HMAC of the bigram under the
 * filter's subkey is cut into 10-bit fields, each a uniform position (1024 = 2^10), taken in turn
 * until {@link #HASHES} distinct positions are found ({@link #positions}).
 * Double hashing ({@code h1 + k·h2}) is not used: its position patterns are arithmetic
 * progressions, few enough to enumerate and align with bigram frequencies without the key
 * (Niedermeyer, Steinmetzer, Kroll and Schnell 2014). Without the key no position can be
 * recomputed at all.
 */
final class BloomEncoder implements Serializable {
  private static final long serialVersionUID = 2L;
  /** Filter length in bits. */
  static final int BITS = 1024;
  /** Positions set per bigram. */
  static final int HASHES = 20;
  /** Bits of the HMAC per position: log2 of {@link #BITS}. */
  private static final int FIELD = 10;

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
        for (int pos : positions(padded.substring(i, i + 2))) {
          bits[pos >>> 3] |= (byte) (1 << (pos & 7));
        }
      }
    }
    return bits;
  }

  /**
   * The {@link #HASHES} distinct positions of one bigram: successive 10-bit fields of its HMAC,
   * a field that repeats an earlier position skipped (a bigram sets as many bits as with double
   * hashing, whose positions never collide); when the 25 fields of one HMAC are used up, the HMAC
   * of the bigram with a counter byte appended continues the stream.
   */
  int[] positions(String bigram) {
    byte[] text = bigram.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[HASHES];
    java.util.BitSet taken = new java.util.BitSet(BITS);
    int found = 0;
    for (int block = 0; found < HASHES; block++) {
      byte[] input = text;
      if (block > 0) {
        input = java.util.Arrays.copyOf(text, text.length + 1);
        input[text.length] = (byte) block;
      }
      byte[] h = tokeniser.hmac(purpose, input);
      for (int bit = 0; bit + FIELD <= h.length * 8 && found < HASHES; ) {
        int v = 0;
        for (int j = 0; j < FIELD; j++, bit++) {
          v = (v << 1) | ((h[bit >>> 3] >>> (7 - (bit & 7))) & 1);
        }
        if (!taken.get(v)) {
          taken.set(v);
          out[found++] = v;
        }
      }
    }
    return out;
  }
}
