package dk.thbstats.generate;

import java.util.SplittableRandom;

/** One-edit typing errors: a letter substituted, deleted, doubled, or two letters transposed. */
final class Typos {
  private Typos() {}

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

  /**
   * {@code s} with one edit at a letter other than the first, or {@code s} unchanged when it has
   * fewer than three characters. The result always differs from {@code s} otherwise.
   */
  static String oneEdit(String s, SplittableRandom r) {
    if (s == null || s.length() < 3) {
      return s;
    }
    int[] letters = new int[s.length()];
    int n = 0;
    for (int i = 1; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        letters[n++] = i;
      }
    }
    if (n == 0) {
      return s;
    }
    int i = letters[r.nextInt(n)];
    char c = s.charAt(i);
    StringBuilder b = new StringBuilder(s);
    switch (r.nextInt(4)) {
      case 0 -> b.deleteCharAt(i);
      case 1 -> b.insert(i, c);
      case 2 -> {
        if (i + 1 < s.length() && Character.isLetter(s.charAt(i + 1)) && s.charAt(i + 1) != c) {
          b.setCharAt(i, s.charAt(i + 1));
          b.setCharAt(i + 1, c);
        } else {
          b.setCharAt(i, substitute(c, r));
        }
      }
      default -> b.setCharAt(i, substitute(c, r));
    }
    return b.toString();
  }

  private static char substitute(char c, SplittableRandom r) {
    char lower = Character.toLowerCase(c);
    char pick;
    do {
      pick = LETTERS.charAt(r.nextInt(LETTERS.length()));
    } while (pick == lower);
    return Character.isUpperCase(c) ? Character.toUpperCase(pick) : pick;
  }
}
