package dk.thbstats.generate;

import dk.thbstats.schema.Source;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How one record shows a person: names, birth date, sex, citizenship and identifiers, with the
 * variation of real exports in noisy mode and none at all in clean mode.
 *
 * <p>Noisy mode, per record: transliteration variants (the pool's {@code variant_rate}, 0.30 for
 * non-Latin scripts), middle names dropped (25 % when allowed), one-edit typos (8 % of name
 * fields), given and family names swapped (8 %, 20 % for family-first cultures); police names in
 * capitals and family-first order; birth date missing (NGO 17 %, police 10 %, DIS 6 %, about 15 %
 * of all records; NGOs then give an estimated age 60 % of the time), 1 January placeholders (20 %
 * for undocumented persons at DIS and the police, else 6.5 %, about 8 % of all records), day and
 * month swapped (3 %), year off by one (2 %); sex and
 * citizenship missing (5 % each); identifiers present only in some records. Clean mode: canonical
 * spelling, all name parts in the same order, the exact birth date, sex and citizenship
 * everywhere, every identifier the person has in every column that can hold it.
 *
 * <p>Every draw comes from the record's own seed, so a record looks the same in every delivery.
 */
final class Variation {
  private Variation() {}

  /** One record's view of a person; nulls are missing values. */
  record Identity(
      String given,
      String family,
      String fullName,
      LocalDate birthDate,
      Integer estimatedAge,
      String sex,
      String citizenship,
      String cpr,
      List<Person.Document> documents,
      String phone,
      String email,
      String address,
      String alias) {}

  /** Renders {@code p} for a record of {@code source}; {@code contactDay} dates an estimated age. */
  static Identity render(Person p, Source source, SplittableRandom r, int contactDay, boolean clean) {
    Person.PersonName name = p.name();
    boolean translit = !clean && Draw.chance(r, name.pool().variantRate());
    boolean dropMiddle = !clean && name.middleDroppable() && Draw.chance(r, 0.25);
    List<String> givenParts = new ArrayList<>(name.given().length);
    for (int i = 0; i < name.given().length; i++) {
      if (!dropMiddle || i == name.core()) {
        givenParts.add(spell(name.given()[i], translit, r));
      }
    }
    List<String> familyParts = new ArrayList<>(name.family().length);
    for (NamePools.Entry e : name.family()) {
      familyParts.add(spell(e, translit, r));
    }
    String given = String.join(" ", givenParts);
    String family = String.join(" ", familyParts);
    if (!clean && Draw.chance(r, 0.08)) {
      given = Typos.oneEdit(given, r);
    }
    if (!clean && Draw.chance(r, 0.08)) {
      family = Typos.oneEdit(family, r);
    }
    String fullName = null;
    if (source == Source.POLICE) {
      fullName = clean ? given + " " + family : switch (Draw.weighted(r, new double[] {45, 35, 10, 10})) {
        case 0 -> family.toUpperCase(Locale.ROOT) + " " + given;
        case 1 -> given + " " + family;
        case 2 -> family + " " + given;
        default -> (family + " " + given).toUpperCase(Locale.ROOT);
      };
      given = null;
      family = null;
    } else if (!clean && Draw.chance(r, name.pool().familyFirst() ? 0.20 : 0.08)) {
      String t = given;
      given = family;
      family = t;
    }

    LocalDate birth = p.birthDate();
    Integer estimatedAge = null;
    if (!clean) {
      double missing = source == Source.NGO ? 0.17 : source == Source.POLICE ? 0.10 : 0.06;
      double placeholder = p.undocumented() && source != Source.NGO ? 0.20 : 0.065;
      double u = r.nextDouble();
      if (u < missing) {
        birth = null;
        if (source == Source.NGO && Draw.chance(r, 0.6)) {
          int age = Period.between(p.birthDate(), LocalDate.ofEpochDay(contactDay)).getYears();
          estimatedAge = Math.max(1, age + (int) Math.round(Draw.gaussian(r) * 1.5));
        }
      } else if (u < missing + placeholder) {
        birth = LocalDate.of(birth.getYear(), 1, 1);
      } else if (u < missing + placeholder + 0.03) {
        if (birth.getDayOfMonth() <= 12 && birth.getDayOfMonth() != birth.getMonthValue()) {
          birth = LocalDate.of(birth.getYear(), birth.getDayOfMonth(), birth.getMonthValue());
        }
      } else if (u < missing + placeholder + 0.05) {
        birth = birth.plusYears(r.nextBoolean() ? 1 : -1);
      }
    }
    String sex = !clean && Draw.chance(r, 0.05) ? null : String.valueOf(p.sex());
    String citizenship = !clean && Draw.chance(r, 0.05) ? null : p.country().code();

    String cpr = null;
    if (p.cpr() != null && source != Source.DIS
        && (clean || Draw.chance(r, source == Source.NGO ? 0.6 : 0.85))) {
      cpr = !clean && Draw.chance(r, 0.3) ? p.cpr().replace("-", "") : p.cpr();
    }
    List<Person.Document> documents = documents(p, source, r, clean);
    String phone = null;
    if (p.phone() != null
        && (clean || Draw.chance(r, source == Source.POLICE ? 0.4 : 0.5))) {
      phone = Identifiers.formatPhone(p.phone(), clean ? 0 : r.nextInt(4));
    }
    String email = source == Source.NGO && p.email() != null && (clean || Draw.chance(r, 0.4)) ? p.email() : null;
    String address = source == Source.POLICE && p.address() != null
        && (clean || Draw.chance(r, p.kind() == Person.Kind.SUSPECT ? 0.7 : 0.4)) ? p.address() : null;
    String alias = source != Source.POLICE && p.alias() != null
        && (clean || Draw.chance(r, source == Source.NGO ? 0.5 : 0.6)) ? p.alias() : null;
    return new Identity(given, family, fullName, birth, estimatedAge, sex, citizenship, cpr, documents, phone,
        email, address, alias);
  }

  private static List<Person.Document> documents(Person p, Source source, SplittableRandom r, boolean clean) {
    if (p.documents().isEmpty()) {
      return List.of();
    }
    switch (source) {
      case NGO -> {
        if (!clean && !Draw.chance(r, 0.5)) {
          return List.of();
        }
        Person.Document d = clean ? p.documents().get(0) : Draw.pick(r, p.documents());
        if (!clean && Draw.chance(r, 0.08)) {
          d = new Person.Document(d.type(), null, d.number());
        }
        return List.of(d);
      }
      case POLICE -> {
        Person.Document passport = p.passport();
        return passport != null && (clean || Draw.chance(r, 0.6)) ? List.of(passport) : List.of();
      }
      default -> {
        return clean || Draw.chance(r, 0.85) ? p.documents() : List.of();
      }
    }
  }

  private static String spell(NamePools.Entry e, boolean translit, SplittableRandom r) {
    String[] s = e.spellings();
    if (translit && s.length > 1 && Draw.chance(r, 0.8)) {
      return s[1 + r.nextInt(s.length - 1)];
    }
    return s[0];
  }
}
