package dk.thbstats.publish;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import dk.thbstats.schema.Json;
import dk.thbstats.schema.Published;
import dk.thbstats.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables international bodies ask for, in their own codes and layouts, made from the
 * <em>published</em> tables only (now, or as a release froze them) — never from restricted data,
 * so a report can reveal nothing the published tables do not. Suppressed cells stay suppressed
 * (flag {@code c}, no value); a figure that is not published at all gets {@code :}. Files are CSV
 * (RFC 4180, UTF-8 with BOM, CRLF) plus {@code report.json} naming, for every file, the release
 * and the unit, reference period, vintage, status and disclosure method of each source table. No
 * clock time goes into any file: the same release gives the same bytes.
 *
 * <ul>
 *   <li>eurostat: crim_thb style, one year: registered victims by sex × age, by sex × age ×
 *       identified/presumed, by sex × citizenship group, by sex × form (primary form, mutually
 *       exclusive); traffickers by legal status × sex. Codes F/M/UNK/T, Y_LT18/Y_GE18/UNK/TOTAL,
 *       NAT/EU27_2020_FOR/…, flags c, p, :.
 *   <li>unodc: GLOTIP long format, one year: detected victims by sex × age (persons, and per
 *       100,000 population), form, citizenship; offenders by stage × sex.
 *   <li>greta: the four years up to the year, wide (one column per year): victims by status
 *       (identified, presumed), sex, age, citizenship group and form; justice (suspected,
 *       prosecuted, convicted) and protection (reflection periods, residence permits,
 *       compensation; cell key figures, marked).
 *   <li>tip: the US TIP report's protection and prosecution figures for one year.
 * </ul>
 */
public final class Reports {
  /** The bodies a report can be made for. */
  public static final List<String> BODIES = List.of("eurostat", "greta", "unodc", "tip");

  /** A file written and its data rows. */
  public record Written(String file, int rows) {}

  private static final String T = Published.TOTAL;
  private static final List<String> SEXES = List.of("F", "M", "UNK", T);
  private static final List<String> AGES = List.of("Y_LT18", "Y_GE18", "UNK", T);
  private static final List<String> CITIZENSHIP = List.of("NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS", "UNK", T);
  private static final List<String> FORMS = List.of("SEX", "LAB", "OTH", "UNK", T);
  private static final List<String> STAGES = List.of("SUSPECTED", "PROSECUTED", "CONVICTED");
  private static final List<String> STATUSES = List.of("IDENTIFIED", "PRESUMED", T);

  private final PublishedView view;
  private final Map<Tables, PublishedTable> loaded = new EnumMap<>(Tables.class);
  private final Set<Tables> unavailable = new LinkedHashSet<>();

  private Reports(PublishedView view) {
    this.view = view;
  }

  /**
   * Writes {@code body}'s report for reference year {@code year} into {@code out}.
   *
   * @param view the published tables to report from: one release, or the nightly state
   */
  public static List<Written> write(PublishedView view, String body, int year, Path out) {
    if (!BODIES.contains(body)) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "--body must be one of "
          + String.join(", ", BODIES) + ", not '" + body + "'");
    }
    Reports r = new Reports(view);
    String release = view.release();
    List<Sheet> sheets = switch (body) {
      case "eurostat" -> r.eurostat(year);
      case "unodc" -> r.unodc(year);
      case "greta" -> r.greta(year);
      default -> r.tip(year);
    };
    List<Written> written = new ArrayList<>();
    ObjectNode manifest = Json.data().createObjectNode();
    manifest.put("body", body);
    manifest.put("year", year);
    manifest.put("release", release == null ? "unreleased" : release);
    manifest.put("geo", "DK");
    ArrayNode files = manifest.putArray("files");
    try {
      Files.createDirectories(out);
      for (Sheet s : sheets) {
        String file = body + "_" + s.name + ".csv";
        CsvExport.writeRecords(out.resolve(file), s.header, s.rows);
        written.add(new Written(file, s.rows.size()));
        ObjectNode f = files.addObject();
        f.put("file", file);
        f.put("rows", s.rows.size());
        f.put("description", s.description);
        ArrayNode sources = f.putArray("sources");
        for (Tables t : s.sources) {
          ObjectNode src = sources.addObject();
          src.put("table", t.table());
          PublishedTable p = r.table(t);
          if (p == null) {
            src.put("available", false);
            continue;
          }
          for (String k : List.of("unit", "reference_period", "disclosure", "vintage", "status")) {
            src.set(k, p.description().path(k).isMissingNode() ? Json.data().nullNode() : p.description().get(k));
          }
        }
      }
      Files.writeString(out.resolve("report.json"), Json.data().copy().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(manifest).replace("\r\n", "\n") + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineException(ErrorCode.IO_FAILED, "cannot write the report to " + out + ": " + e.getMessage(), e);
    }
    return written;
  }

  /** One output file: its rows and the published tables it comes from. */
  private static final class Sheet {
    final String name;
    final String description;
    final List<String> header;
    final List<Tables> sources;
    final List<List<Object>> rows = new ArrayList<>();

    Sheet(String name, String description, List<Tables> sources, String... header) {
      this.name = name;
      this.description = description;
      this.sources = sources;
      this.header = List.of(header);
    }

    void add(Object... values) {
      rows.add(Arrays.asList(values));
    }
  }

  private PublishedTable table(Tables t) {
    if (!loaded.containsKey(t) && !unavailable.contains(t)) {
      PublishedTable p = PublishedTable.read(view, t);
      if (p == null) {
        unavailable.add(t);
      } else {
        loaded.put(t, p);
      }
    }
    return loaded.get(t);
  }

  /** A published figure: its value (null when not shown) and its Eurostat flag ({@code c}, {@code :}, {@code p} or empty). */
  private record Obs(Number value, String flag) {
    /** The value, or the flag in its place (for wide layouts). */
    Object shown() {
      return value != null ? value : flag;
    }
  }

  private Obs obs(Tables t, String... at) {
    PublishedTable p = table(t);
    PublishedTable.Cell c = p == null ? null : p.at(at);
    if (c == null || ":".equals(c.flag())) {
      return new Obs(null, ":");
    }
    if ("c".equals(c.flag()) || c.value() == null) {
      return new Obs(null, "c");
    }
    return new Obs(c.value(), ReleaseStatus.PROVISIONAL.equals(c.status()) ? "p" : "");
  }

  private static String eurostatSex(String s) {
    return T.equals(s) ? "T" : s;
  }

  private List<Sheet> eurostat(int year) {
    String y = String.valueOf(year);
    Sheet age = new Sheet("victims_sex_age", "registered victims (identified and presumed) by sex and age",
        List.of(Tables.VICTIMS_REGISTERED), "FREQ", "UNIT", "SEX", "AGE", "GEO", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG");
    for (String s : SEXES) {
      for (String a : AGES) {
        Obs o = obs(Tables.VICTIMS_REGISTERED, y, s, a);
        age.add("A", "PER", eurostatSex(s), a, "DK", y, o.value(), o.flag());
      }
    }
    Sheet status = new Sheet("victims_status", "registered victims by sex, age and legal status: identified,"
        + " presumed, TOTAL = registered (status codes as the published table's; verify against the DSD)",
        List.of(Tables.VICTIMS_REGISTERED_STATUS), "FREQ", "UNIT", "SEX", "AGE", "LEG_STAT", "GEO", "TIME_PERIOD",
        "OBS_VALUE", "OBS_FLAG");
    for (String s : SEXES) {
      for (String a : AGES) {
        for (String st : STATUSES) {
          Obs o = obs(Tables.VICTIMS_REGISTERED_STATUS, y, s, a, st);
          status.add("A", "PER", eurostatSex(s), a, st, "DK", y, o.value(), o.flag());
        }
      }
    }
    Sheet cit = new Sheet("victims_citizenship", "registered victims by sex and citizenship group",
        List.of(Tables.VICTIMS_CITIZENSHIP), "FREQ", "UNIT", "SEX", "CITIZEN", "GEO", "TIME_PERIOD", "OBS_VALUE",
        "OBS_FLAG");
    for (String s : SEXES) {
      for (String c : CITIZENSHIP) {
        Obs o = obs(Tables.VICTIMS_CITIZENSHIP, y, s, c);
        cit.add("A", "PER", eurostatSex(s), c, "DK", y, o.value(), o.flag());
      }
    }
    Sheet form = new Sheet("victims_exploitation", "registered victims by sex and primary form of exploitation"
        + " (mutually exclusive; forced criminality and begging are OTH)", List.of(Tables.VICTIMS_EXPLOITATION_SEX),
        "FREQ", "UNIT", "SEX", "EXPLOIT", "GEO", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG");
    for (String s : SEXES) {
      for (String f : FORMS) {
        Obs o = obs(Tables.VICTIMS_EXPLOITATION_SEX, y, s, f);
        form.add("A", "PER", eurostatSex(s), f, "DK", y, o.value(), o.flag());
      }
    }
    Sheet traffickers = new Sheet("traffickers", "persons suspected, prosecuted and convicted of trafficking by sex"
        + " (furthest stage reached in the year)", List.of(Tables.TRAFFICKERS_SEX),
        "FREQ", "UNIT", "LEG_STAT", "SEX", "GEO", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG");
    for (String stage : STAGES) {
      for (String s : SEXES) {
        Obs o = obs(Tables.TRAFFICKERS_SEX, y, stage, s);
        traffickers.add("A", "PER", stage, eurostatSex(s), "DK", y, o.value(), o.flag());
      }
    }
    return List.of(age, status, cit, form, traffickers);
  }

  private static final Map<String, String> UNODC_SEX = Map.of("F", "Female", "M", "Male", "UNK", "Unknown", T, "Total");
  private static final Map<String, String> UNODC_AGE = Map.of("Y_LT18", "Minor", "Y_GE18", "Adult", "UNK", "Unknown",
      T, "Total");
  private static final Map<String, String> UNODC_FORM = Map.of("SEX", "Sexual exploitation", "LAB",
      "Forced labour", "OTH", "Other purposes", "UNK", "Unknown", T, "Total");
  private static final Map<String, String> UNODC_CITIZENSHIP = Map.of("NAT", "Own nationals", "EU27_2020_FOR",
      "Other EU countries", "NEU27_2020_FOR", "Non-EU countries", "STLS", "Stateless", "UNK", "Unknown", T, "Total");
  private static final Map<String, String> UNODC_STAGE = Map.of("SUSPECTED", "Persons brought into formal contact",
      "PROSECUTED", "Persons prosecuted", "CONVICTED", "Persons convicted");

  private static String unodcFlag(Obs o) {
    return switch (o.flag()) {
      case "c" -> "confidential";
      case ":" -> "not available";
      case "p" -> "provisional";
      default -> "";
    };
  }

  private List<Sheet> unodc(int year) {
    String y = String.valueOf(year);
    Sheet victims = new Sheet("victims", "detected victims (identified and presumed), long format",
        List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_REGISTERED_CHANGE, Tables.VICTIMS_EXPLOITATION_SEX,
            Tables.VICTIMS_CITIZENSHIP),
        "Country", "ISO3", "Year", "Indicator", "Dimension", "Category", "Sex", "Age", "Value", "Flag", "Unit");
    for (String s : SEXES) {
      for (String a : AGES) {
        Obs o = obs(Tables.VICTIMS_REGISTERED, y, s, a);
        victims.add("Denmark", "DNK", year, "Detected trafficking victims", "Sex and age", "Total", UNODC_SEX.get(s),
            UNODC_AGE.get(a), o.value(), unodcFlag(o), "Persons");
      }
    }
    // SDG 16.2.2: the rate per 100,000 (not available until the population figures are filled in)
    for (String s : List.of("F", "M", T)) {
      for (String a : List.of("Y_LT18", "Y_GE18", T)) {
        Obs o = obs(Tables.VICTIMS_REGISTERED_CHANGE, y, s, a, "RATE_PER_100K");
        victims.add("Denmark", "DNK", year, "Detected trafficking victims per 100,000 population", "Sex and age",
            "Total", UNODC_SEX.get(s), UNODC_AGE.get(a), o.value(), unodcFlag(o), "Per 100,000 population");
      }
    }
    for (String s : SEXES) {
      for (String f : FORMS.subList(0, 4)) {
        Obs o = obs(Tables.VICTIMS_EXPLOITATION_SEX, y, s, f);
        victims.add("Denmark", "DNK", year, "Detected trafficking victims", "Form of exploitation", UNODC_FORM.get(f),
            UNODC_SEX.get(s), "Total", o.value(), unodcFlag(o), "Persons");
      }
    }
    for (String s : SEXES) {
      for (String c : CITIZENSHIP) {
        if (T.equals(c)) {
          continue;
        }
        Obs o = obs(Tables.VICTIMS_CITIZENSHIP, y, s, c);
        victims.add("Denmark", "DNK", year, "Detected trafficking victims", "Citizenship", UNODC_CITIZENSHIP.get(c),
            UNODC_SEX.get(s), "Total", o.value(), unodcFlag(o), "Persons");
      }
    }
    Sheet offenders = new Sheet("offenders", "persons in the criminal-justice chain by the furthest stage reached in"
        + " the year, long format", List.of(Tables.TRAFFICKERS_SEX, Tables.TRAFFICKERS),
        "Country", "ISO3", "Year", "Indicator", "Dimension", "Category", "Sex", "Age", "Value", "Flag", "Unit");
    for (String stage : STAGES) {
      for (String s : SEXES) {
        Obs o = obs(Tables.TRAFFICKERS_SEX, y, stage, s);
        offenders.add("Denmark", "DNK", year, UNODC_STAGE.get(stage), "Sex", "Total", UNODC_SEX.get(s), "Total",
            o.value(), unodcFlag(o), "Persons");
      }
      for (String offence : List.of("DK_SL_262A", "DK_SL_262B")) {
        Obs o = obs(Tables.TRAFFICKERS, y, stage, offence);
        offenders.add("Denmark", "DNK", year, UNODC_STAGE.get(stage), "Offence",
            offence.equals("DK_SL_262A") ? "Trafficking in persons (DK straffeloven 262 a)"
                : "Human exploitation (DK straffeloven 262 b)", "Total", "Total", o.value(), unodcFlag(o), "Persons");
      }
    }
    return List.of(victims, offenders);
  }

  private List<Sheet> greta(int year) {
    List<String> years = new ArrayList<>();
    for (int y = year - 3; y <= year; y++) {
      years.add(String.valueOf(y));
    }
    List<String> header = new ArrayList<>(List.of("Breakdown", "Category"));
    header.addAll(years);
    header.add("Method");
    Sheet victims = new Sheet("victims", "identified and presumed victims, " + years.get(0) + "-" + year
        + "; c = confidential, : = not available, figures of provisional years may change",
        List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_REGISTERED_STATUS, Tables.VICTIMS_CITIZENSHIP,
            Tables.VICTIMS_EXPLOITATION), header.toArray(new String[0]));
    wide(victims, years, "Total", "All victims", Tables.VICTIMS_REGISTERED, T, T);
    wide(victims, years, "Status", "Identified (formal decision)", Tables.VICTIMS_REGISTERED_STATUS, T, T, "IDENTIFIED");
    wide(victims, years, "Status", "Presumed", Tables.VICTIMS_REGISTERED_STATUS, T, T, "PRESUMED");
    for (String s : List.of("F", "M", "UNK")) {
      wide(victims, years, "Sex", UNODC_SEX.get(s), Tables.VICTIMS_REGISTERED, s, T);
    }
    for (String a : List.of("Y_LT18", "Y_GE18", "UNK")) {
      wide(victims, years, "Age", a.equals("Y_LT18") ? "Children" : a.equals("Y_GE18") ? "Adults" : "Unknown",
          Tables.VICTIMS_REGISTERED, T, a);
    }
    for (String s : List.of("F", "M")) {
      for (String a : List.of("Y_LT18", "Y_GE18")) {
        wide(victims, years, "Sex and age", UNODC_SEX.get(s) + ", " + UNODC_AGE.get(a).toLowerCase(java.util.Locale.ROOT),
            Tables.VICTIMS_REGISTERED, s, a);
      }
    }
    for (String c : CITIZENSHIP.subList(0, 5)) {
      wide(victims, years, "Citizenship", UNODC_CITIZENSHIP.get(c), Tables.VICTIMS_CITIZENSHIP, T, c);
    }
    for (String f : FORMS.subList(0, 4)) {
      wide(victims, years, "Form of exploitation (primary)", UNODC_FORM.get(f), Tables.VICTIMS_EXPLOITATION, f);
    }
    Sheet justice = new Sheet("justice_protection", "criminal justice (suppression) and protection (cell key method:"
        + " each figure within 2 of the true count, never 1 or 2), " + years.get(0) + "-" + year,
        List.of(Tables.TRAFFICKERS, Tables.INDICATORS_SUPPORT), header.toArray(new String[0]));
    for (String stage : STAGES) {
      wide(justice, years, "Criminal justice", UNODC_STAGE.get(stage), Tables.TRAFFICKERS, stage, T);
    }
    for (String[] i : new String[][] {{"REFLECTION_PERIOD", "Victims granted a reflection period"},
        {"RESIDENCE_PERMIT", "Victims granted a residence permit"}, {"COMPENSATION", "Victims awarded compensation"},
        {"PREPARED_RETURN", "Victims on a prepared return"}}) {
      wide(justice, years, "Protection", i[1], Tables.INDICATORS_SUPPORT, T, i[0], T);
    }
    return List.of(victims, justice);
  }

  /** One wide row: the figure for each year, with the table's disclosure method. */
  private void wide(Sheet sheet, List<String> years, String breakdown, String category, Tables t, String... rest) {
    List<Object> row = new ArrayList<>(List.of(breakdown, category));
    for (String y : years) {
      String[] at = new String[rest.length + 1];
      at[0] = y;
      System.arraycopy(rest, 0, at, 1, rest.length);
      row.add(obs(t, at).shown());
    }
    row.add("cell_key".equals(t.contract().disclosure()) ? "cell key (perturbed)" : "suppression");
    sheet.rows.add(row);
  }

  private List<Sheet> tip(int year) {
    String y = String.valueOf(year);
    Sheet protection = new Sheet("protection", "victims identified (identified and presumed) in " + year,
        List.of(Tables.VICTIMS_REGISTERED, Tables.VICTIMS_EXPLOITATION, Tables.VICTIMS_CITIZENSHIP),
        "Measure", "Value", "Flag");
    Object[][] measures = {
        {"Victims identified, total", Tables.VICTIMS_REGISTERED, new String[] {y, T, T}},
        {"Sex trafficking victims", Tables.VICTIMS_EXPLOITATION, new String[] {y, "SEX"}},
        {"Labor trafficking victims", Tables.VICTIMS_EXPLOITATION, new String[] {y, "LAB"}},
        {"Other forms of trafficking", Tables.VICTIMS_EXPLOITATION, new String[] {y, "OTH"}},
        {"Form not recorded", Tables.VICTIMS_EXPLOITATION, new String[] {y, "UNK"}},
        {"Female victims", Tables.VICTIMS_REGISTERED, new String[] {y, "F", T}},
        {"Male victims", Tables.VICTIMS_REGISTERED, new String[] {y, "M", T}},
        {"Victims of other or unknown sex", Tables.VICTIMS_REGISTERED, new String[] {y, "UNK", T}},
        {"Child victims", Tables.VICTIMS_REGISTERED, new String[] {y, T, "Y_LT18"}},
        {"Danish nationals", Tables.VICTIMS_CITIZENSHIP, new String[] {y, T, "NAT"}},
        {"Nationals of other EU countries", Tables.VICTIMS_CITIZENSHIP, new String[] {y, T, "EU27_2020_FOR"}},
        {"Nationals of non-EU countries", Tables.VICTIMS_CITIZENSHIP, new String[] {y, T, "NEU27_2020_FOR"}}};
    for (Object[] m : measures) {
      Obs o = obs((Tables) m[1], (String[]) m[2]);
      protection.add(m[0], o.value(), unodcFlag(o));
    }
    Sheet prosecution = new Sheet("prosecution", "persons by the furthest stage reached in " + year,
        List.of(Tables.TRAFFICKERS), "Measure", "Offence", "Value", "Flag");
    String[][] stages = {{"SUSPECTED", "Persons investigated (suspected or charged)"},
        {"PROSECUTED", "Persons prosecuted"}, {"CONVICTED", "Persons convicted"}};
    for (String[] st : stages) {
      for (String offence : List.of(T, "DK_SL_262A", "DK_SL_262B")) {
        Obs o = obs(Tables.TRAFFICKERS, y, st[0], offence);
        prosecution.add(st[1], T.equals(offence) ? "all" : offence.equals("DK_SL_262A") ? "straffeloven 262 a"
            : "straffeloven 262 b", o.value(), unodcFlag(o));
      }
    }
    return List.of(protection, prosecution);
  }
}
