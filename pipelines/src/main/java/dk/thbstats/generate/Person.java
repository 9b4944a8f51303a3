package dk.thbstats.generate;

import java.time.LocalDate;
import java.util.List;

/**
 * One synthetic person with the true values of every attribute (what {@code truth/persons.csv}
 * calls true); sources show it with variation.
 *
 * @param index position in the generated population, from 0
 * @param kind what happens to the person (the plan of cases follows from it)
 * @param sex true sex: F, M or X
 * @param nameSex F or M: which given-name list the name comes from (X persons draw either)
 * @param country true citizenship
 * @param undocumented without legal stay: identified by DIS, mostly without documents
 * @param birthDate true date of birth
 * @param firstDay epoch day of the person's first event (first contact, or a suspect's report)
 * @param name the person's name
 * @param cpr CPR number (DDMMYY-SSSS) or null
 * @param documents travel documents, possibly none
 * @param phone phone number or null
 * @param email e-mail address or null
 * @param address postal address or null
 * @param alias alias or working name, or null
 * @param forms true forms of exploitation, canonical codes, primary first; empty for suspects
 * @param sector sector of forced labour (ISIC code of codelist sector) or null
 */
record Person(
    int index,
    Kind kind,
    char sex,
    char nameSex,
    Countries.Country country,
    boolean undocumented,
    LocalDate birthDate,
    int firstDay,
    PersonName name,
    String cpr,
    List<Document> documents,
    Phone phone,
    String email,
    String address,
    String alias,
    List<String> forms,
    String sector) {

  /** What happens to a person. */
  enum Kind {
    /** Formally identified by CMM (documented) or DIS (undocumented). */
    IDENTIFIED,
    /** Presumed a victim by an NGO or the police, no formal decision. */
    PRESUMED,
    /** Assessed by CMM or DIS as not a victim. */
    NOT_VICTIM,
    /** Only a contact at an NGO (SIGNAL). */
    CONTACT,
    /** Suspect in a police case; never a victim. */
    SUSPECT;

    /** Whether the person's role is VICTIM. */
    boolean victimSide() {
      return this != SUSPECT;
    }
  }

  /** A travel document: ICAO type letter, issuing country, number. */
  record Document(String type, String country, String number) {}

  /** A phone number: international calling code and national number (digits only). */
  record Phone(String callingCode, String national) {}

  /**
   * A name: given names in display order ({@code given[core]} is the given name proper, the others
   * are middle names), family names, and whether sources may drop the middle names (only when
   * the name without them is unique too).
   */
  record PersonName(
      NamePools.Pool pool, NamePools.Entry[] given, int core, NamePools.Entry[] family, boolean middleDroppable) {}

  /** The person id of {@code truth/}: {@code P} and seven digits. */
  String id() {
    String digits = Integer.toString(index + 1);
    return "P" + "0000000".substring(Math.min(7, digits.length())) + digits;
  }

  /** Role as in the truth: VICTIM or SUSPECT. */
  String role() {
    return kind.victimSide() ? "VICTIM" : "SUSPECT";
  }

  /** The first passport, or null. */
  Document passport() {
    for (Document d : documents) {
      if ("P".equals(d.type())) {
        return d;
      }
    }
    return null;
  }
}
