package dk.thbstats.publish;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Tables;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A release: the published tables of the last complete night tagged under a name (the tags keep
 * their snapshots from expiry and tell later nights what is released) and copied to the published
 * zone, which evaluators read. A release never changes: making one again under its name with the
 * same tables changes nothing, with other tables it is refused before anything is tagged.
 */
public final class Releases {
  private Releases() {}

  /** The zone the release is in, the release as readers see it, and whether it existed already. */
  public record Made(ReleasedZone zone, PublishedView view, boolean existed) {}

  /** Tags and copies the published tables of the last complete night as release {@code name}. */
  public static Made make(Warehouse warehouse, String name) {
    // What readers of the nightly state see: all tables of the last complete night.
    PublishedView night = PublishedView.nightly(warehouse);
    // Check every table first, so a refused release tags nothing.
    Map<Tables, Long> toTag = new LinkedHashMap<>();
    for (Tables t : Tables.values()) {
      if (!t.isPublished()) {
        continue;
      }
      Long current = night.snapshot(t);
      if (current == null) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID,
            "nothing is published in " + t.table() + " yet: run ./thb nightly first");
      }
      Long tagged = warehouse.tags(t).get(name);
      if (tagged != null && !tagged.equals(current)) {
        throw new PipelineException(ErrorCode.CONFIG_INVALID, "release '" + name + "' exists and differs from"
            + " the tables as they are now; a release never changes: choose another name");
      }
      if (tagged == null) {
        toTag.put(t, current);
      }
    }
    // The tags keep the nightly snapshots from expiry and tell the next nights what is released.
    for (Map.Entry<Tables, Long> e : toTag.entrySet()) {
      warehouse.tag(e.getKey(), name, e.getValue());
    }
    // The published zone: a copy of each table as released, then the release index in one rename.
    ReleasedZone zone = ReleasedZone.of(warehouse);
    boolean existed = zone.releases().stream().anyMatch(r -> r.name().equals(name));
    Map<Tables, ReleasedZone.Source> sources = new LinkedHashMap<>();
    String vintage = "";
    for (Tables t : night.tables()) {
      Map<String, String> description = night.description(t);
      sources.put(t, new ReleasedZone.Source(night.rows(t), description, night.snapshot(t)));
      vintage = description.getOrDefault(Publisher.PROP_VINTAGE, vintage);
    }
    ReleasedZone.Release made = zone.add(name, vintage, sources);
    return new Made(zone, PublishedView.release(zone, made.name()), existed);
  }
}
