package dk.thbstats.link;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
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
 * The comparisons of the Fellegi–Sunter model, Splink style: each is an ordered list of levels,
 * the first level a pair meets wins, and the level "else" takes what matches no better one; a
 * pair missing the field on either side is not compared on it (null). Correlated fields are
 * collapsed into one comparison (given, family and full names; postcode, locality and street). They read only keyed tokens, Bloom
 * filters and codes — the columns listed in {@link #COLUMNS}, none of them cleartext.
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

  /** The comparisons, in order, with their level names (best first, "else" last). */
  public static final Map<String, List<String>> LEVELS = new LinkedHashMap<>();

  static {
    LEVELS.put("identifier", List.of("agree", "disagree"));
    // One comparison for the whole name (given, family and full names are correlated: a pool of
    // names per nationality), on the token set, its phonetic codes and its bigram Bloom filter, so a
    // split name (given / family) and a full name (the police's "SURNAME Given") compare alike.
    LEVELS.put("name", List.of("same_tokens", "two_tokens", "dice_high", "one_token_dice_mid", "two_phonetics",
        "one_token", "one_phonetic_dice_low", "else"));
    // Levels 0–6 compare two full dates: the same, one typo apart (0–2), or further (3–6, evidence
    // of two persons: see AGAINST); 7–9 a year known from a 1 January placeholder or a bare year
    // (the year is as good as a full date's); 10–12 a year estimated from an age (±1–3 years).
    LEVELS.put("birth_date", List.of("exact", "day_month_swapped", "typo", "year_month", "year", "year_plus_minus_1",
        "else", "coarse_same_year", "coarse_year_plus_minus_1", "coarse_else",
        "estimated_within_1", "estimated_within_3", "estimated_else"));
    LEVELS.put("contact", List.of("agree", "disagree"));
    LEVELS.put("sex", List.of("agree", "disagree"));
    LEVELS.put("citizenship", List.of("agree", "disagree"));
    LEVELS.put("address", List.of("postcode_locality_street", "postcode_locality", "one_place_and_street",
        "postcode_or_locality", "street", "else"));
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
          new Against(java.util.Set.of(3, 4, 5, 6), -8.0,
              "two full birth dates more than a typo apart (not one digit, one adjacent transposition, a day/month"
                  + " swap or one year): two persons"),
          new Against(java.util.Set.of(9), -6.0,
              "a birth year known from a 1 January placeholder or a bare year, two or more years from the other"
                  + " record's: two persons, unless a year was keyed wrongly"),
          new Against(java.util.Set.of(12), -4.0,
              "an age estimated more than three years from the other record's year: most likely two persons")),
      "identifier", List.of(new Against(java.util.Set.of(1), -20.0,
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
      "name", new TermFrequency(Records.NAME_KEY, java.util.Set.of(0)),
      "address", new TermFrequency(Records.POSTCODE_KEY, java.util.Set.of(1)));

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

  private static Column l(String c) {
    return col("l_" + c);
  }

  private static Column r(String c) {
    return col("r_" + c);
  }

  /** The level column of every comparison ({@code cmp_<name>}, an int or null). */
  public static Map<String, Column> levels(List<Double> dice) {
    Map<String, Column> m = new LinkedHashMap<>();
    Column idAgree = expr("exists(l_identifiers, x -> exists(r_identifiers, y -> x.type = y.type"
        + " AND x.country <=> y.country AND x.key = y.key))");
    Column idComparable = expr("exists(l_identifiers, x -> exists(r_identifiers, y -> x.type = y.type"
        + " AND x.country <=> y.country))");
    m.put("identifier", when(idAgree, 0).when(idComparable, 1));

    Column nameDice = DICE.apply(l(Records.NAME_BLOOM), r(Records.NAME_BLOOM));
    Column shared = size(array_intersect(l(Records.NAME_TOKENS), r(Records.NAME_TOKENS)));
    Column phonetic = size(array_intersect(l(Records.NAME_PHONETICS), r(Records.NAME_PHONETICS)));
    m.put("name", when(l(Records.NAME_BLOOM).isNull().or(r(Records.NAME_BLOOM).isNull()), lit(null))
        .when(l(Records.NAME_KEY).equalTo(r(Records.NAME_KEY)), 0)
        .when(shared.geq(2), 1)
        .when(nameDice.geq(dice.get(0)), 2)
        .when(shared.geq(1).and(nameDice.geq(dice.get(1))), 3)
        .when(phonetic.geq(2), 4)
        .when(shared.geq(1), 5)
        .when(phonetic.geq(1).and(nameDice.geq(dice.get(2))), 6)
        .otherwise(7));

    Column estimated = l(Records.BIRTH_DATE_PRECISION).equalTo("estimated")
        .or(r(Records.BIRTH_DATE_PRECISION).equalTo("estimated"));
    // A record pseudonymised before birth_typo_keys existed (null, not empty) cannot tell one typo
    // from more: its full dates are compared as years only, never as evidence against (years two or
    // more apart, one digit of a year keyed wrongly perhaps, are left uncompared).
    Column typoUnknown = l(Records.BIRTH_DATE_KEY).isNotNull().and(l(Records.BIRTH_TYPO_KEYS).isNull())
        .or(r(Records.BIRTH_DATE_KEY).isNotNull().and(r(Records.BIRTH_TYPO_KEYS).isNull()));
    Column coarse = l(Records.BIRTH_DATE_PRECISION).isin("placeholder_jan1", "year_only")
        .or(r(Records.BIRTH_DATE_PRECISION).isin("placeholder_jan1", "year_only"));
    Column sameYear = l(Records.BIRTH_YEAR_KEY).equalTo(r(Records.BIRTH_YEAR_KEY));
    Column nextYear = array_contains(l(Records.BIRTH_YEAR_NEAR_KEYS), r(Records.BIRTH_YEAR_KEY));
    Column within3 = sameYear.or(nextYear).or(array_contains(l(Records.BIRTH_YEAR_WIDE_KEYS), r(Records.BIRTH_YEAR_KEY)));
    m.put("birth_date", when(l(Records.BIRTH_YEAR_KEY).isNull().or(r(Records.BIRTH_YEAR_KEY).isNull()), lit(null))
        .when(estimated.and(sameYear.or(nextYear)), 10)
        .when(estimated.and(within3), 11)
        .when(estimated, 12)
        .when(coarse.and(sameYear), 7)
        .when(coarse.and(nextYear), 8)
        .when(coarse, 9)
        .when(l(Records.BIRTH_DATE_KEY).equalTo(r(Records.BIRTH_DATE_KEY)), 0)
        .when(l(Records.BIRTH_SWAPPED_KEY).equalTo(r(Records.BIRTH_DATE_KEY))
            .or(r(Records.BIRTH_SWAPPED_KEY).equalTo(l(Records.BIRTH_DATE_KEY))), 1)
        .when(typoUnknown.and(sameYear), 7)
        .when(typoUnknown.and(nextYear), 8)
        .when(typoUnknown, lit(null))
        .when(size(array_intersect(l(Records.BIRTH_TYPO_KEYS), r(Records.BIRTH_TYPO_KEYS))).gt(0), 2)
        .when(l(Records.BIRTH_YM_KEY).equalTo(r(Records.BIRTH_YM_KEY)), 3)
        .when(sameYear, 4)
        .when(nextYear, 5)
        .otherwise(6));

    // A shared phone or e-mail is strong evidence; different ones weak (numbers change).
    m.put("contact", when(size(l(Records.CONTACT_KEYS)).gt(0).and(size(r(Records.CONTACT_KEYS)).gt(0)),
        when(size(array_intersect(l(Records.CONTACT_KEYS), r(Records.CONTACT_KEYS))).gt(0), 0).otherwise(1)));
    m.put("sex", when(l(Records.SEX).isin("F", "M", "X").and(r(Records.SEX).isin("F", "M", "X")),
        when(l(Records.SEX).equalTo(r(Records.SEX)), 0).otherwise(1)));
    m.put("citizenship", when(l(Records.CITIZENSHIP).isNotNull().and(r(Records.CITIZENSHIP).isNotNull()),
        when(l(Records.CITIZENSHIP).equalTo(r(Records.CITIZENSHIP)), 0).otherwise(1)));

    Column pc = l(Records.POSTCODE_KEY).equalTo(r(Records.POSTCODE_KEY));
    Column loc = l(Records.LOCALITY_KEY).equalTo(r(Records.LOCALITY_KEY));
    Column st = functions.coalesce(DICE.apply(l(Records.ADDRESS_BLOOM), r(Records.ADDRESS_BLOOM)), lit(0.0)).geq(0.8);
    pc = functions.coalesce(pc, lit(false));
    loc = functions.coalesce(loc, lit(false));
    Column lNone = l(Records.POSTCODE_KEY).isNull().and(l(Records.LOCALITY_KEY).isNull()).and(l(Records.ADDRESS_BLOOM).isNull());
    Column rNone = r(Records.POSTCODE_KEY).isNull().and(r(Records.LOCALITY_KEY).isNull()).and(r(Records.ADDRESS_BLOOM).isNull());
    m.put("address", when(lNone.or(rNone), lit(null))
        .when(pc.and(loc).and(st), 0)
        .when(pc.and(loc), 1)
        .when(pc.or(loc).and(st), 2)
        .when(pc.or(loc), 3)
        .when(st, 4)
        .otherwise(5));
    return m;
  }
}
