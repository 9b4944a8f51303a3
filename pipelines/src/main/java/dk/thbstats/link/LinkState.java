package dk.thbstats.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a night's linkage leaves for the next one besides the links and the scored pairs: which
 * settings and model scored the pairs ({@code fingerprint}), the prior λ and the u they were scored
 * with (both measured on the records of the last full linkage), and how many records it saw. Stored in the snapshot summary of the commit that
 * writes {@code restricted.links}, so it changes atomically with the links.
 *
 * <p>An incremental night scores its new pairs with the same model, u and λ as the kept pairs, so all
 * pairs of the state stay comparable; a change of settings or model, or growth beyond
 * {@code full_relink_growth}, makes the next night link in full again.
 */
public record LinkState(String fingerprint, double lambda, Map<String, double[]> u, long recordsAtFull) {

  static final String FINGERPRINT = "thb.linkage.fingerprint";
  static final String LAMBDA = "thb.linkage.lambda";
  static final String U = "thb.linkage.u";
  static final String RECORDS_AT_FULL = "thb.linkage.records_at_full";

  /** u per comparison, exact: "name:hex,hex,...;name:...". */
  static String encodeU(Map<String, double[]> u) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, double[]> e : u.entrySet()) {
      if (b.length() > 0) {
        b.append(';');
      }
      b.append(e.getKey()).append(':');
      double[] v = e.getValue();
      for (int i = 0; i < v.length; i++) {
        b.append(i == 0 ? "" : ",").append(Double.toHexString(v[i]));
      }
    }
    return b.toString();
  }

  static Map<String, double[]> decodeU(String text) {
    Map<String, double[]> u = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      int colon = part.indexOf(':');
      if (colon < 1) {
        throw new NumberFormatException("no comparison in '" + part + "'");
      }
      String[] values = part.substring(colon + 1).split(",");
      double[] v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Double.parseDouble(values[i]);
      }
      u.put(part.substring(0, colon), v);
    }
    return u;
  }

  /** The snapshot-summary entries of this state. */
  public Map<String, String> toSummary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FINGERPRINT, fingerprint);
    // Round-trip exact: the hexadecimal form of the double.
    m.put(LAMBDA, Double.toHexString(lambda));
    m.put(U, encodeU(u));
    m.put(RECORDS_AT_FULL, Long.toString(recordsAtFull));
    return m;
  }

  /** The state in a snapshot summary, or null when it holds none (or an unreadable one). */
  public static LinkState fromSummary(Map<String, String> summary) {
    String f = summary.get(FINGERPRINT);
    String l = summary.get(LAMBDA);
    String r = summary.get(RECORDS_AT_FULL);
    String u = summary.get(U);
    // A state without u (before u was measured per full linkage): the next night links in full.
    if (f == null || l == null || r == null || u == null) {
      return null;
    }
    try {
      return new LinkState(f, Double.parseDouble(l), decodeU(u), Long.parseLong(r));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A digest of everything that decides a pair's score apart from the data: the settings, the
   * model's comparisons, m and u, and the caps of evidence against (not λ, which the state carries
   * itself). Null without a model
   * (one fitted on the night's records is never reused).
   */
  public static String fingerprint(LinkSettings settings, FellegiSunter model) {
    if (model == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    try {
      b.append(new ObjectMapper().writeValueAsString(settings));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the linkage settings", e);
    }
    for (String c : model.comparisons()) {
      b.append('|').append(c).append(Arrays.toString(model.m().get(c))).append(Arrays.toString(model.u().get(c)));
      // The caps of evidence against are code, not model file: a changed cap rescores every pair.
      for (Comparisons.Against against : Comparisons.AGAINST.getOrDefault(c, java.util.List.of())) {
        b.append("|against").append(new java.util.TreeSet<>(against.levels())).append(against.maxWeight());
      }
      // The weights as applied (caps and clamps are code too) and the term-frequency settings.
      for (int l = 0; l < model.m().get(c).length; l++) {
        b.append(',').append(model.factor(c, l));
      }
      Comparisons.TermFrequency tf = Comparisons.TERM_FREQUENCY.get(c);
      if (tf != null) {
        b.append("|tf").append(tf.key()).append(new java.util.TreeSet<>(tf.levels()));
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LinkState[%s, λ=%.3g, full linkage at %d records]", fingerprint, lambda,
        recordsAtFull);
  }
}
