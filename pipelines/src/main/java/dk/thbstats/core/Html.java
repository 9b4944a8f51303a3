package dk.thbstats.core;

/** Text for the self-contained HTML pages the jobs write (quality report, linkage report). */
public final class Html {
  private Html() {}

  /** {@code o}'s text with the five HTML-special characters escaped; empty for null. */
  public static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
