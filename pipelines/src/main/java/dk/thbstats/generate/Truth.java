package dk.thbstats.generate;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ground truth per person, computed exactly as a perfect deduplicator would from the final
 * version of every record (the version in the latest delivery that holds it): registered victim
 * if any final version of any of the person's victim-role records has an IDENTIFIED or PRESUMED
 * event; status IDENTIFIED if any IDENTIFIED event, else PRESUMED; reference date the earliest
 * IDENTIFIED event, else the earliest PRESUMED event (same-day events of different authorities
 * would be broken by the alphabetically first authority; the planner never makes them);
 * exploitation forms the union of the canonical forms of all final versions, sorted by code.
 * As in the pipeline, only CMM and DIS identify formally: an IDENTIFIED event of another
 * authority counts as PRESUMED, and a formal NOT_VICTIM decision (CMM or DIS) without any
 * identification means the person is not a registered victim.
 */
final class Truth {
  /** Header of {@code truth/persons.csv}. */
  static final String[] PERSONS_HEADER = {
    "person_id", "role", "sex", "birth_date", "citizenship", "victim_status", "reference_date",
    "identifying_authority", "age_at_reference", "exploitation_forms"};

  /** Header of {@code truth/records.csv}. */
  static final String[] RECORDS_HEADER = {"source", "record_id", "person_id"};

  private final List<Person> persons;
  private final List<String> formCodes;
  private final int[] identifiedDay;
  private final String[] identifiedBy;
  private final int[] presumedDay;
  private final String[] presumedBy;
  private final long[] forms;
  private final boolean[] formallyRejected;

  /** @param formCodes every canonical form code; the order of output is their sorted order */
  Truth(List<Person> persons, List<String> formCodes) {
    this.persons = persons;
    this.formCodes = formCodes.stream().sorted().toList();
    if (this.formCodes.size() > 64) {
      throw new IllegalArgumentException("at most 64 exploitation forms, was " + formCodes.size());
    }
    int n = persons.size();
    identifiedDay = filled(n);
    presumedDay = filled(n);
    identifiedBy = new String[n];
    presumedBy = new String[n];
    forms = new long[n];
    formallyRejected = new boolean[n];
  }

  private static boolean formal(String authority) {
    return "CMM".equals(authority) || "DIS".equals(authority);
  }

  /** Takes the final version of one record of {@code person}. */
  void accept(int person, Map<String, Object> record, ExportFormat format) {
    Object role = record.get("role");
    boolean victimRole = "VICTIM".equals(role != null ? role : format.contract().defaultRole());
    if (victimRole) {
      for (ExportFormat.Event e : format.events(record)) {
        int day = Days.of(e.date());
        if ("NOT_VICTIM".equals(e.type()) && formal(e.authority())) {
          formallyRejected[person] = true;
        }
        if ("IDENTIFIED".equals(e.type()) && formal(e.authority())) {
          if (earlier(day, e.authority(), identifiedDay[person], identifiedBy[person])) {
            identifiedDay[person] = day;
            identifiedBy[person] = e.authority();
          }
        } else if ("PRESUMED".equals(e.type()) || "IDENTIFIED".equals(e.type())) {
          if (earlier(day, e.authority(), presumedDay[person], presumedBy[person])) {
            presumedDay[person] = day;
            presumedBy[person] = e.authority();
          }
        }
      }
    }
    if (record.get("exploitation_forms") instanceof List<?> list) {
      for (Object code : list) {
        int i = formCodes.indexOf((String) code);
        if (i < 0) {
          throw new IllegalStateException("unknown exploitation form " + code);
        }
        forms[person] |= 1L << i;
      }
    }
  }

  /** Persons whose status is IDENTIFIED. */
  int identified() {
    int n = 0;
    for (int d : identifiedDay) {
      n += d != Days.NONE ? 1 : 0;
    }
    return n;
  }

  /** Persons whose status is PRESUMED. */
  int presumed() {
    int n = 0;
    for (int i = 0; i < presumedDay.length; i++) {
      n += identifiedDay[i] == Days.NONE && presumedDay[i] != Days.NONE && !formallyRejected[i] ? 1 : 0;
    }
    return n;
  }

  /** The row of {@code truth/persons.csv} for one person. */
  List<String> row(Person p) {
    int i = p.index();
    String status = "";
    String reference = "";
    String authority = "";
    String age = "";
    int day = Days.NONE;
    if (identifiedDay[i] != Days.NONE) {
      status = "IDENTIFIED";
      day = identifiedDay[i];
      authority = nullToEmpty(identifiedBy[i]);
    } else if (presumedDay[i] != Days.NONE && !formallyRejected[i]) {
      status = "PRESUMED";
      day = presumedDay[i];
      authority = nullToEmpty(presumedBy[i]);
    }
    if (day != Days.NONE) {
      LocalDate ref = LocalDate.ofEpochDay(day);
      reference = ref.toString();
      age = String.valueOf(Period.between(p.birthDate(), ref).getYears());
    }
    List<String> codes = new ArrayList<>();
    for (int k = 0; k < formCodes.size(); k++) {
      if ((forms[i] & (1L << k)) != 0) {
        codes.add(formCodes.get(k));
      }
    }
    return List.of(p.id(), p.role(), String.valueOf(p.sex()), p.birthDate().toString(), p.country().code(),
        status, reference, authority, age, String.join("|", codes));
  }

  private static boolean earlier(int day, String authority, int bestDay, String bestAuthority) {
    if (bestDay == Days.NONE || day < bestDay) {
      return true;
    }
    return day == bestDay && authority != null
        && (bestAuthority == null || authority.compareTo(bestAuthority) < 0);
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, Days.NONE);
    return a;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The text of {@code truth/README.md}. */
  static String readme() {
    return """
        # Ground truth of a synthetic export

        Written by `thb generate` (package `dk.thbstats.generate`). Every person, name, number and
        address here is synthetic: names come from the generator's own pools
        (`generate/names.json`), combined at random; identifiers are random numbers of the right
        shape. Nothing was read from real data.

        ## records.csv

        One row per distinct record ever delivered under `landing/`.

        | column | meaning |
        |---|---|
        | `source` | landing folder: `ngo`, `police` or `dis` |
        | `record_id` | the record id of the contract: `sagsnummer` (NGO, unique over all organisations), `journalnummer` (police), `case_number` (DIS) |
        | `person_id` | the true person (`P` + seven digits), a row of `persons.csv` |

        ## persons.csv

        One row per generated person, true values (not as any source shows them).

        | column | meaning |
        |---|---|
        | `person_id` | `P` + seven digits |
        | `role` | `VICTIM` (victims, persons assessed as not victims, contacts) or `SUSPECT` (police suspects, never victims) |
        | `sex` | true sex, canonical `F`, `M`, `X` |
        | `birth_date` | true date of birth, ISO |
        | `citizenship` | true citizenship, ISO 3166-1 alpha-2 |
        | `victim_status` | `IDENTIFIED`, `PRESUMED` or empty (not a registered victim) |
        | `reference_date` | earliest IDENTIFIED event date, else earliest PRESUMED event date; empty when no status |
        | `identifying_authority` | authority of that event: `CMM`, `DIS`, `NGO`, `POLICE` |
        | `age_at_reference` | completed years from the true birth date to `reference_date` |
        | `exploitation_forms` | canonical forms (codelist `exploitation_form`) found in the person's records, sorted by code, joined by `|` |

        Status, reference date, authority and forms are computed from the FINAL version of every
        record (the version in the latest delivery that contains it), exactly as a perfect
        deduplicator would: a person is a registered victim if any final version of any of their
        victim-role records has an IDENTIFIED or PRESUMED event under the contract's `events`
        (NGO `vurdering` IDENTIFICERET/FORMODET with `vurderet_af` CMM→CMM, UDLST→DIS, NGO→NGO;
        a police row with `rolle` OFFER is PRESUMED by POLICE at `anmeldelsesdato`; DIS
        `decision.outcome` IDENTIFIED is IDENTIFIED by DIS at `decision.date`). Only CMM and DIS
        identify formally: an IDENTIFIED event of another authority counts as PRESUMED, and a
        formal NOT_VICTIM decision (CMM or DIS) without any identification means the person is
        not a registered victim. The generator never puts two events of the same type and different authorities on a person's earliest date.
        `exploitation_forms` is the union over all final versions of all the person's records
        (suspects: the forms of their cases), after the source's codes are mapped to canonical
        codes (the police code SEKSUEL is SEX_OTHER, so a person can carry both SEX_PORNOGRAPHY and
        SEX_OTHER).
        """;
  }
}
