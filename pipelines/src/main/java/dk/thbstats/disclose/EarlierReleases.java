package dk.thbstats.disclose;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the earlier releases published: their names, and per table and cell every value some
 * release showed (suppressed cells are absent). Whoever holds those releases knows these values,
 * so a cell whose count today equals one of them is published already — suppressing it now would
 * protect nothing, and the audit's linear programs fix it like every published cell. Immutable.
 *
 * @param names the releases considered, oldest first
 * @param values table → cell coordinates → the values the releases published for it
 */
public record EarlierReleases(List<String> names, Map<String, Map<List<String>, Set<Long>>> values) {

  public EarlierReleases {
    names = List.copyOf(names);
    Map<String, Map<List<String>, Set<Long>>> copy = new HashMap<>();
    values.forEach((t, cells) -> {
      Map<List<String>, Set<Long>> c = new HashMap<>();
      cells.forEach((k, v) -> c.put(List.copyOf(k), Set.copyOf(v)));
      copy.put(t, Collections.unmodifiableMap(c));
    });
    values = Collections.unmodifiableMap(copy);
  }

  /** No earlier release. */
  public static EarlierReleases none() {
    return new EarlierReleases(List.of(), Map.of());
  }

  /** Starts collecting releases, oldest first. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether some earlier release published {@code table}'s cell {@code at} with {@code value}. */
  public boolean published(String table, List<String> at, long value) {
    Set<Long> v = values.getOrDefault(table, Map.of()).get(at);
    return v != null && v.contains(value);
  }

  /** How many (cell, value) pairs the releases published, over all tables. */
  public long publishedCells() {
    return values.values().stream().flatMap(m -> m.values().stream()).mapToLong(Set::size).sum();
  }

  /** Collects the values of releases into an {@link EarlierReleases}. */
  public static final class Builder {
    private final List<String> names = new java.util.ArrayList<>();
    private final Map<String, Map<List<String>, Set<Long>>> values = new HashMap<>();

    private Builder() {}

    /** Adds one release's published values of one table (cell → value; suppressed cells absent). */
    public Builder add(String release, String table, Map<List<String>, Long> published) {
      if (!names.contains(release)) {
        names.add(release);
      }
      Map<List<String>, Set<Long>> cells = values.computeIfAbsent(table, k -> new HashMap<>());
      published.forEach((at, v) -> cells.computeIfAbsent(at, k -> new HashSet<>()).add(v));
      return this;
    }

    public EarlierReleases build() {
      return new EarlierReleases(names, values);
    }
  }
}
