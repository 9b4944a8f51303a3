package dk.thbstats.pseudonymise;

/** The HKDF context labels: one subkey per kind of encoding. */
public enum KeyPurpose {
  RECORD("token/record"),
  NAME("token/name"),
  BIRTH_DATE("token/birth-date"),
  CPR("token/id/cpr"),
  DOCUMENT("token/id/document"),
  DIS_CASE("token/id/dis-case"),
  /** Given and family names share one subkey, so that a swapped given/family name is found. */
  NAME_PART("token/name-part"),
  NAME_TOKEN("token/name-token"),
  PHONETIC("token/phonetic"),
  BLOOM_NAME("bloom/name"),
  BIRTH_YM("token/birth-year-month"),
  BIRTH_YEAR("token/birth-year"),
  /** The typo neighbourhood of a full birth date (one digit masked, two adjacent digits sorted, year ± 1). */
  BIRTH_TYPO("token/birth-typo"),
  POSTCODE("token/postcode"),
  CONTACT("token/contact"),
  LOCALITY("token/locality"),
  BLOOM_ADDRESS("bloom/address"),
  SEAL_BIRTH_DATE("seal/birth-date"),
  SEAL_NONCE("seal/nonce"),
  /** The record keys of the cell key method (assigned once per person, then stored). */
  CELL_KEY("ckm/record-key");

  private final String label;

  KeyPurpose(String label) {
    this.label = label;
  }

  /** The HKDF info label. */
  String label() {
    return label;
  }
}
