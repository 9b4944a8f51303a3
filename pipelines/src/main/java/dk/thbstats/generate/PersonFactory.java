package dk.thbstats.generate;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the persons of a population one after the other from one random stream, so the
 * population depends only on the seed and the options.
 *
 * <p>Uniqueness: no two persons share a CPR number or a document number; no two persons share a
 * name (as a multiset of name groups, see {@link NamePools}) together with the exact birth date in
 * clean mode or the birth year in noisy mode. A person whose name without middle names is taken
 * keeps the middle names in every record.
 */
final class PersonFactory {
  /** Shares of the kinds, in the order of {@link Person.Kind}. */
  static final double[] KIND_WEIGHTS = {0.17, 0.10, 0.07, 0.54, 0.12};

  private static final String[] FEMALE_FORMS = {
    "SEX_PROSTITUTION", "SEX_PORNOGRAPHY", "SEX_OTHER", "LABOUR", "DOMESTIC_SERVITUDE", "CRIMINAL_ACTIVITY",
    "BEGGING", "FORCED_MARRIAGE"};
  private static final double[] FEMALE_FORM_WEIGHTS = {72, 3, 3, 10, 5, 4, 2, 1};
  private static final String[] MALE_FORMS = {
    "LABOUR", "CRIMINAL_ACTIVITY", "BEGGING", "SEX_PROSTITUTION", "DOMESTIC_SERVITUDE", "BENEFIT_FRAUD",
    "SLAVERY_SERVITUDE"};
  private static final String[] X_FORMS = {"SEX_PROSTITUTION", "LABOUR", "CRIMINAL_ACTIVITY"};
  private static final double[] X_FORM_WEIGHTS = {80, 10, 10};
  private static final String[] MALE_SECTORS = {"F", "A", "N81", "I", "C"};
  private static final double[] MALE_SECTOR_WEIGHTS = {35, 30, 15, 15, 5};
  private static final String[] FEMALE_SECTORS = {"N81", "I", "T", "A"};
  private static final double[] FEMALE_SECTOR_WEIGHTS = {35, 30, 20, 15};

  private final SplittableRandom random;
  private final NamePools pools;
  private final boolean clean;
  private final int firstDay;
  private final int lastDay;
  private final int firstYear;
  private final Set<Long> nameKeys = new HashSet<>();
  private final Set<String> documentNumbers = new HashSet<>();
  private final Set<String> cprNumbers = new HashSet<>();

  PersonFactory(GeneratorOptions options, NamePools pools, SplittableRandom random) {
    this.random = random;
    this.pools = pools;
    this.clean = options.clean();
    this.firstDay = (int) options.firstEventDate().toEpochDay();
    this.lastDay = (int) options.lastDelivery().toEpochDay();
    this.firstYear = options.firstEventYear();
  }

  /** The next person. */
  Person create(int index) {
    SplittableRandom r = random;
    Person.Kind kind = Person.Kind.values()[Draw.weighted(r, KIND_WEIGHTS)];
    boolean suspect = kind == Person.Kind.SUSPECT;
    char sex = suspect ? (Draw.chance(r, 0.65) ? 'M' : 'F')
        : "FMX".charAt(Draw.weighted(r, new double[] {70, 29, 1}));
    char nameSex = sex == 'X' ? (r.nextBoolean() ? 'F' : 'M') : sex;
    Countries.Country country = Countries.ALL.get(Draw.weighted(r, Countries.weights(suspect, sex)));
    int day = firstDay + r.nextInt(lastDay - firstDay + 1);
    LocalDate first = LocalDate.ofEpochDay(day);
    int age = suspect ? Math.min(72, 21 + (int) Math.abs(Draw.gaussian(r) * 13))
        : Draw.chance(r, 0.075) ? Draw.between(r, 13, 17)
        : Math.min(64, 18 + (int) Math.abs(Draw.gaussian(r) * 11));
    LocalDate birth = first.minusYears(age).minusDays(r.nextInt(365));
    boolean undocumented = !suspect && !country.eu() && Draw.chance(r, country.undocumented());

    List<String> forms = suspect ? List.of() : forms(r, sex, country, age, first.getYear());
    String sector = forms.contains("LABOUR")
        ? (sex == 'M' ? MALE_SECTORS[Draw.weighted(r, MALE_SECTOR_WEIGHTS)]
            : FEMALE_SECTORS[Draw.weighted(r, FEMALE_SECTOR_WEIGHTS)])
        : forms.contains("DOMESTIC_SERVITUDE") ? "T" : null;

    NamePools.Pool pool = pools.pool(country.code());
    Person.PersonName name = name(r, pool, nameSex, birth);

    String cpr = null;
    boolean danish = Countries.DENMARK.equals(country.code());
    double cprShare = undocumented ? 0 : danish ? (suspect ? 0.97 : 0.95) : country.eu()
        ? (suspect ? 0.30 : 0.10) : (suspect ? 0.15 : 0.03);
    if (birth.getYear() >= 1900 && Draw.chance(r, cprShare)) {
      char registered = sex == 'X' ? (r.nextBoolean() ? 'F' : 'M') : sex;
      cpr = Identifiers.cpr(birth, registered, r, cprNumbers);
    }
    List<Person.Document> documents = documents(r, country, suspect, undocumented, danish);

    Person.Phone phone = Draw.chance(r, suspect ? 0.5 : 0.6)
        ? Identifiers.phone(country, Draw.chance(r, 0.65), r) : null;
    String email = !suspect && Draw.chance(r, 0.2)
        ? Identifiers.email(name.given()[name.core()].canonical(), name.family()[0].canonical(), r) : null;
    String address = Draw.chance(r, suspect ? 0.8 : 0.5) ? Identifiers.address(r) : null;
    String alias = Draw.chance(r, suspect ? 0.10 : 0.15)
        ? Identifiers.alias(pool, nameSex, !forms.isEmpty() && forms.get(0).startsWith("SEX_"), r) : null;
    return new Person(index, kind, sex, nameSex, country, undocumented, birth, day, name, cpr, documents, phone,
        email, address, alias, forms, sector);
  }

  private List<String> forms(SplittableRandom r, char sex, Countries.Country country, int age, int year) {
    String bias = sex == 'M' ? country.maleForm() : country.femaleForm();
    String primary;
    if (age < 18 && Draw.chance(r, 0.35)) {
      primary = r.nextBoolean() ? "CRIMINAL_ACTIVITY" : "BEGGING";
    } else if (bias != null && Draw.chance(r, 0.4)) {
      primary = bias;
    } else if (sex == 'M') {
      double labourGrowth = 3.0 * Math.max(0, year - firstYear);
      primary = MALE_FORMS[Draw.weighted(r, new double[] {42 + labourGrowth, 26, 9, 10, 3, 3, 1})];
    } else if (sex == 'X') {
      primary = X_FORMS[Draw.weighted(r, X_FORM_WEIGHTS)];
    } else {
      primary = FEMALE_FORMS[Draw.weighted(r, FEMALE_FORM_WEIGHTS)];
    }
    if (!Draw.chance(r, 0.12)) {
      return List.of(primary);
    }
    String[] second = switch (primary) {
      case "SEX_PROSTITUTION" -> new String[] {"CRIMINAL_ACTIVITY", "SEX_PORNOGRAPHY", "BENEFIT_FRAUD"};
      case "LABOUR" -> new String[] {"BENEFIT_FRAUD", "DOMESTIC_SERVITUDE", "CRIMINAL_ACTIVITY"};
      case "CRIMINAL_ACTIVITY" -> new String[] {"BEGGING", "LABOUR"};
      case "BEGGING" -> new String[] {"CRIMINAL_ACTIVITY"};
      case "DOMESTIC_SERVITUDE" -> new String[] {"SEX_OTHER", "LABOUR"};
      default -> new String[] {"OTHER"};
    };
    return List.of(primary, Draw.pick(r, second));
  }

  private List<Person.Document> documents(
      SplittableRandom r, Countries.Country c, boolean suspect, boolean undocumented, boolean danish) {
    List<Person.Document> docs = new ArrayList<>(2);
    boolean passport;
    boolean idCard = false;
    if (danish) {
      passport = Draw.chance(r, suspect ? 0.3 : 0.45);
    } else if (undocumented) {
      passport = Draw.chance(r, 0.35);
    } else if (c.eu()) {
      idCard = c.idCard() != null && Draw.chance(r, 0.55);
      passport = Draw.chance(r, 0.5) || (!idCard && Draw.chance(r, 0.8));
    } else {
      passport = Draw.chance(r, suspect ? 0.6 : 0.92);
    }
    if (idCard) {
      docs.add(new Person.Document("I", c.code(), Identifiers.documentNumber(c.idCard(), r, documentNumbers)));
    }
    if (passport) {
      docs.add(new Person.Document("P", c.code(), Identifiers.documentNumber(c.passport(), r, documentNumbers)));
    }
    return List.copyOf(docs);
  }

  /** Draws a name whose keys are free, relaxing to longer names when the pool is crowded. */
  private Person.PersonName name(SplittableRandom r, NamePools.Pool pool, char nameSex, LocalDate birth) {
    long birthKey = clean ? birth.toEpochDay() : birth.getYear();
    List<NamePools.Entry> givenList = pool.given(nameSex);
    List<NamePools.Entry> middleList = pool.middles(nameSex);
    List<NamePools.Entry> familyList = pool.family(nameSex);
    for (int attempt = 0; attempt < 400; attempt++) {
      int level = attempt < 12 ? 0 : attempt < 40 ? 1 : attempt < 120 ? 2 : 3;
      NamePools.Entry core = Draw.pick(r, givenList);
      int middles = switch (level) {
        case 0 -> Draw.chance(r, pool.middleRate()) ? 1 : 0;
        case 1 -> 1;
        case 2 -> 2;
        default -> r.nextInt(2);
      };
      List<NamePools.Entry> taken = new ArrayList<>(4);
      taken.add(core);
      List<NamePools.Entry> middle = new ArrayList<>(2);
      for (int i = 0; i < middles; i++) {
        NamePools.Entry m = distinct(r, middleList, taken);
        if (m != null) {
          middle.add(m);
          taken.add(m);
        }
      }
      NamePools.Entry[] family;
      NamePools.Entry f1 = Draw.pick(r, familyList);
      if (level == 3) {
        NamePools.Entry f2 = distinct(r, familyList, List.of(f1));
        family = f2 == null ? new NamePools.Entry[] {f1} : new NamePools.Entry[] {f1, f2};
      } else {
        family = new NamePools.Entry[] {f1};
      }
      NamePools.Entry[] given = new NamePools.Entry[1 + middle.size()];
      int coreIndex;
      if (pool.middleBeforeGiven()) {
        for (int i = 0; i < middle.size(); i++) {
          given[i] = middle.get(i);
        }
        coreIndex = middle.size();
      } else {
        for (int i = 0; i < middle.size(); i++) {
          given[i + 1] = middle.get(i);
        }
        coreIndex = 0;
      }
      given[coreIndex] = core;
      boolean droppable = level == 0 && !middle.isEmpty();
      long full = key(birthKey, given, family);
      long coreOnly = droppable ? key(birthKey, new NamePools.Entry[] {core}, family) : full;
      if (nameKeys.contains(full) || nameKeys.contains(coreOnly)) {
        continue;
      }
      nameKeys.add(full);
      nameKeys.add(coreOnly);
      return new Person.PersonName(pool, given, coreIndex, family, droppable);
    }
    throw new PipelineException(ErrorCode.INTERNAL, "name pool " + pool.country()
        + " cannot give another unique name for birth " + (clean ? "date" : "year")
        + "; use fewer persons");
  }

  private static NamePools.Entry distinct(
      SplittableRandom r, List<NamePools.Entry> list, List<NamePools.Entry> taken) {
    for (int i = 0; i < 20; i++) {
      NamePools.Entry e = Draw.pick(r, list);
      boolean clash = false;
      for (NamePools.Entry t : taken) {
        clash |= t.group() == e.group();
      }
      if (!clash) {
        return e;
      }
    }
    return null;
  }

  /** Hash of the sorted name groups and the birth key; equal names give equal keys. */
  static long key(long birthKey, NamePools.Entry[] given, NamePools.Entry[] family) {
    int[] groups = new int[given.length + family.length];
    for (int i = 0; i < given.length; i++) {
      groups[i] = given[i].group();
    }
    for (int i = 0; i < family.length; i++) {
      groups[given.length + i] = family[i].group();
    }
    Arrays.sort(groups);
    long h = Draw.mix(0x5EEDL, groups.length);
    for (int g : groups) {
      h = Draw.mix(h, g);
    }
    return Draw.mix(h, birthKey);
  }
}
