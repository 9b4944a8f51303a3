package dk.thbstats.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Plans the cases of every person at the NGOs and CMM, the police and DIS, with their event
 * dates, then numbers them. Documented victims are identified by CMM, undocumented ones by DIS;
 * many victims also appear at an NGO or the police; contacts only at an NGO; suspects only at
 * the police.
 *
 * <p>Ties are avoided: no person gets a PRESUMED event from the police and one from an NGO on the
 * same day, so the identifying authority of the truth is never ambiguous.
 */
final class CasePlanner {
  /** Organisations that send NGO exports, in file order. */
  static final List<String> ORGANISATIONS = List.of("CMM", "NGO-A", "NGO-B", "NGO-C");

  /** Police districts (codelist organisation) with synthetic district numbers for case numbers. */
  static final Map<String, String> DISTRICTS = districts();

  private static final double[] DISTRICT_WEIGHTS = {35, 15, 15, 10, 10, 15};
  private static final LocalDate SECTION_262B_FROM = LocalDate.of(2022, 6, 1);
  private static final String[] SUSPECT_CASE_FORMS = {
    "SEX_PROSTITUTION", "LABOUR", "CRIMINAL_ACTIVITY", "BEGGING", "DOMESTIC_SERVITUDE"};
  private static final double[] SUSPECT_CASE_FORM_WEIGHTS = {55, 25, 12, 5, 3};

  /** The planned records of all sources, each list sorted by record id. */
  record Plan(List<NgoCase> ngo, List<PoliceRow> police, List<DisCase> dis) {}

  private final SplittableRandom r;
  private final boolean clean;
  private final int start;
  private final int last;
  private final List<Person> persons;
  private final List<NgoDraft> ngo = new ArrayList<>();
  private final List<DisDraft> dis = new ArrayList<>();
  private final List<int[]> policeVictims = new ArrayList<>();

  private CasePlanner(List<Person> persons, GeneratorOptions options, SplittableRandom r) {
    this.r = r;
    this.clean = options.clean();
    this.start = Days.of(options.firstEventDate());
    this.last = Days.of(options.lastDelivery());
    this.persons = persons;
  }

  /** Plans and numbers every record. */
  static Plan plan(List<Person> persons, GeneratorOptions options, SplittableRandom r) {
    return new CasePlanner(persons, options, r).run();
  }

  private Plan run() {
    for (Person p : persons) {
      int before = ngo.size();
      switch (p.kind()) {
        case IDENTIFIED -> {
          if (p.undocumented()) {
            identifiedByDis(p);
          } else {
            identifiedByCmm(p);
          }
        }
        case PRESUMED -> presumed(p);
        case NOT_VICTIM -> notVictim(p);
        case CONTACT -> contact(p);
        case SUSPECT -> { }
      }
      if (!clean) {
        duplicates(before);
      }
    }
    List<PoliceDraft> police = policeCases();
    avoidTies(police);
    String[] disNumbers = numberDis();
    List<NgoCase> ngoCases = numberNgo(disNumbers);
    List<PoliceRow> policeRows = numberPolice(police);
    List<DisCase> disCases = new ArrayList<>(dis.size());
    for (DisDraft d : dis) {
      disCases.add(new DisCase(d.id, d.person, d.seed, d.created, d.screening, d.outcome, d.decision,
          d.reflection, d.permit, d.preparedReturn, d.formsShown));
    }
    disCases.sort(Comparator.comparing(DisCase::recordId));
    return new Plan(ngoCases, policeRows, disCases);
  }

  // ---- victims ---------------------------------------------------------------------------

  private void identifiedByCmm(Person p) {
    int t0 = p.firstDay();
    boolean withNgo = Draw.chance(r, 0.35);
    int cmmContact = withNgo ? t0 + Draw.between(r, 3, 40) : t0;
    int interview = cmmContact + Draw.between(r, 7, 45);
    int identified = interview + Draw.between(r, 14, 120);
    NgoDraft cmm = ngo("CMM", p, cmmContact, 0.92);
    cmm.interview = interview;
    cmm.assess("IDENTIFIED", identified, "CMM");
    support(cmm, identified, 0.75);
    cmm.preparedReturn = Draw.chance(r, 0.12) ? identified + Draw.between(r, 60, 300) : Days.NONE;
    if (withNgo) {
      NgoDraft n = ngo(orgFor(p), p, t0, 0.85);
      double u = r.nextDouble();
      if (u < 0.45) {
        int presumed = t0 + Draw.between(r, 3, 30);
        if (presumed < identified) {
          n.assess("PRESUMED", presumed, "NGO");
        }
      } else if (u < 0.75) {
        n.assess("IDENTIFIED", identified, "CMM");
      }
      support(n, t0, 0.5);
    }
    if (!clean || p.sex() != 'X') {
      if (Draw.chance(r, 0.30)) {
        police(p, Math.max(start, t0 + Draw.between(r, -60, 200)));
      }
    }
  }

  private void identifiedByDis(Person p) {
    int t0 = p.firstDay();
    boolean withNgo = Draw.chance(r, 0.45);
    DisDraft d = dis(p, withNgo ? t0 + Draw.between(r, 0, 20) : t0, 0.9);
    d.screening = d.created + Draw.between(r, 0, 30);
    int identified = d.screening + Draw.between(r, 5, 60);
    d.outcome = "IDENTIFIED";
    d.decision = identified;
    d.reflection = Draw.chance(r, 0.7) ? identified + Draw.between(r, 0, 14) : Days.NONE;
    d.permit = Draw.chance(r, 0.08) ? identified + Draw.between(r, 60, 400) : Days.NONE;
    d.preparedReturn = d.permit == Days.NONE && Draw.chance(r, 0.35)
        ? Math.max(identified, d.reflection) + Draw.between(r, 30, 250) : Days.NONE;
    if (withNgo) {
      NgoDraft n = ngo(Draw.chance(r, 0.6) ? "NGO-B" : orgFor(p), p, t0, 0.85);
      double u = r.nextDouble();
      if (u < 0.5) {
        n.assess("IDENTIFIED", identified, "DIS");
      } else if (u < 0.8) {
        int presumed = t0 + Draw.between(r, 2, 20);
        if (presumed < identified) {
          n.assess("PRESUMED", presumed, "NGO");
        }
      }
      support(n, t0, 0.6);
      n.reflection = d.reflection != Days.NONE && Draw.chance(r, 0.6) ? d.reflection : Days.NONE;
      n.preparedReturn = d.preparedReturn != Days.NONE && Draw.chance(r, 0.5) ? d.preparedReturn : Days.NONE;
      n.showDis(Math.max(d.created, t0), clean || Draw.chance(r, 0.5));
    }
    if (Draw.chance(r, 0.15)) {
      NgoDraft cmm = ngo("CMM", p, identified + Draw.between(r, 0, 20), 0.8);
      if (Draw.chance(r, 0.7)) {
        cmm.assess("IDENTIFIED", identified, "DIS");
      }
      support(cmm, cmm.contact, 0.8);
      cmm.showDis(cmm.contact, clean || Draw.chance(r, 0.6));
    }
    if ((!clean || p.sex() != 'X') && Draw.chance(r, 0.20)) {
      police(p, Math.max(start, t0 + Draw.between(r, -30, 150)));
    }
  }

  private void presumed(Person p) {
    int t0 = p.firstDay();
    double u = r.nextDouble();
    boolean policeOnly = u >= 0.55 && u < 0.85 && (!clean || p.sex() != 'X');
    boolean withNgo = !policeOnly;
    boolean withPolice = policeOnly || (u >= 0.85 && (!clean || p.sex() != 'X'));
    if (withNgo) {
      NgoDraft n = ngo(orgFor(p), p, t0, 0.9);
      n.assess("PRESUMED", t0 + Draw.between(r, 5, 60), "NGO");
      support(n, t0, 0.6);
    }
    if (withPolice) {
      police(p, policeOnly ? t0 : t0 + Draw.between(r, 0, 120));
    }
    if (p.undocumented() && Draw.chance(r, 0.15)) {
      DisDraft d = dis(p, t0 + Draw.between(r, 10, 60), 0.5);
      d.screening = d.created + Draw.between(r, 0, 30);
    }
  }

  private void notVictim(Person p) {
    int t0 = p.firstDay();
    if (p.undocumented()) {
      DisDraft d = dis(p, t0, 0.5);
      d.screening = t0 + Draw.between(r, 0, 30);
      d.outcome = "NOT_VICTIM";
      d.decision = d.screening + Draw.between(r, 5, 60);
    } else {
      NgoDraft cmm = ngo("CMM", p, t0, 0.5);
      cmm.interview = t0 + Draw.between(r, 7, 45);
      cmm.assess("NOT_VICTIM", cmm.interview + Draw.between(r, 14, 120), "CMM");
    }
    if (Draw.chance(r, 0.25)) {
      ngo(orgFor(p), p, Math.max(start, t0 - Draw.between(r, 0, 30)), 0.4);
    }
  }

  private void contact(Person p) {
    int t0 = p.firstDay();
    String org = switch (Draw.weighted(r, new double[] {45, 25, 20, 10})) {
      case 0 -> "NGO-A";
      case 1 -> "NGO-B";
      case 2 -> "NGO-C";
      default -> "CMM";
    };
    if (p.forms().contains("LABOUR") && Draw.chance(r, 0.6)) {
      org = "NGO-C";
    }
    ngo(org, p, t0, 0.4);
    if (Draw.chance(r, 0.08)) {
      String other = ORGANISATIONS.get(1 + r.nextInt(3));
      if (!other.equals(org)) {
        ngo(other, p, t0 + Draw.between(r, 0, 90), 0.4);
      }
    }
  }

  /** Second registrations of the same person at the same organisation (noisy mode). */
  private void duplicates(int from) {
    int to = ngo.size();
    for (int i = from; i < to; i++) {
      NgoDraft original = ngo.get(i);
      if (Draw.chance(r, 0.035)) {
        ngo(original.org, persons.get(original.person), original.contact + Draw.between(r, 20, 400), 0.3);
      }
    }
  }

  private String orgFor(Person p) {
    String primary = primaryForm(p);
    if (primary.startsWith("SEX_")) {
      return Draw.chance(r, 0.6) ? "NGO-A" : "NGO-B";
    }
    if (primary.equals("LABOUR") || primary.equals("DOMESTIC_SERVITUDE")) {
      return Draw.chance(r, 0.7) ? "NGO-C" : "NGO-B";
    }
    return r.nextBoolean() ? "NGO-B" : "NGO-A";
  }

  private void support(NgoDraft n, int from, double p) {
    if (Draw.chance(r, p)) {
      n.supportOffered = from + Draw.between(r, 0, 14);
      if (Draw.chance(r, 0.8)) {
        n.supportAccepted = n.supportOffered + Draw.between(r, 0, 21);
      }
    }
  }

  private NgoDraft ngo(String org, Person p, int contact, double formsShare) {
    NgoDraft d = new NgoDraft(org, p.index(), contact, r.nextLong(), ngo.size());
    d.formsShown = Draw.chance(r, formsShare);
    ngo.add(d);
    return d;
  }

  private DisDraft dis(Person p, int created, double formsShare) {
    DisDraft d = new DisDraft(p.index(), created, r.nextLong(), dis.size());
    d.formsShown = Draw.chance(r, formsShare);
    dis.add(d);
    return d;
  }

  private void police(Person p, int day) {
    policeVictims.add(new int[] {p.index(), day});
  }

  // ---- police cases ----------------------------------------------------------------------

  private List<PoliceDraft> policeCases() {
    List<int[]> victims = new ArrayList<>(policeVictims);
    victims.sort(Comparator.<int[], String>comparing(v -> primaryForm(persons.get(v[0])))
        .thenComparingInt(v -> v[1]).thenComparingInt(v -> v[0]));
    List<PoliceDraft> cases = new ArrayList<>();
    int i = 0;
    while (i < victims.size()) {
      int size = 1 + Draw.weighted(r, new double[] {60, 25, 10, 5});
      int[] first = victims.get(i);
      String form = primaryForm(persons.get(first[0]));
      PoliceDraft c = newCase(first[1]);
      c.victims.add(first[0]);
      i++;
      while (c.victims.size() < size && i < victims.size() && victims.get(i)[1] - first[1] <= 45
          && primaryForm(persons.get(victims.get(i)[0])).equals(form)) {
        c.victims.add(victims.get(i)[0]);
        i++;
      }
      TreeSet<String> forms = new TreeSet<>();
      for (int v : c.victims) {
        forms.addAll(persons.get(v).forms());
      }
      c.forms = List.copyOf(forms);
      cases.add(c);
    }
    List<PoliceDraft> deliverable = new ArrayList<>();
    for (PoliceDraft c : cases) {
      if (c.report <= last) {
        deliverable.add(c);
      }
    }
    for (Person p : persons) {
      if (p.kind() != Person.Kind.SUSPECT) {
        continue;
      }
      int n = Draw.chance(r, 0.1) ? 2 : 1;
      for (int k = 0; k < n; k++) {
        PoliceDraft c;
        if (!deliverable.isEmpty() && Draw.chance(r, 0.85)) {
          c = Draw.pick(r, deliverable);
        } else {
          c = newCase(k == 0 ? p.firstDay() : Math.min(last, p.firstDay() + Draw.between(r, 30, 700)));
          c.forms = List.of(SUSPECT_CASE_FORMS[Draw.weighted(r, SUSPECT_CASE_FORM_WEIGHTS)]);
          cases.add(c);
        }
        if (!c.suspects.contains(p.index())) {
          c.suspects.add(p.index());
        }
      }
    }
    for (PoliceDraft c : cases) {
      boolean labour = c.forms.contains("LABOUR") || c.forms.contains("DOMESTIC_SERVITUDE");
      boolean b = !LocalDate.ofEpochDay(c.report).isBefore(SECTION_262B_FROM)
          && Draw.chance(r, labour ? 0.45 : 0.2);
      c.offence = b ? "DK_SL_262B" : "DK_SL_262A";
      for (int s = 0; s < c.suspects.size(); s++) {
        int[] ev = {Days.NONE, Days.NONE, Days.NONE, 0};
        if (Draw.chance(r, 0.7)) {
          ev[0] = c.report + Draw.between(r, 10, 200);
          if (Draw.chance(r, 0.55)) {
            ev[1] = ev[0] + Draw.between(r, 60, 400);
            if (Draw.chance(r, 0.8)) {
              ev[2] = ev[1] + Draw.between(r, 90, 500);
              ev[3] = Draw.chance(r, 0.75) ? 1 : 2;
            }
          }
        }
        c.suspectEvents.add(ev);
      }
      c.seeds = new long[c.victims.size() + c.suspects.size()];
      for (int k = 0; k < c.seeds.length; k++) {
        c.seeds[k] = r.nextLong();
      }
    }
    return cases;
  }

  private static String primaryForm(Person p) {
    return p.forms().isEmpty() ? "" : p.forms().get(0);
  }

  private PoliceDraft newCase(int report) {
    PoliceDraft c = new PoliceDraft();
    c.report = report;
    List<String> codes = List.copyOf(DISTRICTS.keySet());
    c.kreds = codes.get(Draw.weighted(r, DISTRICT_WEIGHTS));
    return c;
  }

  /** Moves an NGO presumption off the day of the same person's police report. */
  private void avoidTies(List<PoliceDraft> police) {
    int[] reportOf = new int[persons.size()];
    Arrays.fill(reportOf, Days.NONE);
    for (PoliceDraft c : police) {
      for (int v : c.victims) {
        reportOf[v] = c.report;
      }
    }
    for (NgoDraft n : ngo) {
      if ("PRESUMED".equals(n.assessment) && n.assessmentDay == reportOf[n.person]) {
        n.assessmentDay++;
      }
    }
  }

  // ---- numbering ---------------------------------------------------------------------------

  private String[] numberDis() {
    List<DisDraft> sorted = new ArrayList<>(dis);
    sorted.sort(Comparator.<DisDraft>comparingInt(d -> d.created).thenComparingInt(d -> d.order));
    String[] byPerson = new String[persons.size()];
    Map<Integer, Integer> perYear = new LinkedHashMap<>();
    for (DisDraft d : sorted) {
      int year = LocalDate.ofEpochDay(d.created).getYear();
      int n = perYear.merge(year, 1, Integer::sum);
      d.id = String.format(Locale.ROOT, "DIS-%04d-%06d", year, n);
      byPerson[d.person] = d.id;
    }
    return byPerson;
  }

  private List<NgoCase> numberNgo(String[] disNumbers) {
    List<NgoDraft> sorted = new ArrayList<>(ngo);
    sorted.sort(Comparator.<NgoDraft>comparingInt(d -> d.contact).thenComparingInt(d -> d.order));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (NgoDraft d : sorted) {
      counts.merge(d.org, 1, Integer::sum);
    }
    Map<String, Integer> next = new LinkedHashMap<>();
    List<NgoCase> cases = new ArrayList<>(sorted.size());
    for (NgoDraft d : sorted) {
      int n = next.merge(d.org, 1, Integer::sum);
      int width = Math.max(6, String.valueOf(counts.get(d.org)).length());
      String id = d.org + "-" + String.format(Locale.ROOT, "%0" + width + "d", n);
      String disNumber = d.disFrom != Days.NONE ? disNumbers[d.person] : null;
      cases.add(new NgoCase(id, d.org, d.person, d.seed, d.contact, d.interview, d.assessment,
          d.assessmentDay, d.authority, d.supportOffered, d.supportAccepted, d.reflection, d.preparedReturn,
          disNumber, disNumber == null ? Days.NONE : d.disFrom, d.formsShown));
    }
    cases.sort(Comparator.comparing(NgoCase::recordId));
    return cases;
  }

  private List<PoliceRow> numberPolice(List<PoliceDraft> cases) {
    List<PoliceDraft> sorted = new ArrayList<>(cases);
    sorted.sort(Comparator.comparingInt(c -> c.report));
    Map<String, Integer> next = new LinkedHashMap<>();
    List<PoliceRow> rows = new ArrayList<>();
    for (PoliceDraft c : sorted) {
      int year = LocalDate.ofEpochDay(c.report).getYear();
      int n = next.merge(c.kreds + "/" + year, 1, Integer::sum);
      String caseNumber = String.format(Locale.ROOT, "%s-84120-%05d-%02d", DISTRICTS.get(c.kreds), n, year % 100);
      int k = 0;
      for (int v : c.victims) {
        rows.add(new PoliceRow(caseNumber + "-P" + (k + 1), c.kreds, v, false, c.seeds[k], c.offence, c.forms,
            c.report, Days.NONE, Days.NONE, null, Days.NONE));
        k++;
      }
      for (int s = 0; s < c.suspects.size(); s++) {
        int[] ev = c.suspectEvents.get(s);
        String verdict = ev[3] == 1 ? "CONVICTED" : ev[3] == 2 ? "ACQUITTED" : null;
        rows.add(new PoliceRow(caseNumber + "-P" + (k + 1), c.kreds, c.suspects.get(s), true, c.seeds[k],
            c.offence, c.forms, c.report, ev[0], ev[1], verdict, ev[2]));
        k++;
      }
    }
    rows.sort(Comparator.comparing(PoliceRow::recordId));
    return rows;
  }

  private static Map<String, String> districts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("KBH", "0100");
    m.put("NCP", "0500");
    m.put("OJY", "3600");
    m.put("FYN", "2300");
    m.put("NSJ", "0900");
    m.put("SJY", "2400");
    return java.util.Collections.unmodifiableMap(m);
  }

  // ---- drafts ------------------------------------------------------------------------------

  private static final class NgoDraft {
    final String org;
    final int person;
    final int contact;
    final long seed;
    final int order;
    boolean formsShown;
    int interview = Days.NONE;
    String assessment;
    int assessmentDay = Days.NONE;
    String authority;
    int supportOffered = Days.NONE;
    int supportAccepted = Days.NONE;
    int reflection = Days.NONE;
    int preparedReturn = Days.NONE;
    int disFrom = Days.NONE;

    NgoDraft(String org, int person, int contact, long seed, int order) {
      this.org = org;
      this.person = person;
      this.contact = contact;
      this.seed = seed;
      this.order = order;
    }

    void assess(String assessment, int day, String authority) {
      this.assessment = assessment;
      this.assessmentDay = day;
      this.authority = authority;
    }

    void showDis(int from, boolean show) {
      disFrom = show ? from : Days.NONE;
    }
  }

  private static final class DisDraft {
    final int person;
    final int created;
    final long seed;
    final int order;
    String id;
    boolean formsShown;
    int screening = Days.NONE;
    String outcome;
    int decision = Days.NONE;
    int reflection = Days.NONE;
    int permit = Days.NONE;
    int preparedReturn = Days.NONE;

    DisDraft(int person, int created, long seed, int order) {
      this.person = person;
      this.created = created;
      this.seed = seed;
      this.order = order;
    }
  }

  private static final class PoliceDraft {
    int report;
    String kreds;
    String offence;
    List<String> forms = List.of();
    final List<Integer> victims = new ArrayList<>(4);
    final List<Integer> suspects = new ArrayList<>(3);
    final List<int[]> suspectEvents = new ArrayList<>(3);
    long[] seeds;
  }
}
