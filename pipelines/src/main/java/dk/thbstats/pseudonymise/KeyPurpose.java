package dk.thbstats.pseudonymise;

/** The HKDF context labels: one subkey per kind of encoding. */
public enum KeyPurpose {
  RECORD("token/record"),
  NAME("token/name"),
  BIRTH_DATE("token/birth-date"),
  CPR("token/id/cpr"),
  DOCUMENT("token/id/document"),
  DIS_CASE("token/id/dis-case"),
  SEAL_BIRTH_DATE("seal/birth-date"),
  SEAL_NONCE("seal/nonce");

  private final String label;

  KeyPurpose(String label) {
    this.label = label;
  }

  /** The HKDF info label. */
  String label() {
    return label;
  }
}
