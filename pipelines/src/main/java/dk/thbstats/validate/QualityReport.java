package dk.thbstats.validate;

import static dk.thbstats.core.Html.esc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The night's quality report: {@code quality.json} (for machines) and {@code quality.html} (one
 * self-contained page: inline CSS and SVG, no network) in {@code <warehouse>/runs/<run-id>/}.
 * Every delivered file with its status and counts, every failed rule with examples given as
 * file:line (never as values), dataset-level outcomes, anomaly flags and each source's volume
 * over its recent deliveries.
 */
public final class QualityReport {
  /** Examples of row problems kept per file. */
  public static final int EXAMPLES_PER_FILE = 50;

  /** One problem of a file: a rejected file's reason, or a quarantined row's failed rule. */
  public record ErrorEntry(String rule, int line, String column, String message) {}

  /**
   * One delivered file of the night.
   *
   * @param status accepted, rejected or duplicate
   * @param errors examples (all for a rejected file; up to {@link #EXAMPLES_PER_FILE} rows otherwise)
   * @param errorsTotal all problems of the file's quarantined rows
   * @param warnings warning-level rules broken, with row counts
   */
  public record FileEntry(String path, String source, LocalDate deliveryDate, String status, String encoding,
      long rowsRead, long rowsAccepted, long rowsQuarantined, List<ErrorEntry> errors, long errorsTotal,
      Map<String, Long> warnings, List<String> unknownColumns, List<String> missingColumns, String reason) {}

  /** Rows failing one rule on one column of one source. */
  public record RuleCount(String source, String rule, String column, String level, long rows) {}

  /** The whole report. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Report(String runId, String generatedAt, String landing, Totals totals, List<FileEntry> files,
      List<RuleCount> rules, List<Findings.RuleOutcome> datasetRules, List<Findings.DeliveryMetrics> deliveries,
      List<Findings.Anomaly> anomalies, List<Findings.VolumePoint> volume, List<String> layoutProblems) {}

  /** Counts over all files of the night. */
  public record Totals(int files, int accepted, int rejected, int duplicate, long rowsRead, long rowsAccepted,
      long rowsQuarantined, int anomalies) {}

  private QualityReport() {}

  /** Totals of a file list. */
  public static Totals totals(List<FileEntry> files, int anomalies) {
    int acc = 0;
    int rej = 0;
    int dup = 0;
    long read = 0;
    long ok = 0;
    long q = 0;
    for (FileEntry f : files) {
      switch (f.status()) {
        case "accepted" -> acc++;
        case "rejected" -> rej++;
        default -> dup++;
      }
      read += f.rowsRead();
      ok += f.rowsAccepted();
      q += f.rowsQuarantined();
    }
    return new Totals(files.size(), acc, rej, dup, read, ok, q, anomalies);
  }

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();
  }

  /** Writes {@code quality.json} and {@code quality.html} into the run folder; returns their paths. */
  public static List<String> write(Report report, String runFolder, Configuration conf) {
    try {
      String json = mapper().writeValueAsString(report) + "\n";
      return List.of(write(runFolder, "quality.json", json, conf), write(runFolder, "quality.html", html(report), conf));
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write the quality report to " + runFolder, e);
    }
  }

  private static String write(String folder, String name, String text, Configuration conf) throws IOException {
    Path path = new Path(folder, name);
    FileSystem fs = path.getFileSystem(conf);
    fs.mkdirs(path.getParent());
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return path.toString();
  }


  /** The self-contained HTML page. */
  static String html(Report r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>thb-stats quality report ").append(esc(r.runId())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1f2933;max-width:72rem}")
        .append("h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #cbd2d9}")
        .append("table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}")
        .append("th,td{border:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}")
        .append("th{background:#f5f7fa}td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".accepted{background:#e3f9e5;color:#05400a}.rejected{background:#ffe3e3;color:#610404}")
        .append(".duplicate{background:#f0f4f8;color:#334e68}.badge{padding:.1rem .4rem;border-radius:.3rem;font-weight:600}")
        .append(".warn{background:#fffbea;color:#8d2b0b}.ok{color:#05400a}.muted{color:#7b8794}")
        .append(".cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #e4e7eb;border-radius:.4rem;padding:.6rem 1rem}")
        .append(".card b{display:block;font-size:1.4rem}code{background:#f5f7fa;padding:0 .2rem}\n</style></head><body>\n");
    Totals t = r.totals();
    h.append("<h1>Quality report — night ").append(esc(r.runId())).append("</h1>\n");
    h.append("<p class=\"muted\">Landing ").append(esc(r.landing())).append(" · generated ")
        .append(esc(r.generatedAt())).append(" · examples are given as file:line, never as values.</p>\n");
    h.append("<div class=\"cards\">");
    card(h, "files", t.files());
    card(h, "accepted", t.accepted());
    card(h, "rejected", t.rejected());
    card(h, "duplicate", t.duplicate());
    card(h, "rows read", t.rowsRead());
    card(h, "rows accepted", t.rowsAccepted());
    card(h, "rows quarantined", t.rowsQuarantined());
    card(h, "anomalies", t.anomalies());
    h.append("</div>\n");

    if (!r.anomalies().isEmpty()) {
      h.append("<h2>Anomaly flags</h2>\n<table><tr><th>source</th><th>delivery</th><th>metric</th><th>what</th></tr>\n");
      for (Findings.Anomaly a : r.anomalies()) {
        h.append("<tr class=\"warn\"><td>").append(esc(a.source())).append("</td><td>").append(esc(a.delivery()))
            .append("</td><td>").append(esc(a.metric())).append("</td><td>").append(esc(a.message())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }

    TreeSet<String> sources = new TreeSet<>();
    r.files().forEach(f -> sources.add(f.source()));
    r.volume().forEach(v -> sources.add(v.source()));
    for (String source : sources) {
      h.append("<h2>Source <code>").append(esc(source)).append("</code></h2>\n");
      List<Findings.VolumePoint> points = r.volume().stream().filter(v -> v.source().equals(source)).toList();
      if (!points.isEmpty()) {
        h.append(chart(points, r.anomalies().stream().filter(a -> a.source().equals(source)).toList()));
      }
      h.append("<table><tr><th>file</th><th>status</th><th>encoding</th><th>rows read</th><th>accepted</th>")
          .append("<th>quarantined</th><th>failed rules (examples as file:line)</th></tr>\n");
      for (FileEntry f : r.files()) {
        if (!f.source().equals(source)) {
          continue;
        }
        h.append("<tr><td><code>").append(esc(f.path())).append("</code></td><td><span class=\"badge ")
            .append(esc(f.status())).append("\">").append(esc(f.status())).append("</span></td><td>")
            .append(esc(f.encoding())).append("</td><td class=\"n\">").append(f.rowsRead())
            .append("</td><td class=\"n\">").append(f.rowsAccepted()).append("</td><td class=\"n\">")
            .append(f.rowsQuarantined()).append("</td><td>");
        appendProblems(h, f);
        h.append("</td></tr>\n");
      }
      h.append("</table>\n");
      List<RuleCount> counts = r.rules().stream().filter(c -> c.source().equals(source)).toList();
      List<Findings.RuleOutcome> dataset = r.datasetRules().stream().filter(o -> o.source().equals(source)).toList();
      if (!counts.isEmpty() || !dataset.isEmpty()) {
        h.append("<table><tr><th>rule</th><th>column</th><th>level</th><th>rows / outcome</th></tr>\n");
        for (RuleCount c : counts) {
          h.append("<tr class=\"").append("error".equals(c.level()) ? "rejected" : "warn").append("\"><td>")
              .append(esc(c.rule())).append("</td><td>").append(esc(c.column())).append("</td><td>")
              .append(esc(c.level())).append("</td><td class=\"n\">").append(c.rows()).append(c.rows() == 1 ? " row" : " rows")
              .append("</td></tr>\n");
        }
        for (Findings.RuleOutcome o : dataset) {
          h.append("<tr class=\"").append(o.passed() ? "" : o.error() ? "rejected" : "warn").append("\"><td>")
              .append(esc(o.rule())).append(" (").append(esc(o.delivery())).append(")</td><td>").append(esc(o.column()))
              .append("</td><td>").append(o.error() ? "error" : "warning").append("</td><td>")
              .append(o.passed() ? "passed" : "failed").append(o.value() == null ? ""
                  : String.format(Locale.ROOT, ": %.2f (minimum %.2f)", o.value(), o.minimum()))
              .append("</td></tr>\n");
        }
        h.append("</table>\n");
      }
    }
    if (!r.layoutProblems().isEmpty()) {
      h.append("<h2>Landing area</h2>\n<ul>");
      r.layoutProblems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
      h.append("</ul>\n");
    }
    h.append("<p class=\"muted\">What to do: a <b>rejected</b> file loaded nothing — fix it and deliver it again ")
        .append("(a new file, or the same path with new content); the rest of the night is loaded. ")
        .append("<b>Quarantined</b> rows are kept pseudonymised in <code>restricted.quarantine</code> with rule, file, ")
        .append("line and column; correct them in the source system and they arrive with the next full export. ")
        .append("<b>Anomalies</b> are warnings: check that the delivery is complete.</p>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void card(StringBuilder h, String label, long value) {
    h.append("<div class=\"card\"><b>").append(value).append("</b>").append(esc(label)).append("</div>");
  }

  private static void appendProblems(StringBuilder h, FileEntry f) {
    if (f.reason() != null) {
      h.append(esc(f.reason()));
      return;
    }
    Map<String, List<ErrorEntry>> byRule = new TreeMap<>();
    for (ErrorEntry e : f.errors()) {
      byRule.computeIfAbsent(e.rule() + (e.column() == null ? "" : " · " + e.column()), k -> new ArrayList<>()).add(e);
    }
    List<String> parts = new ArrayList<>();
    byRule.forEach((k, v) -> {
      StringBuilder p = new StringBuilder("<b>").append(esc(k)).append("</b> ");
      v.stream().limit(5).forEach(e -> p.append("<code>").append(esc(f.path())).append(':').append(e.line()).append("</code> "));
      if (v.size() > 5) {
        p.append("… ");
      }
      parts.add(p.toString());
    });
    if (f.errorsTotal() > f.errors().size()) {
      parts.add("<span class=\"muted\">(" + (f.errorsTotal() - f.errors().size()) + " more)</span>");
    }
    f.warnings().forEach((rule, n) -> parts.add("<span class=\"warn\">warning " + esc(rule.replace("|", " · ")) + ": " + n
        + (n == 1 ? " row" : " rows") + "</span>"));
    if (!f.unknownColumns().isEmpty()) {
      parts.add("<span class=\"warn\">unknown columns: " + esc(String.join(", ", f.unknownColumns())) + "</span>");
    }
    h.append(parts.isEmpty() ? "<span class=\"ok\">none</span>" : String.join("<br>", parts));
  }

  /** A bar chart of rows per delivery (inline SVG); flagged deliveries in orange. */
  static String chart(List<Findings.VolumePoint> points, List<Findings.Anomaly> anomalies) {
    long max = points.stream().mapToLong(Findings.VolumePoint::rows).max().orElse(1);
    int w = 36;
    int gap = 8;
    int height = 90;
    int width = points.size() * (w + gap) + gap;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
        .append(height + 34).append("\" aria-label=\"rows per delivery\">");
    Map<LocalDate, Boolean> flagged = new LinkedHashMap<>();
    anomalies.stream().filter(a -> a.metric().equals("rows")).forEach(a -> flagged.put(a.delivery(), true));
    for (int i = 0; i < points.size(); i++) {
      Findings.VolumePoint p = points.get(i);
      int bar = (int) Math.max(1, Math.round((double) p.rows() / Math.max(1, max) * height));
      int x = gap + i * (w + gap);
      s.append("<rect x=\"").append(x).append("\" y=\"").append(height - bar + 12).append("\" width=\"").append(w)
          .append("\" height=\"").append(bar).append("\" fill=\"").append(flagged.containsKey(p.delivery()) ? "#f0b429" : "#3e7cb1")
          .append("\"><title>").append(esc(p.delivery())).append(": ").append(p.rows()).append(" rows</title></rect>");
      s.append("<text x=\"").append(x + w / 2).append("\" y=\"").append(height - bar + 9)
          .append("\" font-size=\"9\" text-anchor=\"middle\">").append(p.rows()).append("</text>");
      s.append("<text x=\"").append(x + w / 2).append("\" y=\"").append(height + 26)
          .append("\" font-size=\"8\" text-anchor=\"middle\">").append(esc(p.delivery().toString().substring(2))).append("</text>");
    }
    s.append("</svg>\n");
    return s.toString();
  }
}
