package dk.thbstats.link;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Locality-sensitive hashing of the keyed name Bloom filter, for blocking records whose name parts
 * all carry an error and that share no other key (no date, no document): MinHash over the filter's
 * set bits, cut into {@link #BANDS} bands of {@link #ROWS} minima. Two records share a band key
 * with probability 1 − (1 − J^ROWS)^BANDS, J the Jaccard similarity of their set bits. A name of
 * sixteen bigrams sets about 290 of the 1,024 bits, so unrelated names overlap by chance: J about
 * 0.21 (found with probability 0.003), while a typo in the given and in the family name (four
 * bigrams of sixteen changed) leaves J about 0.66 (found with probability 0.92). Six minima per
 * band keep the blocks small (chance mates per band key: records × 0.21^6, under one per 10,000
 * records); a block over {@code max_block} is skipped like any other, so at hub scale the bands
 * thin out rather than grow.
 *
 * <p>The minima are of public hash functions of bit positions: positions are keyed (no position
 * can be recomputed without the key), so a band key says no more than the filter it comes from, and
 * like the filter it never leaves the link stage.
 */
public final class NameLsh {
  private NameLsh() {}

  /** The derived blocking column (not stored: computed from {@code name_bloom} when linkage runs). */
  public static final String COLUMN = "name_lsh";

  /** Bands per record. */
  static final int BANDS = 30;
  /** Minima per band. */
  static final int ROWS = 6;

  /** The band keys of one filter ("band:min:…:min"), or null when there is no filter. */
  static List<String> bands(byte[] bloom) {
    if (bloom == null) {
      return null;
    }
    int[] min = new int[BANDS * ROWS];
    java.util.Arrays.fill(min, Integer.MAX_VALUE);
    boolean any = false;
    for (int i = 0; i < bloom.length; i++) {
      int b = bloom[i] & 0xFF;
      while (b != 0) {
        int bit = Integer.numberOfTrailingZeros(b);
        b &= b - 1;
        int pos = i * 8 + bit;
        any = true;
        for (int h = 0; h < min.length; h++) {
          int v = mix(pos, h);
          if (v < min[h]) {
            min[h] = v;
          }
        }
      }
    }
    if (!any) {
      return null;
    }
    List<String> out = new ArrayList<>(BANDS);
    for (int band = 0; band < BANDS; band++) {
      StringBuilder s = new StringBuilder().append(band);
      for (int r = 0; r < ROWS; r++) {
        s.append(':').append(Integer.toHexString(min[band * ROWS + r]));
      }
      out.add(s.toString());
    }
    return out;
  }

  /** The h-th hash of a bit position: a fixed, seeded 32-bit mix (non-negative). */
  private static int mix(int pos, int h) {
    long z = pos * 0x9E3779B97F4A7C15L + (h + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) (z >>> 33);
  }

  /** The band keys as a Spark function of {@code name_bloom}. */
  static final UserDefinedFunction UDF = functions.udf(
      (UDF1<byte[], String[]>) bloom -> {
        List<String> b = bands(bloom);
        return b == null ? null : b.toArray(new String[0]);
      }, DataTypes.createArrayType(DataTypes.StringType));
}
