package dk.thbstats.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The population figures that rates per 100,000 divide by: {@code schemas/reference/population.json},
 * persons on 1 January of a year by sex ({@code F}, {@code M}, {@code TOTAL}) and child/adult
 * ({@code Y_LT18}, {@code Y_GE18}, {@code TOTAL}). Versioned data like the code lists: it ships in
 * the jar, so a change of figures changes the night's inputs hash and republishes the rates.
 *
 * <p>Immutable. The file in the repository holds no figures until someone fills them in from
 * Statistics Denmark (FOLK1A); every rate is then "not available".
 */
public final class Population {
  /** The file under {@code schemas/}. */
  public static final String FILE = "reference/population.json";

  private static final Set<String> SEXES = Set.of("F", "M", Published.TOTAL);
  private static final Set<String> AGE_GROUPS = Set.of("Y_LT18", "Y_GE18", Published.TOTAL);

  /** One figure: persons of {@code sex} and {@code ageGroup} on 1 January of {@code year}. */
  public record Figure(int year, String sex, String ageGroup, long persons) {}

  private final Map<String, Figure> figures;

  private Population(Map<String, Figure> figures) {
    this.figures = Collections.unmodifiableMap(figures);
  }

  /** The figures of {@link #FILE}; fails naming the entry when one is malformed or given twice. */
  public static Population load() {
    JsonNode root = Schemas.read(FILE, JsonNode.class);
    java.util.ArrayList<Figure> list = new java.util.ArrayList<>();
    int i = 0;
    for (JsonNode f : root.path("figures")) {
      if (!f.path("year").canConvertToInt() || !f.path("population").canConvertToLong()) {
        throw bad(i, "needs an integer year and population, was " + f);
      }
      list.add(new Figure(f.path("year").asInt(), f.path("sex").asText(), f.path("age_group").asText(),
          f.path("population").asLong()));
      i++;
    }
    return of(list);
  }

  /** The given figures (validated as {@link #load()} does). */
  public static Population of(List<Figure> list) {
    Map<String, Figure> byKey = new TreeMap<>();
    for (int i = 0; i < list.size(); i++) {
      Figure f = list.get(i);
      if (f.year() < 1900 || f.year() > 2999 || !SEXES.contains(f.sex()) || !AGE_GROUPS.contains(f.ageGroup())
          || f.persons() <= 0) {
        throw bad(i, "year 1900-2999, sex F/M/TOTAL, age_group Y_LT18/Y_GE18/TOTAL and population > 0 expected, was "
            + f);
      }
      if (byKey.put(key(f.year(), f.sex(), f.ageGroup()), f) != null) {
        throw bad(i, "gives " + f.year() + " " + f.sex() + " " + f.ageGroup() + " a second time");
      }
    }
    return new Population(byKey);
  }

  private static PipelineException bad(int i, String what) {
    return new PipelineException(ErrorCode.CONFIG_INVALID, "schemas/" + FILE + ": figure " + (i + 1) + " " + what);
  }

  private static String key(int year, String sex, String ageGroup) {
    return year + "|" + sex + "|" + ageGroup;
  }

  /** Every figure, by year, sex and age group. */
  public List<Figure> figures() {
    return List.copyOf(figures.values());
  }
}
