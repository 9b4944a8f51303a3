package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the cell-key tables count the same persons as the suppression tables
 * ({@code schemas/disclosure/links.v1.json}): per cell-key table, the suppression table it maps
 * onto, the multi-flag dimensions it is sliced at (TOTAL), which of its dimensions map onto which
 * of the suppression table's (codes many-to-one; {@code *}: a country onto its citizenship group
 * of the year), and the suppression table's other dimensions held fixed. Every suppression cell
 * the mapping reaches is then the sum of the cell-key cells that map onto it.
 *
 * <p>Versioned data, checked on load (every table named once, every mapped dimension named).
 */
public final class MethodLinks {
  /** A country code onto its group, or null when the group changed within the year. */
  @FunctionalInterface
  public interface CountryGroups {
    String groupOf(String country, int year);
  }

  /** One link (see the class comment); {@code codes}: per cell-key dimension, its code → the suppression table's. */
  public record Link(String cellKeyTable, String suppressionTable, Map<String, String> slice,
      Map<String, String> dimensions, Map<String, Map<String, String>> codes, Map<String, String> fixed) {
    public Link {
      slice = Map.copyOf(slice);
      dimensions = new LinkedHashMap<>(dimensions);
      codes = Map.copyOf(codes);
      fixed = Map.copyOf(fixed);
    }
  }

  record File(String links, int version, String description, List<Entry> tables) {}

  record Entry(String cellKeyTable, String suppressionTable, Map<String, String> slice,
      Map<String, String> dimensions, Map<String, Map<String, String>> codes, Map<String, String> fixed) {}

  /** The code that maps a country onto its citizenship group. */
  public static final String ANY_COUNTRY = "*";

  private final List<Link> links;

  private MethodLinks(List<Link> links) {
    this.links = List.copyOf(links);
  }

  /** Loads version {@code version} of the links file. */
  public static MethodLinks load(int version) {
    File f = Schemas.read("disclosure/links.v" + version + ".json", File.class);
    List<Link> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Entry e : f.tables() == null ? List.<Entry>of() : f.tables()) {
      if (e.cellKeyTable() == null || e.suppressionTable() == null || e.dimensions() == null
          || !e.dimensions().containsKey(Published.YEAR)) {
        problems.add("a link needs cell_key_table, suppression_table and dimensions with year");
        continue;
      }
      if (!seen.add(e.cellKeyTable())) {
        problems.add(e.cellKeyTable() + " is linked twice");
      }
      Map<String, Map<String, String>> codes = e.codes() == null ? Map.of() : e.codes();
      for (String d : codes.keySet()) {
        if (!e.dimensions().containsKey(d)) {
          problems.add(e.cellKeyTable() + ": codes for " + d + ", which is not a mapped dimension");
        }
      }
      out.add(new Link(e.cellKeyTable(), e.suppressionTable(), e.slice() == null ? Map.of() : e.slice(),
          e.dimensions(), codes, e.fixed() == null ? Map.of() : e.fixed()));
    }
    if (!problems.isEmpty()) {
      throw new PipelineException(ErrorCode.SCHEMA_MISMATCH, "disclosure/links.v" + version + ".json is not valid: "
          + String.join("; ", problems));
    }
    return new MethodLinks(out);
  }

  /** Links from values (tests). */
  static MethodLinks of(List<Link> links) {
    return new MethodLinks(links);
  }

  /** Every link. */
  public List<Link> links() {
    return links;
  }

  /** The link of a cell-key table, or null when the table counts no persons a suppression table does. */
  public Link of(String cellKeyTable) {
    return links.stream().filter(l -> l.cellKeyTable().equals(cellKeyTable)).findFirst().orElse(null);
  }
}
