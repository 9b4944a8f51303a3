package dk.thbstats.generate;

import java.util.List;
import java.util.SplittableRandom;

/** Small helpers over a seeded {@link SplittableRandom}; the only source of randomness here. */
final class Draw {
  private Draw() {}

  /** True with probability {@code p}. */
  static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  /** A uniform integer in {@code [lo, hi]}, both inclusive. */
  static int between(SplittableRandom r, int lo, int hi) {
    return lo + r.nextInt(hi - lo + 1);
  }

  /** One element of a non-empty list, uniformly. */
  static <T> T pick(SplittableRandom r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  /** One element of a non-empty array, uniformly. */
  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  /** An index drawn with the given non-negative weights (at least one positive). */
  static int weighted(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("weights must contain a positive value");
  }

  /** A standard normal variate (Box–Muller, one of the pair). */
  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** SplitMix64 finaliser: mixes {@code value} into {@code state}; used for keys and seeds. */
  static long mix(long state, long value) {
    long z = state + 0x9E3779B97F4A7C15L * (value + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
