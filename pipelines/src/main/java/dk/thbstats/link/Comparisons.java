package dk.thbstats.link;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dk.thbstats.schema.Tables.Records;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The comparisons of the Fellegi–Sunter model, Splink style: each {@link Comparison} is an ordered,
 * immutable list of {@link Level}s — a name and a condition — whose last level is the else level;
 * the first level a pair meets wins, and a pair missing the field on either side is not compared on
 * it (null). {@link #ALL} is the single source of both the level names (a model file, the report and
 * the fit's checks read them through {@link #LEVELS}) and the predicates ({@link #levels}); other
 * rules name levels, never their positions ({@link #indexes}). Correlated fields are collapsed into
 * one comparison (given, family and full names; postcode, locality and street). They read only
 * keyed tokens, Bloom filters and codes — the columns listed in {@link #COLUMNS}, none of them
 * cleartext.
 *
 * <p>On a pair dataset, the left record's columns are prefixed {@code l_} and the right's
 * {@code r_}.
 */
public final class Comparisons {
  private Comparisons() {}

  /**
   * The record columns linkage reads: keyed tokens, keyed Bloom filters, and the codes sex,
   * citizenship and birth-date precision. {@link ProbabilisticLinkage#linkColumns} projects the
   * records onto these before anything else happens.
   */
  public static final List<String> COLUMNS = List.of(
      Records.RECORD_KEY, Records.IDENTIFIERS, Records.NAME_KEY, Records.GIVEN_KEY, Records.FAMILY_KEY,
      Records.NAME_TOKENS, Records.NAME_PHONETICS, Records.NAME_BLOOM, Records.BIRTH_DATE_KEY,
      Records.BIRTH_SWAPPED_KEY, Records.BIRTH_TYPO_KEYS, Records.BIRTH_YM_KEY, Records.BIRTH_YEAR_KEY, Records.BIRTH_YEAR_NEAR_KEYS,
      Records.BIRTH_YEAR_WIDE_KEYS, Records.BIRTH_DATE_PRECISION,
      Records.SEX, Records.CITIZENSHIP, Records.POSTCODE_KEY, Records.LOCALITY_KEY, Records.ADDRESS_BLOOM,
      Records.CONTACT_KEYS);

  /**
   * The comparisons' level names in model order (best first), from {@link #ALL}: the one source of
   * the names a model file, a report and the fit's checks read. Immutable.
   */
  public static final Map<String, List<String>> LEVELS;

  /** Dice coefficient of two Bloom filters; null when either is missing. */
  static final UserDefinedFunction DICE = functions.udf((UDF2<byte[], byte[], Double>) (a, b) -> {
    if (a == null || b == null || a.length != b.length) {
      return null;
    }
    int both = 0;
    int sum = 0;
    for (int i = 0; i < a.length; i++) {
      both += Integer.bitCount(a[i] & b[i] & 0xFF);
      sum += Integer.bitCount(a[i] & 0xFF) + Integer.bitCount(b[i] & 0xFF);
    }
    return sum == 0 ? 0.0 : 2.0 * both / sum;
  }, DataTypes.DoubleType);

  /** The dice thresholds of the name levels (high, middle, low), as settings give them. */
  public record Dice(double high, double middle, double low) {
    static Dice of(List<Double> levels) {
      return new Dice(levels.get(0), levels.get(1), levels.get(2));
    }
  }

  /**
   * One level of a comparison: its name and when a pair is at it — given that no earlier level of
   * the comparison holds (the first level a pair meets wins, Splink's rule). The last level of a
   * comparison is its else level, taking every compared pair no earlier level took.
   */
  public record Level(String name, java.util.function.Function<Dice, Column> when) {
    public Level {
      if (name == null || name.isBlank() || when == null) {
        throw new IllegalArgumentException("a comparison level needs a name and a condition");
      }
    }

    static Level of(String name, Column when) {
      return new Level(name, dice -> when);
    }

    static Level orElse(String name) {
      return new Level(name, dice -> lit(true));
    }
  }

  /**
   * A comparison: when a pair is compared on it at all (both records hold the field; otherwise its
   * level is null and it adds nothing), and its ordered levels, the last the else level.
   */
  public record Comparison(String name, Column compared, List<Level> levels) {
    public Comparison {
      levels = List.copyOf(levels);
      if (levels.size() < 2) {
        throw new IllegalArgumentException("comparison " + name + " needs at least two levels, has " + levels.size());
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Level level : levels) {
        if (!names.add(level.name())) {
          throw new IllegalArgumentException("comparison " + name + " names level " + level.name() + " twice");
        }
      }
    }

    /** The level names in order. */
    public List<String> names() {
      return levels.stream().map(Level::name).toList();
    }

    /** The level column ({@code cmp_<name>}): the index of the first level that holds, or null. */
    Column level(Dice dice) {
      Column out = when(compared.equalTo(false).or(compared.isNull()), lit(null));
      for (int i = 0; i < levels.size() - 1; i++) {
        out = out.when(levels.get(i).when().apply(dice), i);
      }
      return out.otherwise(levels.size() - 1);
    }
  }

  private static Column l(String c) {
    return col("l_" + c);
  }

  private static Column r(String c) {
    return col("r_" + c);
  }

  private static Column both(String c) {
    return l(c).isNotNull().and(r(c).isNotNull());
  }

  private static Column identifier() {
    return expr("exists(l_identifiers, x -> exists(r_identifiers, y -> x.type = y.type"
        + " AND x.country <=> y.country AND x.key = y.key))");
  }

  private static Comparison identifierComparison() {
    // Comparable when the records hold an identifier of one type and issuing country.
    Column comparable = expr("exists(l_identifiers, x -> exists(r_identifiers, y -> x.type = y.type"
        + " AND x.country <=> y.country))");
    return new Comparison("identifier", comparable, List.of(Level.of("agree", identifier()), Level.orElse("disagree")));
  }

  /**
   * One comparison for the whole name (given, family and full names are correlated: a pool of names
   * per nationality), on the token set, its phonetic codes and its bigram Bloom filter, so a split
   * name (given / family) and a full name (the police's "SURNAME Given") compare alike.
   */
  private static Comparison nameComparison() {
    Column nameDice = DICE.apply(l(Records.NAME_BLOOM), r(Records.NAME_BLOOM));
    Column shared = size(array_intersect(l(Records.NAME_TOKENS), r(Records.NAME_TOKENS)));
    Column phonetic = size(array_intersect(l(Records.NAME_PHONETICS), r(Records.NAME_PHONETICS)));
    return new Comparison("name", both(Records.NAME_BLOOM), List.of(
        Level.of("same_tokens", l(Records.NAME_KEY).equalTo(r(Records.NAME_KEY))),
        Level.of("two_tokens", shared.geq(2)),
        new Level("dice_high", dice -> nameDice.geq(dice.high())),
        new Level("one_token_dice_mid", dice -> shared.geq(1).and(nameDice.geq(dice.middle()))),
        Level.of("two_phonetics", phonetic.geq(2)),
        Level.of("one_token", shared.geq(1)),
        new Level("one_phonetic_dice_low", dice -> phonetic.geq(1).and(nameDice.geq(dice.low()))),
        Level.orElse("else")));
  }

  /**
   * Levels 0–6 compare two full dates: the same, one typo apart (0–2), or further (3–6, evidence of
   * two persons: see {@link #AGAINST}); 7–9 a year known from a 1 January placeholder or a bare
   * year (the year is as good as a full date's); 10–12 a year estimated from an age (±1–3 years).
   * An estimate on either side makes the pair an estimated one, else a placeholder or bare year a
   * coarse one. A record pseudonymised before birth_typo_keys existed (null, not empty) cannot tell
   * one typo from more: its full dates, unless equal or day/month swapped, are compared as years
   * only (levels 7–8), never as evidence against (years two or more apart are left uncompared).
   */
  private static Comparison birthDateComparison() {
    Column estimated = functions.coalesce(l(Records.BIRTH_DATE_PRECISION).equalTo("estimated")
        .or(r(Records.BIRTH_DATE_PRECISION).equalTo("estimated")), lit(false));
    Column coarse = functions.coalesce(l(Records.BIRTH_DATE_PRECISION).isin("placeholder_jan1", "year_only")
        .or(r(Records.BIRTH_DATE_PRECISION).isin("placeholder_jan1", "year_only")), lit(false)).and(not(estimated));
    Column full = not(estimated).and(not(coarse));
    Column typoUnknown = l(Records.BIRTH_DATE_KEY).isNotNull().and(l(Records.BIRTH_TYPO_KEYS).isNull())
        .or(r(Records.BIRTH_DATE_KEY).isNotNull().and(r(Records.BIRTH_TYPO_KEYS).isNull()));
    Column typoKnown = full.and(not(typoUnknown));
    Column sameDate = functions.coalesce(l(Records.BIRTH_DATE_KEY).equalTo(r(Records.BIRTH_DATE_KEY)), lit(false));
    Column swapped = functions.coalesce(l(Records.BIRTH_SWAPPED_KEY).equalTo(r(Records.BIRTH_DATE_KEY))
        .or(r(Records.BIRTH_SWAPPED_KEY).equalTo(l(Records.BIRTH_DATE_KEY))), lit(false));
    Column sameYear = l(Records.BIRTH_YEAR_KEY).equalTo(r(Records.BIRTH_YEAR_KEY));
    Column nextYear = array_contains(l(Records.BIRTH_YEAR_NEAR_KEYS), r(Records.BIRTH_YEAR_KEY));
    Column within3 = sameYear.or(nextYear).or(array_contains(l(Records.BIRTH_YEAR_WIDE_KEYS), r(Records.BIRTH_YEAR_KEY)));
    Column yearsOnly = coarse.or(full.and(typoUnknown));
    // Two full dates, one keyed before typo keys existed, neither equal, swapped nor a year or
    // next year apart: not comparable.
    Column unknownFar = full.and(typoUnknown).and(not(sameDate)).and(not(swapped))
        .and(not(functions.coalesce(sameYear.or(nextYear), lit(false))));
    return new Comparison("birth_date", both(Records.BIRTH_YEAR_KEY).and(not(unknownFar)), List.of(
        Level.of("exact", full.and(sameDate)),
        Level.of("day_month_swapped", full.and(swapped)),
        Level.of("typo", typoKnown.and(size(array_intersect(l(Records.BIRTH_TYPO_KEYS), r(Records.BIRTH_TYPO_KEYS))).gt(0))),
        Level.of("year_month", typoKnown.and(l(Records.BIRTH_YM_KEY).equalTo(r(Records.BIRTH_YM_KEY)))),
        Level.of("year", typoKnown.and(sameYear)),
        Level.of("year_plus_minus_1", typoKnown.and(nextYear)),
        Level.of("else", typoKnown),
        Level.of("coarse_same_year", yearsOnly.and(sameYear)),
        Level.of("coarse_year_plus_minus_1", yearsOnly.and(nextYear)),
        Level.of("coarse_else", coarse),
        Level.of("estimated_within_1", estimated.and(sameYear.or(nextYear))),
        Level.of("estimated_within_3", estimated.and(within3)),
        Level.orElse("estimated_else")));
  }

  /** Agree or not, on a field {@code compared} says both records hold. */
  private static Comparison agreeOrNot(String name, Column compared, Column agree) {
    return new Comparison(name, compared, List.of(Level.of("agree", agree), Level.orElse("disagree")));
  }

  /**
   * The address: postcode, locality and street (a close Bloom filter), compared when both records
   * hold at least one of them; a postcode or locality missing on either side does not agree.
   */
  private static Comparison addressComparison() {
    Column pc = functions.coalesce(l(Records.POSTCODE_KEY).equalTo(r(Records.POSTCODE_KEY)), lit(false));
    Column loc = functions.coalesce(l(Records.LOCALITY_KEY).equalTo(r(Records.LOCALITY_KEY)), lit(false));
    Column st = functions.coalesce(DICE.apply(l(Records.ADDRESS_BLOOM), r(Records.ADDRESS_BLOOM)), lit(0.0)).geq(0.8);
    Column lAny = l(Records.POSTCODE_KEY).isNotNull().or(l(Records.LOCALITY_KEY).isNotNull()).or(l(Records.ADDRESS_BLOOM).isNotNull());
    Column rAny = r(Records.POSTCODE_KEY).isNotNull().or(r(Records.LOCALITY_KEY).isNotNull()).or(r(Records.ADDRESS_BLOOM).isNotNull());
    return new Comparison("address", lAny.and(rAny), List.of(
        Level.of("postcode_locality_street", pc.and(loc).and(st)),
        Level.of("postcode_locality", pc.and(loc)),
        Level.of("one_place_and_street", pc.or(loc).and(st)),
        Level.of("postcode_or_locality", pc.or(loc)),
        Level.of("street", st),
        Level.orElse("else")));
  }

  /** The comparisons of the model, in model order: the single source of level names and predicates. */
  public static final List<Comparison> ALL = List.of(
      identifierComparison(),
      nameComparison(),
      birthDateComparison(),
      // A shared phone or e-mail is strong evidence; different ones weak (numbers change).
      agreeOrNot("contact", size(l(Records.CONTACT_KEYS)).gt(0).and(size(r(Records.CONTACT_KEYS)).gt(0)),
          size(array_intersect(l(Records.CONTACT_KEYS), r(Records.CONTACT_KEYS))).gt(0)),
      agreeOrNot("sex", l(Records.SEX).isin("F", "M", "X").and(r(Records.SEX).isin("F", "M", "X")),
          l(Records.SEX).equalTo(r(Records.SEX))),
      agreeOrNot("citizenship", both(Records.CITIZENSHIP), l(Records.CITIZENSHIP).equalTo(r(Records.CITIZENSHIP))),
      addressComparison());

  static {
    Map<String, List<String>> names = new LinkedHashMap<>();
    ALL.forEach(c -> names.put(c.name(), c.names()));
    LEVELS = java.util.Collections.unmodifiableMap(names);
  }

  /** The level column of every comparison ({@code cmp_<name>}, an int or null). */
  public static Map<String, Column> levels(List<Double> dice) {
    Dice d = Dice.of(dice);
    Map<String, Column> m = new LinkedHashMap<>();
    ALL.forEach(c -> m.put(c.name(), c.level(d)));
    return m;
  }

  /** The position of a named level of a comparison; fails on a name the comparison lacks. */
  static int index(String comparison, String level) {
    return indexes(comparison, level).iterator().next();
  }

  /** The positions of named levels of a comparison; fails on a name the comparison lacks. */
  static java.util.Set<Integer> indexes(String comparison, String... levels) {
    List<String> names = LEVELS.get(comparison);
    if (names == null) {
      throw new IllegalArgumentException("no comparison " + comparison);
    }
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    for (String level : levels) {
      int i = names.indexOf(level);
      if (i < 0) {
        throw new IllegalArgumentException("comparison " + comparison + " has no level " + level + " (its levels: " + names + ")");
      }
      out.add(i);
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  private static final List<String> NAMES = List.of("name");

  /** The comparisons a blocking key column determines (a round blocked on it cannot learn them). */
  public static final Map<String, List<String>> KEY_FIELDS = Map.ofEntries(
      Map.entry(Records.IDENTIFIERS, List.of("identifier")), Map.entry(Records.NAME_KEY, NAMES),
      Map.entry(Records.GIVEN_KEY, NAMES), Map.entry(Records.FAMILY_KEY, NAMES),
      Map.entry(Records.NAME_TOKENS, NAMES), Map.entry(Records.NAME_PHONETICS, NAMES), Map.entry(NameLsh.COLUMN, NAMES),
      Map.entry(Records.BIRTH_DATE_KEY, List.of("birth_date")), Map.entry(Records.BIRTH_YEAR_KEY, List.of("birth_date")),
      Map.entry(Records.BIRTH_YM_KEY, List.of("birth_date")), Map.entry(Records.POSTCODE_KEY, List.of("address")),
      Map.entry(Records.LOCALITY_KEY, List.of("address")), Map.entry(Records.CONTACT_KEYS, List.of("contact")));

  /**
   * Comparisons that count only against a match: sex follows from the name (a pool of given names
   * per sex), so agreeing on it adds nothing to a name match, while disagreeing still tells two
   * persons apart — most of all in pairs that share only a birth date. Citizenship is not one of
   * them: name levels of a pair of one citizenship are weighed against that citizenship's strangers
   * ({@link NamesWithinCitizenship}), so the agreement on citizenship counts at its own factor (the
   * exact factorisation, P(name, citizenship | two persons) = P(citizenship) · P(name | citizenship)).
   */
  public static final java.util.Set<String> AGAINST_ONLY = java.util.Set.of("sex");

  /**
   * Comparisons that follow from the name (a pool of names per nationality and sex): their m and u
   * say nothing of whether a fit ran away, so its checks ({@link FitChecks}) pass them by — a file of
   * one nationality has citizenship agreement weighing nothing, rightly.
   */
  public static final java.util.Set<String> FOLLOW_NAME = java.util.Set.of("sex", "citizenship");

  /**
   * Evidence against, whatever a fit finds: per comparison, the levels that say two persons and the
   * most their log2 Bayes factor may be. Two full birth dates more than a typo apart; a year known
   * from a placeholder or a bare year two or more years from the other record's (the year is as good
   * as a full date's, but a year keyed wrongly cannot be told from a typo); an estimated age more
   * than three years from the other's year (estimates err by that much, rarely); and two different
   * documents of one type and issuing country (a cannot-link: clustering never puts them in one
   * person either). The model file lists these caps with each level.
   */
  public static final Map<String, List<Against>> AGAINST = Map.of(
      "birth_date", List.of(
          new Against(indexes("birth_date", "year_month", "year", "year_plus_minus_1", "else"), -8.0,
              "two full birth dates more than a typo apart (not one digit, one adjacent transposition, a day/month"
                  + " swap or one year): two persons"),
          new Against(indexes("birth_date", "coarse_else"), -6.0,
              "a birth year known from a 1 January placeholder or a bare year, two or more years from the other"
                  + " record's: two persons, unless a year was keyed wrongly"),
          new Against(indexes("birth_date", "estimated_else"), -4.0,
              "an age estimated more than three years from the other record's year: most likely two persons")),
      "identifier", List.of(new Against(indexes("identifier", "disagree"), -20.0,
          "two different identifiers of one type and issuing country: a cannot-link")));

  /** The cap of a level that is evidence against, or null when the level is not. */
  public static Against against(String comparison, int level) {
    for (Against a : AGAINST.getOrDefault(comparison, List.of())) {
      if (a.levels().contains(level)) {
        return a;
      }
    }
    return null;
  }

  /** The levels of a comparison that are evidence against. */
  public static java.util.Set<Integer> againstLevels(String comparison) {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    AGAINST.getOrDefault(comparison, List.of()).forEach(a -> out.addAll(a.levels()));
    return out;
  }

  /** Levels of one comparison that are evidence against, and the cap on their weight. */
  public record Against(java.util.Set<Integer> levels, double maxWeight, String reason) {}

  /**
   * A comparison weighted by the frequency of the left record's value of {@code key} at
   * {@code levels}: agreeing on a common name, or on the postcode and locality of a large town, is
   * weaker evidence than on a rare one.
   */
  public record TermFrequency(String key, java.util.Set<Integer> levels) {}

  /**
   * The term-frequency comparisons: the name at its exact level (the name key); the address where
   * postcode and locality agree without a street (the postcode; with the street as well the place
   * hardly matters).
   */
  public static final Map<String, TermFrequency> TERM_FREQUENCY = Map.of(
      "name", new TermFrequency(Records.NAME_KEY, indexes("name", "same_tokens")),
      "address", new TermFrequency(Records.POSTCODE_KEY, indexes("address", "postcode_locality")));

}
