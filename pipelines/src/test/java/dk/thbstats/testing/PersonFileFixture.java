package dk.thbstats.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic person files for linkage tests: persons with names built from syllables (so no two
 * share a name by accident), written as CSV ({@code id,given,family,dob,sex,phone}) with the
 * variation real files show — a typo, swapped name order, a missing date — in the copies.
 */
public final class PersonFileFixture {
  /** One generated person. */
  public record Person(int index, String given, String family, LocalDate birth, String sex, String phone) {}

  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "da", "fe", "go",
      "ha", "ji", "ko", "lu", "ma", "no", "pi", "ri", "su", "ta", "ve", "yo", "ze", "bi", "ce", "du"};

  private PersonFileFixture() {}

  /** {@code n} persons with distinct names, deterministic for a seed. */
  public static List<Person> persons(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Set<String> seen = new HashSet<>();
    List<Person> out = new ArrayList<>();
    while (out.size() < n) {
      String given = word(r, 2 + r.nextInt(2));
      String family = word(r, 3);
      if (!seen.add(given + " " + family)) {
        continue;
      }
      LocalDate birth = LocalDate.of(1970 + r.nextInt(35), 1 + r.nextInt(12), 1 + r.nextInt(28));
      String phone = r.nextInt(3) == 0 ? String.format(Locale.ROOT, "+45 %08d", 20000000 + r.nextInt(70000000)) : "";
      out.add(new Person(out.size(), given, family, birth, r.nextBoolean() ? "F" : "M", phone));
    }
    return out;
  }

  private static String word(SplittableRandom r, int syllables) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < syllables; i++) {
      b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    return Character.toUpperCase(b.charAt(0)) + b.substring(1);
  }

  /** The record of {@code p}, exact. */
  public static String exact(String id, Person p) {
    return String.join(",", id, p.given(), p.family(), p.birth().toString(), p.sex(), p.phone());
  }

  /** The record of {@code p} with one kind of variation, chosen by {@code kind}. */
  public static String varied(String id, Person p, int kind) {
    return switch (Math.floorMod(kind, 4)) {
      case 0 -> String.join(",", id, typo(p.given()), p.family(), p.birth().toString(), p.sex(), p.phone());
      case 1 -> String.join(",", id, p.family(), p.given(), p.birth().toString(), p.sex(), "");
      case 2 -> String.join(",", id, p.given(), p.family(), "", p.sex(), p.phone());
      default -> String.join(",", id, p.given(), typo(p.family()), p.birth().toString(), "", p.phone());
    };
  }

  private static String typo(String s) {
    int i = s.length() / 2;
    return s.substring(0, i) + s.charAt(i) + s.substring(i);
  }

  /** Writes a CSV person file with a header. */
  public static Path write(Path file, List<String> lines) {
    List<String> all = new ArrayList<>();
    all.add("id,given,family,dob,sex,phone");
    all.addAll(lines);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, all, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The mapping JSON for these files. */
  public static String mappingJson() {
    return """
        {"delimiter": ",", "header": true, "trim": true, "record_id": "id",
         "fields": {"given_name": "given", "family_name": "family", "full_name": null,
                    "birth_date": "dob", "birth_date_format": "yyyy-MM-dd", "sex": "sex", "phone": "phone"}}
        """;
  }
}
