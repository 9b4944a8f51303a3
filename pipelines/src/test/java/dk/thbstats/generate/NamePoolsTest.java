package dk.thbstats.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.thbstats.schema.Source;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NamePoolsTest {
  private static NamePools pools;

  @BeforeAll
  static void load() {
    pools = NamePools.load();
  }

  private static NamePools.Entry entry(String country, String canonical) {
    NamePools.Pool p = pools.pool(country);
    for (List<NamePools.Entry> list : List.of(p.female(), p.male(), p.family('F'), p.family('M'),
        p.middles('F'), p.middles('M'))) {
      for (NamePools.Entry e : list) {
        if (e.canonical().equals(canonical)) {
          return e;
        }
      }
    }
    throw new AssertionError(canonical + " not in pool " + country);
  }

  @Test
  void load_everyCitizenship_hasAPoolWithEnoughNames() {
    for (Countries.Country c : Countries.ALL) {
      NamePools.Pool p = pools.pool(c.code());
      assertTrue(p.female().size() >= 15 && p.male().size() >= 15, c.code());
      assertTrue(p.family('F').size() >= 20 && p.family('M').size() >= 20, c.code());
    }
  }

  @Test
  void load_transliterations_areVariantsOfOneEntry() {
    assertEquals(List.of("Olena", "Elena", "Alena"), Arrays.asList(entry("UA", "Olena").spellings()));
    assertEquals(List.of("Shevchenko", "Shevtchenko", "Sevcenko"),
        Arrays.asList(entry("UA", "Shevchenko").spellings()));
    assertEquals(List.of("Mohammed", "Muhammad", "Mohamed", "Mohamad"),
        Arrays.asList(entry("MA", "Mohammed").spellings()));
    assertTrue(Arrays.asList(entry("MA", "El Amrani").spellings()).contains("Elamrani"));
    assertTrue(Arrays.asList(entry("TH", "Somchai").spellings()).contains("Somchay"));
    assertEquals(List.of("Nguyễn", "Nguyen"), Arrays.asList(entry("VN", "Nguyễn").spellings()));
    assertEquals(List.of("Hương", "Huong"), Arrays.asList(entry("VN", "Hương").spellings()));
  }

  @Test
  void load_sharedSpelling_oneNameGroupAcrossPools() {
    assertEquals(entry("UA", "Olena").group(), entry("RO", "Elena").group());
    assertEquals(entry("MA", "Brahim").group(), entry("NG", "Ibrahim").group());
    assertNotEquals(entry("UA", "Olena").group(), entry("UA", "Oksana").group());
  }

  @Test
  void fold_diacriticsAndDanishLetters_plainLowerCase() {
    assertEquals("nguyen thi huong", NamePools.fold("Nguyễn Thị Hương"));
    assertEquals("soren jorgensen", NamePools.fold("Søren Jørgensen"));
    assertEquals("dang", NamePools.fold("Đặng"));
    assertEquals("sae tang", NamePools.fold("Sae-Tang"));
    assertEquals("baekgaard", NamePools.fold("Bækgaard"));
  }

  @Test
  void render_ukrainianNames_transliteratedInAboutAQuarterOfRecords() {
    GeneratorOptions o = GeneratorOptions.builder().persons(1).out(java.nio.file.Path.of("unused")).build();
    PersonFactory factory = new PersonFactory(o, pools, new SplittableRandom(4));
    SplittableRandom seeds = new SplittableRandom(5);
    int records = 0;
    int variant = 0;
    for (int i = 0; records < 4000 && i < 200_000; i++) {
      Person p = factory.create(i);
      if (!p.country().code().equals("UA") || p.name().family()[0].spellings().length < 2) {
        continue;
      }
      for (int k = 0; k < 20; k++) {
        Variation.Identity id = Variation.render(p, Source.DIS, new SplittableRandom(seeds.nextLong()),
            p.firstDay(), false);
        records++;
        String canonical = p.name().family()[0].canonical();
        boolean typoFree = Arrays.stream(p.name().family()[0].spellings())
            .anyMatch(s -> s.equals(id.family()) || s.equals(id.given()));
        if (typoFree && !id.family().equals(canonical) && !id.given().equals(canonical)) {
          variant++;
        }
      }
    }
    double rate = variant / (double) records;
    assertTrue(rate > 0.15 && rate < 0.32, "variant spelling of the family name " + rate);
  }

  @Test
  void render_cleanMode_canonicalNamesAndExactBirthDate() {
    GeneratorOptions o = GeneratorOptions.builder().persons(1).out(java.nio.file.Path.of("unused")).clean(true).build();
    PersonFactory factory = new PersonFactory(o, pools, new SplittableRandom(6));
    for (int i = 0; i < 300; i++) {
      Person p = factory.create(i);
      Variation.Identity id = Variation.render(p, Source.NGO, new SplittableRandom(i), p.firstDay(), true);
      String given = String.join(" ",
          Arrays.stream(p.name().given()).map(NamePools.Entry::canonical).toList());
      String family = String.join(" ",
          Arrays.stream(p.name().family()).map(NamePools.Entry::canonical).toList());
      assertEquals(given, id.given());
      assertEquals(family, id.family());
      assertEquals(p.birthDate(), id.birthDate());
      assertEquals(String.valueOf(p.sex()), id.sex());
      assertEquals(p.country().code(), id.citizenship());
      assertTrue(!p.birthDate().isAfter(LocalDate.of(2026, 10, 31)));
    }
  }
}
