package dk.thbstats.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The synthetic name pools of {@code generate/names.json}, one per citizenship.
 *
 * <p>Every entry has a canonical spelling and optional variants (transliterations, spellings
 * without diacritics). Entries that share any spelling, after folding case and diacritics, in any
 * pool belong to one <em>name group</em>: two names are "the same name" for the generator's
 * uniqueness rules when their multisets of groups are equal, whatever the spelling or order.
 */
final class NamePools {
  /** Resource on the class path. */
  static final String RESOURCE = "generate/names.json";

  /** One name with its spellings; {@code spellings[0]} is canonical. */
  record Entry(String[] spellings, int group) {
    String canonical() {
      return spellings[0];
    }
  }

  /** The names of one citizenship. */
  record Pool(
      String country,
      double variantRate,
      double middleRate,
      boolean familyFirst,
      boolean middleBeforeGiven,
      List<Entry> female,
      List<Entry> male,
      List<Entry> middleFemale,
      List<Entry> middleMale,
      List<Entry> familyNeutral,
      List<Entry> familyFemale,
      List<Entry> familyMale) {

    /** Given names for a name sex ('F' or 'M'). */
    List<Entry> given(char nameSex) {
      return nameSex == 'M' ? male : female;
    }

    /** Middle names: the pool's own middle names (Vietnamese) or other given names. */
    List<Entry> middles(char nameSex) {
      List<Entry> own = nameSex == 'M' ? middleMale : middleFemale;
      return own.isEmpty() ? given(nameSex) : own;
    }

    /** Family names for a name sex: the neutral ones plus the sex-specific forms. */
    List<Entry> family(char nameSex) {
      List<Entry> specific = nameSex == 'M' ? familyMale : familyFemale;
      if (specific.isEmpty()) {
        return familyNeutral;
      }
      if (familyNeutral.isEmpty()) {
        return specific;
      }
      List<Entry> all = new ArrayList<>(familyNeutral);
      all.addAll(specific);
      return all;
    }
  }

  private final Map<String, Pool> pools;

  private NamePools(Map<String, Pool> pools) {
    this.pools = pools;
  }

  /** Loads the pools from the class path. */
  static NamePools load() {
    JsonNode root;
    try (InputStream in = NamePools.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PipelineException(ErrorCode.INTERNAL, "name pools not found on the class path: " + RESOURCE);
      }
      root = Json.contracts().readTree(in);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.INTERNAL, "cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    List<String[]> raw = new ArrayList<>();
    Map<String, Map<String, int[]>> lists = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("pools").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pool = it.next();
      Map<String, int[]> ranges = new LinkedHashMap<>();
      for (String list : new String[] {
        "female", "male", "middle_female", "middle_male", "family", "family_female", "family_male"}) {
        int from = raw.size();
        pool.getValue().path(list).forEach(n -> raw.add(split(n.asText())));
        ranges.put(list, new int[] {from, raw.size()});
      }
      lists.put(pool.getKey(), ranges);
    }
    int[] parent = new int[raw.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<String, Integer> bySpelling = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      for (String s : raw.get(i)) {
        Integer other = bySpelling.putIfAbsent(fold(s), i);
        if (other != null) {
          union(parent, other, i);
        }
      }
    }
    int[] groupOfRoot = new int[raw.size()];
    Arrays.fill(groupOfRoot, -1);
    int groups = 0;
    Entry[] entries = new Entry[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      int root0 = find(parent, i);
      if (groupOfRoot[root0] < 0) {
        groupOfRoot[root0] = groups++;
      }
      entries[i] = new Entry(raw.get(i), groupOfRoot[root0]);
    }
    Map<String, Pool> pools = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, int[]>> e : lists.entrySet()) {
      JsonNode p = root.path("pools").path(e.getKey());
      Map<String, int[]> r = e.getValue();
      Pool pool = new Pool(
          e.getKey(),
          p.path("variant_rate").asDouble(0),
          p.path("middle_rate").asDouble(0),
          p.path("family_first").asBoolean(false),
          p.path("middle_before_given").asBoolean(false),
          slice(entries, r.get("female")),
          slice(entries, r.get("male")),
          slice(entries, r.get("middle_female")),
          slice(entries, r.get("middle_male")),
          slice(entries, r.get("family")),
          slice(entries, r.get("family_female")),
          slice(entries, r.get("family_male")));
      if (pool.female().isEmpty() || pool.male().isEmpty()
          || pool.family('F').isEmpty() || pool.family('M').isEmpty()) {
        throw new PipelineException(ErrorCode.INTERNAL, RESOURCE + ": pool " + e.getKey()
            + " needs female, male and family names");
      }
      pools.put(e.getKey(), pool);
    }
    return new NamePools(Collections.unmodifiableMap(pools));
  }

  /** The pool of a citizenship. */
  Pool pool(String country) {
    Pool p = pools.get(country);
    if (p == null) {
      throw new PipelineException(ErrorCode.INTERNAL, "no name pool for citizenship " + country);
    }
    return p;
  }

  /**
   * Folds a spelling for comparison: NFD without combining marks, Danish, Polish, Vietnamese and
   * German letters that do not decompose mapped to ASCII, lower case, hyphens as spaces.
   */
  static String fold(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      switch (c) {
        case 'đ', 'Đ' -> b.append('d');
        case 'ø', 'Ø' -> b.append('o');
        case 'æ', 'Æ' -> b.append("ae");
        case 'ł', 'Ł' -> b.append('l');
        case 'ß' -> b.append("ss");
        case 'ı' -> b.append('i');
        case '-' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT).trim();
  }

  private static String[] split(String entry) {
    String[] parts = entry.split("/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Normalizer.normalize(parts[i].trim(), Normalizer.Form.NFC);
    }
    return parts;
  }

  private static List<Entry> slice(Entry[] entries, int[] range) {
    List<Entry> list = new ArrayList<>(range[1] - range[0]);
    for (int i = range[0]; i < range[1]; i++) {
      list.add(entries[i]);
    }
    return Collections.unmodifiableList(list);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
