package dk.thbstats.link;

import static dk.thbstats.core.Html.esc;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code linkage.html}: one self-contained page (no script, no external file) on one linkage — the
 * model (m, u and the match weight of every comparison level, drawn as Splink draws them, and where
 * each m came from), the fit's checks, the distribution of match probabilities with the thresholds
 * marked, the cluster sizes, and per blocking rule its blocks, pairs and the share of linked pairs
 * it holds. Written by {@code ./thb train-linkage}, {@code ./thb link --report DIR} and into each
 * nightly run folder. It holds aggregates, level and rule names only: no token, key or value of a
 * record.
 */
public final class LinkReport {
  private LinkReport() {}

  /** The file name in a report folder. */
  public static final String FILE = "linkage.html";

  /**
   * What the page shows.
   *
   * @param title what was linked (a command, a night)
   * @param modelSource where the model came from, in words
   * @param records records linked
   * @param candidatePairs candidate pairs compared
   * @param probabilities scored pairs per bin of {@link LinkSummary#BINS} over [0, 1]; pairs under
   *     the review threshold are not kept, so their bins count only what was kept
   * @param linkedPairsHeld per rule, linked pairs its blocks hold
   */
  public record Figures(String title, FellegiSunter model, LinkSettings settings, String modelSource,
      List<String> fitProblems, long records, long candidatePairs, long[] probabilities, long linkedPairs,
      LinkSummary.ClusterSizes clusters, List<LinkSummary.Rule> rules, Map<String, Long> linkedPairsHeld) {

    public Figures {
      if (probabilities.length != LinkSummary.BINS) {
        throw new IllegalArgumentException("probabilities needs " + LinkSummary.BINS + " bins, had "
            + probabilities.length);
      }
      fitProblems = List.copyOf(fitProblems);
      rules = List.copyOf(rules);
      linkedPairsHeld = Map.copyOf(linkedPairsHeld);
    }
  }

  /** The figures of a linkage of {@link ProbabilisticLinkage#link}. */
  public static Figures figures(String title, String modelSource, ProbabilisticLinkage.Result result,
      LinkSettings settings) {
    return figures(title, modelSource, result.model(), settings, result.fitProblems(), result.records().count(),
        result.candidatePairs(), result.scored(),
        LinkSummary.ClusterSizes.of(result.clusters(), "component", Clustering.LINK_COMPONENT),
        LinkSummary.rules(result.blockSizes(), settings), result.records());
  }

  /**
   * The figures of one linkage: {@code scored} the pairs kept ({@code l_key, r_key, probability});
   * the cluster sizes and per-rule figures as the caller has them already ({@link LinkSummary});
   * {@code linkRecords} the records as linkage read them ({@link ProbabilisticLinkage#linkColumns}).
   */
  public static Figures figures(String title, String modelSource, FellegiSunter model, LinkSettings settings,
      List<String> fitProblems, long records, long candidatePairs, Dataset<Row> scored,
      LinkSummary.ClusterSizes clusters, List<LinkSummary.Rule> rules, Dataset<Row> linkRecords) {
    return new Figures(title, model, settings, modelSource, fitProblems, records, candidatePairs,
        LinkSummary.probabilities(scored),
        scored.filter(scored.col("probability").geq(settings.linkThreshold())).count(), clusters, rules,
        LinkSummary.linkedPairsHeld(linkRecords, scored, settings));
  }

  /** Writes {@link #FILE} into {@code dir} (atomically: a reader sees the old page or the new). */
  public static Path write(Figures f, Path dir) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".linkage", ".tmp");
      Files.writeString(tmp, html(f), StandardCharsets.UTF_8);
      Path target = dir.resolve(FILE);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write " + dir.resolve(FILE), e);
    }
  }

  /** The page. */
  public static String html(Figures f) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Linkage: ")
        .append(esc(f.title())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:72em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .5em}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}")
        .append(".fail{color:#b00}.ok{color:#070}svg text{font-size:11px}")
        .append("</style></head><body>\n");
    b.append("<h1>Linkage: ").append(esc(f.title())).append("</h1>\n");
    b.append("<p>Aggregates of one linkage: level and rule names, counts and probabilities only. No token, key"
        + " or value of a record is on this page.</p>\n");

    b.append("<h2>Summary</h2>\n<table>\n");
    row(b, "records", String.valueOf(f.records()));
    row(b, "candidate pairs compared", String.valueOf(f.candidatePairs()));
    row(b, "pairs linked (probability at or above the link threshold)", String.valueOf(f.linkedPairs()));
    long persons = f.clusters().persons().values().stream().mapToLong(Long::longValue).sum();
    row(b, "persons", String.valueOf(persons));
    row(b, "model", esc(f.modelSource()));
    row(b, "prior &lambda; (a random pair matches)", String.format(Locale.ROOT, "%.3g", f.model().lambda()));
    row(b, "thresholds: link / cluster / review", String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
        f.settings().linkThreshold(), f.settings().clusterThreshold(), f.settings().reviewThreshold()));
    b.append("</table>\n");

    b.append("<h2>Checks of the fit</h2>\n");
    if (f.fitProblems().isEmpty()) {
      b.append("<p class=\"ok\">The model passed its checks (agreement weighs for a match and disagreement"
          + " against in every comparison; the prior expects at most ")
          .append(String.format(Locale.ROOT, "%.0f", FitChecks.MAX_MATCHES_PER_RECORD))
          .append(" matching pairs per record).</p>\n");
    } else {
      b.append("<p class=\"fail\">The model fitted on these records failed its checks and was not used; the"
          + " bundled model linked them instead:</p>\n<ul>\n");
      f.fitProblems().forEach(p -> b.append("<li>").append(esc(p)).append("</li>\n"));
      b.append("</ul>\n");
    }

    b.append("<h2>Match weights</h2>\n<p>Per comparison level, log2(m/u): bars to the right are evidence for a"
        + " match, to the left against. Levels capped as evidence against are marked &#8224;.</p>\n");
    weightChart(b, f.model());
    b.append("<table>\n<tr><th>comparison</th><th>level</th><th>m</th><th>u</th><th>weight (bits)</th>"
        + "<th>m from</th></tr>\n");
    for (Map<String, Object> r : f.model().describe()) {
      b.append("<tr><td>").append(esc((String) r.get("comparison"))).append("</td><td>")
          .append(esc((String) r.get("level"))).append("</td>")
          .append(num("%.5f", r.get("m"))).append(num("%.6f", r.get("u"))).append(num("%.2f", r.get("weight")))
          .append("<td>").append(esc((String) r.get("m_from"))).append("</td></tr>\n");
    }
    b.append("</table>\n");

    b.append("<h2>Match probabilities of the compared pairs</h2>\n<p>Pairs kept (at or above the review"
        + " threshold), in bins of ").append(String.format(Locale.ROOT, "%.2f", 1.0 / LinkSummary.BINS))
        .append("; the thresholds are marked. Counts on a logarithmic scale.</p>\n");
    probabilityChart(b, f);

    b.append("<h2>Cluster sizes</h2>\n");
    barChart(b, f.clusters().persons(), "records per person", "persons");
    b.append(String.format(Locale.ROOT, "<p>Largest person: %d records. Link components split into several"
        + " persons (weak links, or members with evidence against each other): %d.</p>\n",
        f.clusters().largest(), f.clusters().componentsSplit()));

    b.append("<h2>Blocking</h2>\n<p>Per rule: its blocks, the pairs of the blocks it keeps (a block over ")
        .append(f.settings().maxBlock()).append(" records is skipped), and how many of the linked pairs its blocks"
            + " hold — its recall measured against what linkage accepted.</p>\n");
    b.append("<table>\n<tr><th>rule</th><th>blocks</th><th>pairs</th><th>blocks skipped</th><th>largest block</th>"
        + "<th>linked pairs held</th><th>share of linked</th></tr>\n");
    for (LinkSummary.Rule r : f.rules()) {
      long held = f.linkedPairsHeld().getOrDefault(r.name(), 0L);
      b.append("<tr><td>").append(esc(r.name())).append("</td>").append(num("%d", r.blocks()))
          .append(num("%d", r.pairs())).append(num("%d", r.skippedBlocks())).append(num("%d", r.largestBlock()))
          .append(num("%d", held)).append(num("%.3f", f.linkedPairs() == 0 ? 0.0 : (double) held / f.linkedPairs()))
          .append("</tr>\n");
    }
    b.append("</table>\n</body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("<tr><th style=\"text-align:left\">").append(name).append("</th><td class=\"n\">").append(value)
        .append("</td></tr>\n");
  }

  private static String num(String format, Object value) {
    return "<td class=\"n\">" + String.format(Locale.ROOT, format, value) + "</td>";
  }

  /** Horizontal bars of every level's weight around zero, one group per comparison. */
  private static void weightChart(StringBuilder b, FellegiSunter model) {
    List<Map<String, Object>> rows = model.describe();
    double span = 1;
    for (Map<String, Object> r : rows) {
      span = Math.max(span, Math.abs((Double) r.get("weight")));
    }
    int label = 260;
    int half = 220;
    int h = 14;
    int height = rows.size() * h + 20;
    b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"match weights\">%n",
        label + 2 * half + 60, height));
    int zero = label + half;
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", zero, zero,
        height - 16));
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> r = rows.get(i);
      double w = (Double) r.get("weight");
      int len = (int) Math.round(Math.abs(w) / span * half);
      int y = i * h;
      boolean capped = Comparisons.against((String) r.get("comparison"), Comparisons.LEVELS
          .get((String) r.get("comparison")).indexOf((String) r.get("level"))) != null;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s%s</text>", label - 6,
          y + 11, esc((String) r.get("comparison")), esc((String) r.get("level")), capped ? " &#8224;" : ""));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
          w >= 0 ? zero : zero - len, y + 2, Math.max(1, len), h - 3, w >= 0 ? "#3b6fb6" : "#c4453c"));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.1f</text>%n",
          w >= 0 ? zero + len + 4 : zero + 4, y + 11, w));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">match weight (bits), "
        + "scale &#177;%.0f</text>%n</svg>%n", zero, height - 4, span));
  }

  /** Histogram of the kept pairs' probabilities (log counts) with the three thresholds. */
  private static void probabilityChart(StringBuilder b, Figures f) {
    long[] bins = f.probabilities();
    double top = 1;
    for (long n : bins) {
      top = Math.max(top, Math.log10(n + 1.0));
    }
    int w = 30;
    int height = 200;
    int left = 50;
    b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"match "
        + "probabilities\">%n", left + bins.length * w + 20, height + 40));
    for (int i = 0; i < bins.length; i++) {
      int hgt = (int) Math.round(Math.log10(bins[i] + 1.0) / top * height);
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b6fb6\">"
          + "<title>%.2f&#8211;%.2f: %d pairs</title></rect>", left + i * w + 1, height - hgt, w - 2, hgt,
          (double) i / bins.length, (double) (i + 1) / bins.length, bins[i]));
      if (bins[i] > 0) {
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
            left + i * w + w / 2, height - hgt - 2, bins[i]));
      }
      b.append('\n');
    }
    for (int t = 0; t <= 10; t += 2) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.1f</text>",
          left + t * bins.length * w / 10, height + 14, t / 10.0));
    }
    String[][] marks = {{"review", String.valueOf(f.settings().reviewThreshold())},
        {"cluster", String.valueOf(f.settings().clusterThreshold())},
        {"link", String.valueOf(f.settings().linkThreshold())}};
    for (int i = 0; i < marks.length; i++) {
      int x = left + (int) Math.round(Double.parseDouble(marks[i][1]) * bins.length * w);
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#c4453c\" "
          + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\" fill=\"#c4453c\">%s</text>%n", x, x, height, x + 3,
          height + 28, marks[i][0] + " " + marks[i][1]));
    }
    b.append("</svg>\n");
  }

  /** Vertical bars of a small distribution (label → count). */
  private static void barChart(StringBuilder b, Map<String, Long> counts, String xLabel, String yLabel) {
    long top = 1;
    for (long n : counts.values()) {
      top = Math.max(top, n);
    }
    int w = 60;
    int height = 150;
    b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s by %s\">%n",
        counts.size() * w + 20, height + 40, yLabel, xLabel));
    int i = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      int hgt = (int) Math.round((double) e.getValue() / top * height);
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b6fb6\"/>"
          + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text><text x=\"%d\" y=\"%d\" "
          + "text-anchor=\"middle\">%s</text>%n", i * w + 6, height - hgt + 14, w - 12, hgt, i * w + w / 2,
          height - hgt + 11, e.getValue(), i * w + w / 2, height + 28, esc(e.getKey())));
      i++;
    }
    b.append(String.format(Locale.ROOT, "</svg><p>%s by %s</p>%n", yLabel, xLabel));
  }

}
