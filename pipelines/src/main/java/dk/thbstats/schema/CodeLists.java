package dk.thbstats.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The code lists of {@code schemas/codelists/}: allowed canonical codes per list, country codes
 * (ISO 3166-1 alpha-2 as known to the JDK, plus the extra codes of {@code country_groups.json})
 * and dated EU membership. Immutable and serializable, so it can travel to Spark executors.
 */
public final class CodeLists implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Lists that are plain lists of codes. */
  public static final String[] PLAIN_LISTS = {
    "sex", "organisation", "document_type", "exploitation_form", "event_type", "authority", "offence", "sector"
  };

  private final Map<String, Set<String>> codes;
  private final Set<String> countries;
  private final Map<String, LocalDate[]> euMembership;

  private CodeLists(Map<String, Set<String>> codes, Set<String> countries, Map<String, LocalDate[]> eu) {
    this.codes = codes;
    this.countries = countries;
    this.euMembership = eu;
  }

  /** Loads every code list from the class path. */
  public static CodeLists load() {
    Map<String, Set<String>> codes = new LinkedHashMap<>();
    for (String name : PLAIN_LISTS) {
      JsonNode root = Schemas.read("codelists/" + name + ".json", JsonNode.class);
      Set<String> set = new TreeSet<>();
      root.path("codes").forEach(c -> set.add(c.path("code").asText()));
      codes.put(name, Collections.unmodifiableSet(set));
    }
    JsonNode groups = Schemas.read("codelists/country_groups.json", JsonNode.class);
    Set<String> countries = new TreeSet<>();
    for (String iso : Locale.getISOCountries()) {
      countries.add(iso);
    }
    groups.path("extra_codes").fieldNames().forEachRemaining(countries::add);
    Map<String, LocalDate[]> eu = new LinkedHashMap<>();
    groups.path("eu_membership").forEach(m -> {
      LocalDate from = LocalDate.parse(m.path("from").asText());
      LocalDate to = m.hasNonNull("to") ? LocalDate.parse(m.path("to").asText()) : null;
      eu.put(m.path("code").asText(), new LocalDate[] {from, to});
    });
    return new CodeLists(codes, Collections.unmodifiableSet(countries), eu);
  }

  /** Whether the named list exists. */
  public boolean hasList(String list) {
    return codes.containsKey(list);
  }

  /** The canonical codes of a list. */
  public Set<String> codes(String list) {
    Set<String> set = codes.get(list);
    if (set == null) {
      throw new IllegalArgumentException("unknown code list '" + list + "'");
    }
    return set;
  }

  /** Whether {@code code} is a valid citizenship / issuing-country code. */
  public boolean isCountry(String code) {
    return countries.contains(code);
  }

  /** EU member states and their membership {@code [from, to]} ({@code to} null: still a member). */
  public java.util.SortedMap<String, LocalDate[]> euMembership() {
    java.util.SortedMap<String, LocalDate[]> out = new java.util.TreeMap<>();
    euMembership.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Whether {@code country} was an EU member on {@code date}. */
  public boolean isEuMember(String country, LocalDate date) {
    LocalDate[] span = euMembership.get(country);
    return span != null && !date.isBefore(span[0]) && (span[1] == null || !date.isAfter(span[1]));
  }
}
