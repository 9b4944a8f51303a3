package dk.thbstats.schema;

/**
 * Columns of the staged (cleartext, in-memory) row that ingest produces and pseudonymisation
 * consumes; contract {@code schemas/canonical/staged.v1.json}. Never persisted.
 */
public final class Staged {
  private Staged() {}

  /** The contract. */
  public static TableContract contract() {
    return TableContract.load("canonical", "staged", 1);
  }

  public static final String SOURCE = "source";
  public static final String SOURCE_ORG = "source_org";
  public static final String ROLE = "role";
  public static final String DELIVERY_DATE = "delivery_date";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";
  public static final String RECORD_ID = "record_id";
  public static final String GIVEN_NAME = "given_name";
  public static final String FAMILY_NAME = "family_name";
  public static final String FULL_NAME = "full_name";
  public static final String ALIASES = "aliases";
  public static final String BIRTH_DATE = "birth_date";
  public static final String BIRTH_DATE_PRECISION = "birth_date_precision";
  public static final String BIRTH_YEAR = "birth_year";
  public static final String SEX = "sex";
  public static final String CITIZENSHIP = "citizenship";
  public static final String CPR = "cpr";
  public static final String DIS_CASE_NUMBER = "dis_case_number";
  public static final String DOCUMENTS = "documents";
  public static final String STREET = "street";
  public static final String POSTCODE = "postcode";
  public static final String LOCALITY = "locality";
  public static final String CONTACTS = "contacts";
  public static final String EXPLOITATION_FORMS = "exploitation_forms";
  public static final String SECTOR = "sector";
  public static final String OFFENCE = "offence";
  public static final String EVENTS = "events";
  public static final String PROBLEMS = "problems";
  public static final String WARNINGS = "warnings";
}
