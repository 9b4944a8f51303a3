package dk.thbstats.disclose;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Published;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The attack across disclosure methods: every suppression table of a group as equalities (its
 * published cells fixed, its suppressed cells unknown, its margins and the margins it shares), and
 * every cell-key table that counts the same persons ({@link MethodLinks}) as interval constraints —
 * a published value v says the true count lies in the perturbation table's preimage of v
 * ({@link PerturbationTable#preimage}: 0 → [0, 2], 3 → [1, 5], v → [v − 2, v + 2] from 5 up), a
 * withheld cell says nothing — with the cell-key table's own margins and the links (a suppression
 * cell equals the sum of the cell-key cells mapped onto it). Then the interval of every suppressed
 * cell, by linear programs; a cell narrower than the threshold is a violation.
 *
 * <p>The model leaves out what carries no information or cannot be stated as an equality: the
 * cell-key tables' all-years TOTAL rows (linked tables publish them as the sums of their published
 * years, so they follow from cells already in the model), their multi-flag dimensions (a person in
 * two forms counts in both: TOTAL ≤ Σ, not =; the tables are sliced at TOTAL there), and cell-key
 * tables of other populations or time bases (first registration, funnel cohorts, action-plan
 * indicators), which no suppression cell equals.
 *
 * <p>{@link #coexist} is the rule that makes the two methods live together: a cell-key table does
 * not break down a cell the suppression tables hide — every cell-key cell all of whose persons
 * belong to a suppressed cell (its twin, and its parts by quarter, band, authority, form …) is
 * withheld — and where the attack still narrows a suppressed cell, the cell-key cells linked to it
 * and to the suppressed cells it shares a margin with are withheld too, until the attack fails or
 * nothing is left to withhold. (Cheaper rules were tried on data-samples: the twins alone leave
 * 328 of the victims group's 382 suppressed cells narrow; withholding breakdowns only where the
 * attack succeeds saves 5 % of the withheld cells but costs two minutes of linear programs per
 * night; trying the twins first finds the traffickers' 8 twins enough, not their 240 breakdowns,
 * but the failing try on the victims group costs 40 s.)
 */
public final class CrossMethodAudit {
  private static final int MAX_ROUNDS = 6;

  private CrossMethodAudit() {}

  /** A suppression table as published: its true counts and the coordinates it suppressed. */
  public record SuppressionTable(String name, List<String> dimensions, Map<List<String>, Long> counts,
      Set<List<String>> suppressed) {}

  /**
   * A cell-key table: true counts (a null count: not recorded), and per cell the published value
   * (null when withheld or not available) — the cells to withhold are decided here.
   */
  public record CellKeyTable(String name, List<String> dimensions, Map<List<String>, Long> counts,
      Map<List<String>, Long> published, PerturbationTable ptable) {}

  /** What the attack found. */
  public record Result(int targets, Map<CellRef, Interval> intervals, List<String> violations, int linearPrograms,
      int linkEquations, int linksNotHolding, int cellKeyCells) {
    public boolean passed() {
      return violations.isEmpty();
    }
  }

  /**
   * Attacks the tables as published, with {@code withheld} cell-key cells saying nothing.
   *
   * @throws PipelineException {@link ErrorCode#DISCLOSURE_FAILED} never; violations come back as data
   */
  public static Result attack(List<SuppressionTable> suppression, List<CellKeyTable> cellKey, MethodLinks links,
      MethodLinks.CountryGroups countries, int threshold, Set<CellRef> withheld) {
    if (suppression.stream().allMatch(t -> t.suppressed().isEmpty())) {
      return new Result(0, Map.of(), List.of(), 0, 0, 0, 0); // nothing hidden, nothing to attack
    }
    Model m = new Model(suppression, cellKey, links, countries, withheld);
    if (m.targets.isEmpty()) {
      return new Result(0, Map.of(), List.of(), 0, m.linkEquations, m.linksNotHolding, m.cellKeyCells);
    }
    LinearConstraints system = m.constraints.build();
    IntervalEngine engine = new IntervalEngine(m.values, system);
    BitSet variables = new BitSet();
    determinedFixed(system, m.variables, m.targets).forEach(c -> variables.set(engine.indexOf(c)));
    BitSet targets = new BitSet();
    m.targets.forEach(c -> targets.set(engine.indexOf(c)));
    Protection protection = Protection.interval(threshold);
    // Which targets are narrow (witnesses settle most without a program), then the exact interval of those.
    BitSet narrow = engine.narrow(variables, targets, protection);
    Interval[] intervals = engine.intervals(variables, narrow);
    Map<CellRef, Interval> byCell = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    for (int i = narrow.nextSetBit(0); i >= 0; i = narrow.nextSetBit(i + 1)) {
      byCell.put(engine.ref(i), intervals[i]);
      if (!protection.isSatisfiedBy(intervals[i])) {
        violations.add("suppressed cell " + engine.ref(i) + " can be narrowed to [" + (long) Math.ceil(
            intervals[i].min() - 1e-6) + ", " + (long) Math.floor(intervals[i].max() + 1e-6) + "] with the cell-key"
            + " tables (required width ≥ " + threshold + ")");
      }
    }
    return new Result(targets.cardinality(), byCell, violations, engine.linearPrograms(), m.linkEquations,
        m.linksNotHolding, m.cellKeyCells);
  }

  /**
   * The unknowns an attacker cannot work out by substitution alone: an equation whose cells are all
   * known but one gives that one exactly, so it is known too (a cell-key cell counting the same
   * persons as a published cell, the slack of a known cell's bounds …), and so on until nothing
   * changes. Those cells are fixed at their values in the linear programs, which are then smaller;
   * the intervals are the same. Targets stay unknown (a target worked out exactly has an interval
   * of width 0, which the programs find).
   */
  private static Set<CellRef> determinedFixed(LinearConstraints system, Set<CellRef> variables, Set<CellRef> targets) {
    Set<CellRef> unknown = new LinkedHashSet<>(variables);
    Map<CellRef, List<Equality>> byCell = new HashMap<>();
    for (Equality e : system.equalities()) {
      for (CellRef c : e.terms().keySet()) {
        byCell.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
      }
    }
    java.util.ArrayDeque<Equality> todo = new java.util.ArrayDeque<>(system.equalities());
    while (!todo.isEmpty()) {
      Equality e = todo.pop();
      CellRef only = null;
      int count = 0;
      for (CellRef c : e.terms().keySet()) {
        if (unknown.contains(c)) {
          only = c;
          count++;
        }
      }
      if (count == 1 && !targets.contains(only)) {
        unknown.remove(only);
        todo.addAll(byCell.getOrDefault(only, List.of()));
      }
    }
    return unknown;
  }

  /** The cell-key cells to withhold so that the attack fails, and the attack on the result. */
  public record Coexistence(Set<CellRef> withheld, Result result, int rounds) {}

  /** Decides the cell-key cells to withhold (see the class comment). */
  public static Coexistence coexist(List<SuppressionTable> suppression, List<CellKeyTable> cellKey, MethodLinks links,
      MethodLinks.CountryGroups countries, int threshold) {
    if (suppression.stream().allMatch(t -> t.suppressed().isEmpty())) {
      return new Coexistence(Set.of(), attack(suppression, cellKey, links, countries, threshold, Set.of()), 0);
    }
    Model first = new Model(suppression, cellKey, links, countries, Set.of());
    // A cell-key table does not break down a cell the suppression tables hide.
    Set<CellRef> withheld = new LinkedHashSet<>(first.withinSuppressed());
    Result result = attack(suppression, cellKey, links, countries, threshold, withheld);
    int rounds = 1;
    while (!result.passed() && rounds < MAX_ROUNDS) {
      // Still narrowed: withhold the cell-key cells linked to it and to the suppressed cells it
      // shares a margin with (sums that reach beyond it: a margin difference away).
      Model m = new Model(suppression, cellKey, links, countries, withheld);
      Set<CellRef> more = new LinkedHashSet<>();
      for (CellRef s : result.intervals().keySet()) {
        more.addAll(m.cellKeyNear(s));
      }
      more.removeAll(withheld);
      if (more.isEmpty()) {
        break;
      }
      withheld.addAll(more);
      result = attack(suppression, cellKey, links, countries, threshold, withheld);
      rounds++;
    }
    return new Coexistence(withheld, result, rounds);
  }

  /** The linear system of the attack. */
  private static final class Model {
    final SortedMap<CellRef, Long> values = new TreeMap<>();
    final LinearConstraints.Builder constraints = LinearConstraints.builder();
    final Set<CellRef> variables = new LinkedHashSet<>();
    final Set<CellRef> targets = new LinkedHashSet<>();
    /** Per suppression cell, the link equations' cell-key parts. */
    final Map<CellRef, List<CellRef>> linkedParts = new HashMap<>();
    /** Per suppression cell, the suppression cells it shares a margin with. */
    final Map<CellRef, Set<CellRef>> marginNeighbours = new HashMap<>();
    final Set<CellRef> suppressedCells = new HashSet<>();
    final Set<CellRef> withinSuppressed = new LinkedHashSet<>();
    /** A published cell-key cell's lower bound: the model's unknown is the count less it (≥ 0). */
    final Map<CellRef, Long> offset = new HashMap<>();
    int linkEquations;
    int linksNotHolding;
    int cellKeyCells;

    Model(List<SuppressionTable> suppression, List<CellKeyTable> cellKey, MethodLinks links,
        MethodLinks.CountryGroups countries, Set<CellRef> withheld) {
      Map<String, SuppressionTable> byName = new LinkedHashMap<>();
      List<CountTable> tables = new ArrayList<>();
      for (SuppressionTable t : suppression) {
        byName.put(t.name(), t);
        CountTable.Builder b = CountTable.builder(t.name(), t.dimensions());
        t.counts().forEach((at, v) -> b.add(at, v));
        CountTable table = b.build();
        tables.add(table);
        for (Cell c : table.cells()) {
          values.put(c.ref(), c.value());
          if (t.suppressed().contains(c.ref().coordinates())) {
            variables.add(c.ref());
            targets.add(c.ref());
            suppressedCells.add(c.ref());
          }
        }
        constraints.addMargins(table);
      }
      constraints.addAll(SuppressionStage.shared(tables));
      for (Equality e : constraints.build().equalities()) {
        for (CellRef a : e.terms().keySet()) {
          marginNeighbours.computeIfAbsent(a, k -> new HashSet<>()).addAll(e.terms().keySet());
        }
      }
      for (CellKeyTable t : cellKey) {
        MethodLinks.Link link = links.of(t.name());
        SuppressionTable target = link == null ? null : byName.get(link.suppressionTable());
        if (target != null) {
          addCellKeyTable(t, link, target, countries, withheld);
        }
      }
    }

    private void addCellKeyTable(CellKeyTable t, MethodLinks.Link link, SuppressionTable target,
        MethodLinks.CountryGroups countries, Set<CellRef> withheld) {
      List<String> dims = t.dimensions();
      int year = dims.indexOf(Published.YEAR);
      for (List<String> at : t.counts().keySet()) {
        for (List<String> image : images(at, dims, link, target, countries)) {
          if (suppressedCells.contains(new CellRef(target.name(), image))) {
            withinSuppressed.add(new CellRef(t.name(), at));
          }
        }
      }
      // The sliced cube: multi-flag dimensions at TOTAL, all-years rows left out, recorded counts only.
      Map<List<String>, Long> cells = new LinkedHashMap<>();
      t.counts().forEach((at, n) -> {
        if (n == null || Published.TOTAL.equals(at.get(year))) {
          return;
        }
        for (Map.Entry<String, String> s : link.slice().entrySet()) {
          if (!s.getValue().equals(at.get(dims.indexOf(s.getKey())))) {
            return;
          }
        }
        cells.put(at, n);
      });
      for (Map.Entry<List<String>, Long> e : cells.entrySet()) {
        CellRef ref = new CellRef(t.name(), e.getKey());
        variables.add(ref);
        cellKeyCells++;
        Long v = t.published().get(e.getKey());
        if (v != null && !withheld.contains(ref)) {
          long[] range = t.ptable().preimage(v);
          if (range == null || range[0] > e.getValue() || range[1] < e.getValue()) {
            throw new PipelineException(ErrorCode.DISCLOSURE_FAILED, "cell " + ref + " is published as " + v
                + ", which its count cannot be perturbed to");
          }
          // lo ≤ x ≤ hi as x = lo + x', x' + slack = hi − lo, x', slack ≥ 0.
          offset.put(ref, range[0]);
          values.put(ref, e.getValue() - range[0]);
          CellRef slack = new CellRef("~slack " + t.name(), e.getKey());
          values.put(slack, range[1] - e.getValue());
          variables.add(slack);
          SortedMap<CellRef, Long> terms = new TreeMap<>();
          terms.put(ref, 1L);
          terms.put(slack, 1L);
          constraints.add(new Equality("bounds of " + ref, terms, range[1] - range[0]));
        } else {
          values.put(ref, e.getValue());
        }
      }
      // The table's own margins on its other dimensions (years are not summed: the all-years rows are out).
      Map<String, List<String>> levels = new LinkedHashMap<>();
      for (int d = 0; d < dims.size(); d++) {
        Set<String> l = new LinkedHashSet<>();
        for (List<String> at : cells.keySet()) {
          l.add(at.get(d));
        }
        levels.put(dims.get(d), new ArrayList<>(l));
      }
      for (List<String> at : cells.keySet()) {
        for (int d = 0; d < dims.size(); d++) {
          if (d == year || link.slice().containsKey(dims.get(d)) || !Published.TOTAL.equals(at.get(d))) {
            continue;
          }
          List<CellRef> parts = new ArrayList<>();
          for (String level : levels.get(dims.get(d))) {
            List<String> p = new ArrayList<>(at);
            p.set(d, level);
            if (!Published.TOTAL.equals(level) && cells.containsKey(p)) {
              parts.add(new CellRef(t.name(), p));
            }
          }
          if (!parts.isEmpty()) {
            SortedMap<CellRef, Long> terms = new TreeMap<>();
            parts.forEach(p -> terms.put(p, 1L));
            terms.put(new CellRef(t.name(), at), -1L);
            addIfHolds(t.name() + ": " + dims.get(d) + " margin", terms);
          }
        }
      }
      // The links: each suppression cell the mapping reaches is the sum of the cell-key cells mapped onto it.
      Map<List<String>, List<CellRef>> onto = new LinkedHashMap<>();
      Set<Integer> ambiguousYears = new HashSet<>();
      for (List<String> at : cells.keySet()) {
        List<String> mapped = map(at, dims, link, target, countries, ambiguousYears);
        if (mapped != null) {
          onto.computeIfAbsent(mapped, k -> new ArrayList<>()).add(new CellRef(t.name(), at));
        }
      }
      for (Map.Entry<List<String>, List<CellRef>> e : onto.entrySet()) {
        CellRef s = new CellRef(target.name(), e.getKey());
        if (!values.containsKey(s) || ambiguous(e.getKey(), target, link, ambiguousYears)) {
          continue;
        }
        SortedMap<CellRef, Long> terms = new TreeMap<>();
        e.getValue().forEach(c -> terms.put(c, 1L));
        terms.put(s, -1L);
        if (addIfHolds(t.name() + " onto " + target.name(), terms)) {
          linkEquations++;
          linkedParts.computeIfAbsent(s, k -> new ArrayList<>()).addAll(e.getValue());
        } else {
          linksNotHolding++;
        }
      }
    }

    /** The suppression coordinates a cell-key cell maps onto, or null when it maps onto none. */
    private static List<String> map(List<String> at, List<String> dims, MethodLinks.Link link, SuppressionTable target,
        MethodLinks.CountryGroups countries, Set<Integer> ambiguousYears) {
      for (int d = 0; d < dims.size(); d++) {
        if (!link.dimensions().containsKey(dims.get(d)) && !Published.TOTAL.equals(at.get(d))) {
          return null; // an unmapped dimension: only its TOTAL counts the suppression table's persons
        }
      }
      int year = Integer.parseInt(at.get(dims.indexOf(Published.YEAR)));
      List<String> out = new ArrayList<>();
      for (String td : target.dimensions()) {
        String fixed = link.fixed().get(td);
        if (fixed != null) {
          out.add(fixed);
          continue;
        }
        String from = link.dimensions().entrySet().stream().filter(e -> e.getValue().equals(td)).map(Map.Entry::getKey)
            .findFirst().orElse(null);
        if (from == null) {
          return null; // a suppression dimension the link neither maps nor fixes
        }
        String code = at.get(dims.indexOf(from));
        Map<String, String> codes = link.codes().get(from);
        if (Published.TOTAL.equals(code) || codes == null) {
          out.add(code);
          continue;
        }
        String mapped = codes.get(code);
        if (mapped == null && codes.containsKey(MethodLinks.ANY_COUNTRY)) {
          mapped = countries.groupOf(code, year);
          if (mapped == null) {
            ambiguousYears.add(year);
            return null;
          }
        }
        if (mapped == null) {
          return null;
        }
        out.add(mapped);
      }
      return out;
    }

    /**
     * The suppression cells that hold every person of a cell-key cell: its mapped dimensions'
     * codes mapped, the rest of the suppression table's dimensions fixed, its own other
     * dimensions ignored (two images when a country's group changed within the year).
     */
    private static List<List<String>> images(List<String> at, List<String> dims, MethodLinks.Link link,
        SuppressionTable target, MethodLinks.CountryGroups countries) {
      List<List<String>> out = new ArrayList<>();
      out.add(new ArrayList<>());
      String y = at.get(dims.indexOf(Published.YEAR));
      for (String td : target.dimensions()) {
        String fixed = link.fixed().get(td);
        String from = link.dimensions().entrySet().stream().filter(e -> e.getValue().equals(td))
            .map(Map.Entry::getKey).findFirst().orElse(null);
        List<String> codes;
        if (fixed != null) {
          codes = List.of(fixed);
        } else if (from == null) {
          codes = List.of(Published.TOTAL);
        } else {
          String code = at.get(dims.indexOf(from));
          Map<String, String> map = link.codes().get(from);
          if (Published.TOTAL.equals(code) || map == null) {
            codes = List.of(code);
          } else if (map.containsKey(code)) {
            codes = List.of(map.get(code));
          } else if (map.containsKey(MethodLinks.ANY_COUNTRY) && !Published.TOTAL.equals(y)) {
            String g = countries.groupOf(code, Integer.parseInt(y));
            codes = g != null ? List.of(g) : List.of("EU27_2020_FOR", "NEU27_2020_FOR");
          } else {
            codes = List.of(Published.TOTAL);
          }
        }
        List<List<String>> next = new ArrayList<>();
        for (List<String> prefix : out) {
          for (String c : codes) {
            List<String> p = new ArrayList<>(prefix);
            p.add(c);
            next.add(p);
          }
        }
        out = next;
      }
      return out;
    }

    /** Whether a suppression cell's sum misses a cell-key cell whose group changed within its year. */
    private static boolean ambiguous(List<String> at, SuppressionTable target, MethodLinks.Link link,
        Set<Integer> ambiguousYears) {
      String y = at.get(target.dimensions().indexOf(Published.YEAR));
      if (Published.TOTAL.equals(y) || !ambiguousYears.contains(Integer.parseInt(y))) {
        return false;
      }
      for (Map.Entry<String, String> d : link.dimensions().entrySet()) {
        if (link.codes().containsKey(d.getKey()) && link.codes().get(d.getKey()).containsKey(MethodLinks.ANY_COUNTRY)
            && !Published.TOTAL.equals(at.get(target.dimensions().indexOf(d.getValue())))) {
          return true;
        }
      }
      return false;
    }

    /**
     * Adds {@code Σ coefficient × count = 0}, written in the model's unknowns (published cell-key
     * cells less their lower bounds), when it holds for the true counts; a declared link that does
     * not hold is left out.
     */
    private boolean addIfHolds(String label, SortedMap<CellRef, Long> terms) {
      long constant = 0;
      for (Map.Entry<CellRef, Long> e : terms.entrySet()) {
        constant -= e.getValue() * offset.getOrDefault(e.getKey(), 0L);
      }
      Equality e = new Equality(label, terms, constant);
      if (!e.holdsFor(values)) {
        return false;
      }
      constraints.add(e);
      return true;
    }

    /**
     * Cell-key cells, on every dimension (multi-flag and all-years ones too), all of whose persons
     * belong to a suppressed cell: its twin and every breakdown of it (by quarter, authority,
     * band, form …). A cell-key table does not break down what the suppression tables hide.
     */
    Set<CellRef> withinSuppressed() {
      return withinSuppressed;
    }

    /** The cell-key cells linked to {@code s} or to a suppressed cell that shares a margin with it. */
    Set<CellRef> cellKeyNear(CellRef s) {
      Set<CellRef> out = new LinkedHashSet<>(linkedParts.getOrDefault(s, List.of()));
      for (CellRef n : marginNeighbours.getOrDefault(s, Set.of())) {
        if (suppressedCells.contains(n)) {
          out.addAll(linkedParts.getOrDefault(n, List.of()));
        }
      }
      return out;
    }
  }

  /**
   * A suppression table as written: its true counts ({@code <dimensions>, value}) and the cells
   * its published rows ({@code <dimensions>, value, flag}) suppress (flag c). Aggregates, collected.
   */
  public static SuppressionTable suppressionTable(dk.thbstats.schema.TableContract contract,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> counts,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> published) {
    List<String> dims = SuppressionStage.dimensions(contract);
    Set<List<String>> suppressed = new HashSet<>();
    for (org.apache.spark.sql.Row r : published.limit(SuppressionStage.MAX_CELLS + 1).collectAsList()) {
      if ("c".equals(r.getAs("flag"))) {
        suppressed.add(dims.stream().map(d -> (String) r.getAs(d)).toList());
      }
    }
    return new SuppressionTable(contract.table(), dims, SuppressionStage.collectCounts(contract, counts), suppressed);
  }

  /**
   * A cell-key table: its true counts ({@code <dimensions>, value, cell_key}; null: not recorded)
   * and its published values ({@code <dimensions>, value, flag}; null when withheld or not
   * available). Aggregates, collected.
   */
  public static CellKeyTable cellKeyTable(dk.thbstats.schema.TableContract contract,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> counts,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> published, PerturbationTable ptable) {
    List<String> dims = SuppressionStage.dimensions(contract);
    Map<List<String>, Long> n = new LinkedHashMap<>();
    for (org.apache.spark.sql.Row r : counts.limit(SuppressionStage.MAX_CELLS + 1).collectAsList()) {
      Object v = r.getAs("value");
      n.put(dims.stream().map(d -> (String) r.getAs(d)).toList(), v == null ? null : ((Number) v).longValue());
    }
    Map<List<String>, Long> p = new HashMap<>();
    for (org.apache.spark.sql.Row r : published.limit(SuppressionStage.MAX_CELLS + 1).collectAsList()) {
      Object v = r.getAs("value");
      p.put(dims.stream().map(d -> (String) r.getAs(d)).toList(), v == null ? null : ((Number) v).longValue());
    }
    return new CellKeyTable(contract.table(), dims, n, p, ptable);
  }

  /** The withheld cells of one table, as coordinates. */
  public static Set<List<String>> of(Set<CellRef> withheld, String table) {
    return withheld.stream().filter(c -> c.table().equals(table)).map(CellRef::coordinates)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Whether two attacks see the same cells: the same suppression tables (counts and suppressed
   * cells) and, per cell-key table, the same counts and the same published value of every cell of
   * a year (withheld cells saying nothing; the all-years rows are not in the attack). The publish
   * audit uses it to check that the rows written are the rows {@link #coexist} attacked, whose
   * verdict then holds for them.
   */
  public static boolean sameCells(List<SuppressionTable> a, List<CellKeyTable> aCellKey, Set<CellRef> aWithheld,
      List<SuppressionTable> b, List<CellKeyTable> bCellKey, Set<CellRef> bWithheld) {
    if (!a.equals(b) || aCellKey.size() != bCellKey.size()) {
      return false;
    }
    for (int i = 0; i < aCellKey.size(); i++) {
      CellKeyTable x = aCellKey.get(i);
      CellKeyTable y = bCellKey.get(i);
      if (!x.name().equals(y.name()) || !x.counts().equals(y.counts())
          || !shown(x, aWithheld).equals(shown(y, bWithheld))) {
        return false;
      }
    }
    return true;
  }

  /** What a cell-key table tells the attack: the published value of every cell of a year, or null. */
  private static Map<List<String>, Long> shown(CellKeyTable t, Set<CellRef> withheld) {
    int year = t.dimensions().indexOf(Published.YEAR);
    Map<List<String>, Long> out = new HashMap<>();
    t.counts().keySet().forEach(at -> {
      if (!Published.TOTAL.equals(at.get(year))) {
        out.put(at, withheld.contains(new CellRef(t.name(), at)) ? null : t.published().get(at));
      }
    });
    return out;
  }

  /** One line for the run report. */
  public static String summary(Result r, Set<CellRef> withheld) {
    Map<String, Long> perTable = withheld.stream().collect(Collectors.groupingBy(CellRef::table, TreeMap::new,
        Collectors.counting()));
    return "the attack across methods passed: " + r.targets() + " suppressed cell(s) against "
        + r.cellKeyCells() + " cell-key cell(s) through " + r.linkEquations() + " link equation(s) ("
        + r.linearPrograms() + " linear programs), none narrower than the threshold; " + withheld.size()
        + " cell-key cell(s) withheld" + (perTable.isEmpty() ? "" : " " + perTable)
        + (r.linksNotHolding() == 0 ? "" : "; " + r.linksNotHolding() + " declared link(s) do not hold and were left out");
  }
}
