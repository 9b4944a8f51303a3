package dk.thbstats.schema;

/**
 * The warehouse and published tables: namespace, name and contract file. Column names are in the
 * nested constants classes, which a test checks against the contract files.
 */
public enum Tables {
  RECORDS("restricted", "records", "canonical", 1),
  EVENTS("restricted", "events", "canonical", 1),
  LINKS("restricted", "links", "canonical", 1),
  PERSON_REDIRECTS("restricted", "person_redirects", "canonical", 1),
  PERSONS("restricted", "persons", "canonical", 1),
  LINK_REVIEW("restricted", "link_review", "canonical", 1),
  LINK_PAIRS("restricted", "link_pairs", "canonical", 1),
  LOADS("restricted", "loads", "canonical", 1),
  QUARANTINE("restricted", "quarantine", "canonical", 1),
  CKM_KEYS("restricted", "ckm_keys", "canonical", 1),
  VICTIMS_REGISTERED("published", "victims_registered", "published", 1),
  VICTIMS_REGISTERED_STATUS("published", "victims_registered_status", "published", 1),
  VICTIMS_CITIZENSHIP("published", "victims_citizenship", "published", 1),
  VICTIMS_EXPLOITATION("published", "victims_exploitation", "published", 1),
  VICTIMS_EXPLOITATION_SEX("published", "victims_exploitation_sex", "published", 1),
  VICTIMS_REGISTERED_CHANGE("published", "victims_registered_change", "published", 1),
  TRAFFICKERS("published", "traffickers", "published", 1),
  TRAFFICKERS_SEX("published", "traffickers_sex", "published", 1),
  TREND_VICTIMS("published", "trend_victims", "published", 1),
  VICTIMS_PROFILE("published", "victims_profile", "published", 1),
  VICTIMS_AUTHORITY("published", "victims_authority", "published", 1),
  VICTIMS_SOURCE_OVERLAP("published", "victims_source_overlap", "published", 1),
  VICTIMS_NATIONALITY("published", "victims_nationality", "published", 1),
  VICTIMS_FUNNEL("published", "victims_funnel", "published", 1),
  VICTIMS_FIRST_REGISTERED("published", "victims_first_registered", "published", 1),
  VICTIMS_FORM_COMBINATION("published", "victims_form_combination", "published", 1),
  TRAFFICKERS_STAGES("published", "traffickers_stages", "published", 1),
  INDICATORS_PREVENTION("published", "indicators_prevention", "published", 1),
  INDICATORS_IDENTIFICATION("published", "indicators_identification", "published", 1),
  INDICATORS_SUPPORT("published", "indicators_support", "published", 1),
  INDICATORS_PROSECUTION("published", "indicators_prosecution", "published", 1),
  INDICATORS_PARTNERSHIP("published", "indicators_partnership", "published", 1);

  private final String namespace;
  private final String table;
  private final String folder;
  private final int version;

  Tables(String namespace, String table, String folder, int version) {
    this.namespace = namespace;
    this.table = table;
    this.folder = folder;
    this.version = version;
  }

  public String namespace() {
    return namespace;
  }

  public String table() {
    return table;
  }

  /** The contract of the table. */
  public TableContract contract() {
    return TableContract.load(folder, table, version);
  }

  /** The table called {@code name}, or null. */
  public static Tables byName(String namespace, String name) {
    for (Tables t : values()) {
      if (t.namespace.equals(namespace) && t.table.equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** Whether the table is published (leaves the restricted zone). */
  public boolean isPublished() {
    return "published".equals(namespace);
  }

  /** Columns of {@code restricted.records}. */
  public static final class Records {
    private Records() {}

    public static final String RECORD_KEY = "record_key";
    public static final String SOURCE = "source";
    public static final String SOURCE_ORG = "source_org";
    public static final String ROLE = "role";
    public static final String DELIVERY_DATE = "delivery_date";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String KEY_VERSION = "key_version";
    public static final String SEX = "sex";
    public static final String CITIZENSHIP = "citizenship";
    public static final String BIRTH_YEAR = "birth_year";
    public static final String BIRTH_DATE_PRECISION = "birth_date_precision";
    public static final String BIRTH_DATE_SEALED = "birth_date_sealed";
    public static final String NAME_KEY = "name_key";
    public static final String BIRTH_DATE_KEY = "birth_date_key";
    public static final String GIVEN_KEY = "given_key";
    public static final String FAMILY_KEY = "family_key";
    public static final String NAME_TOKENS = "name_tokens";
    public static final String NAME_PHONETICS = "name_phonetics";
    public static final String NAME_BLOOM = "name_bloom";
    public static final String BIRTH_YM_KEY = "birth_ym_key";
    public static final String BIRTH_SWAPPED_KEY = "birth_swapped_key";
    public static final String BIRTH_TYPO_KEYS = "birth_typo_keys";
    public static final String POSTCODE_KEY = "postcode_key";
    public static final String LOCALITY_KEY = "locality_key";
    public static final String ADDRESS_BLOOM = "address_bloom";
    public static final String CONTACT_KEYS = "contact_keys";
    public static final String BIRTH_YEAR_KEY = "birth_year_key";
    public static final String BIRTH_YEAR_NEAR_KEYS = "birth_year_near_keys";
    public static final String BIRTH_YEAR_WIDE_KEYS = "birth_year_wide_keys";
    public static final String IDENTIFIERS = "identifiers";
    public static final String EXPLOITATION_FORMS = "exploitation_forms";
    public static final String SECTOR = "sector";
    public static final String OFFENCE = "offence";
    public static final String EVENTS = "events";
  }

  /** Columns of {@code restricted.events}. */
  public static final class Events {
    private Events() {}

    public static final String RECORD_KEY = "record_key";
    public static final String SOURCE = "source";
    public static final String ROLE = "role";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_DATE = "event_date";
    public static final String AUTHORITY = "authority";
    public static final String OFFENCE = "offence";
    public static final String DELIVERY_DATE = "delivery_date";
  }

  /** Columns of {@code restricted.links}. */
  public static final class Links {
    private Links() {}

    public static final String RECORD_KEY = "record_key";
    public static final String PERSON_KEY = "person_key";
    public static final String SOURCE = "source";
    public static final String LINK_COMPONENT = "link_component";
    public static final String ENCODING_HASH = "encoding_hash";
  }

  /** Columns of {@code restricted.link_pairs}. */
  public static final class LinkPairs {
    private LinkPairs() {}

    public static final String LEFT_RECORD_KEY = "left_record_key";
    public static final String RIGHT_RECORD_KEY = "right_record_key";
    public static final String MATCH_PROBABILITY = "match_probability";
    public static final String MATCH_WEIGHT = "match_weight";
    public static final String BLOCKING_RULE = "blocking_rule";
    public static final String EVIDENCE = "evidence";
  }

  /** Columns of {@code restricted.link_review}. */
  public static final class LinkReview {
    private LinkReview() {}

    public static final String LEFT_RECORD_KEY = "left_record_key";
    public static final String RIGHT_RECORD_KEY = "right_record_key";
    public static final String LEFT_SOURCE = "left_source";
    public static final String RIGHT_SOURCE = "right_source";
    public static final String MATCH_PROBABILITY = "match_probability";
    public static final String MATCH_WEIGHT = "match_weight";
    public static final String BLOCKING_RULE = "blocking_rule";
    public static final String EVIDENCE = "evidence";
    public static final String LINKED = "linked";
  }

  /** Columns of {@code restricted.person_redirects}. */
  public static final class PersonRedirects {
    private PersonRedirects() {}

    public static final String OLD_PERSON_KEY = "old_person_key";
    public static final String NEW_PERSON_KEY = "new_person_key";
    public static final String MERGED_ON = "merged_on";
  }

  /** Columns of {@code restricted.persons}. */
  public static final class Persons {
    private Persons() {}

    public static final String PERSON_KEY = "person_key";
    public static final String RECORD_COUNT = "record_count";
    public static final String SOURCES = "sources";
    public static final String SEX = "sex";
    public static final String CITIZENSHIP = "citizenship";
    public static final String BIRTH_YEAR = "birth_year";
    public static final String BIRTH_DATE_PRECISION = "birth_date_precision";
    public static final String IS_VICTIM = "is_victim";
    public static final String VICTIM_STATUS = "victim_status";
    public static final String REFERENCE_DATE = "reference_date";
    public static final String IDENTIFYING_AUTHORITY = "identifying_authority";
    public static final String AGE_AT_REFERENCE = "age_at_reference";
    public static final String IS_SUSPECT = "is_suspect";
    public static final String EXPLOITATION_FORMS = "exploitation_forms";
  }

  /** Columns of {@code restricted.loads}. */
  public static final class Loads {
    private Loads() {}

    public static final String SOURCE = "source";
    public static final String DELIVERY_DATE = "delivery_date";
    public static final String PATH = "path";
    public static final String SIZE_BYTES = "size_bytes";
    public static final String CONTENT_SHA256 = "content_sha256";
    public static final String STATUS = "status";
    public static final String ROWS_READ = "rows_read";
    public static final String ROWS_ACCEPTED = "rows_accepted";
    public static final String ROWS_QUARANTINED = "rows_quarantined";
    public static final String REASON = "reason";
    public static final String RUN_ID = "run_id";
  }

  /** Columns of {@code restricted.quarantine}. */
  public static final class Quarantine {
    private Quarantine() {}

    public static final String SOURCE = "source";
    public static final String DELIVERY_DATE = "delivery_date";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String RECORD_KEY = "record_key";
    public static final String RULE = "rule";
    public static final String COLUMN = "column";
    public static final String MESSAGE = "message";
    public static final String RUN_ID = "run_id";
    public static final String RECORD = "record";
  }

  /** Columns of {@code published.victims_registered}. */
  public static final class VictimsRegistered {
    private VictimsRegistered() {}

    public static final String YEAR = Published.YEAR;
    public static final String SEX = Published.SEX;
    public static final String AGE_GROUP = Published.AGE_GROUP;
    public static final String VALUE = Published.VALUE;
    public static final String FLAG = Published.FLAG;
    public static final String VINTAGE = Published.VINTAGE;
    public static final String STATUS = Published.STATUS;
  }

  /** Columns of {@code published.victims_citizenship}. */
  public static final class VictimsCitizenship {
    private VictimsCitizenship() {}

    public static final String YEAR = Published.YEAR;
    public static final String SEX = Published.SEX;
    public static final String CITIZENSHIP_GROUP = "citizenship_group";
    public static final String VALUE = Published.VALUE;
    public static final String FLAG = Published.FLAG;
    public static final String VINTAGE = Published.VINTAGE;
    public static final String STATUS = Published.STATUS;
  }

  /** Columns of {@code restricted.ckm_keys}. */
  public static final class CkmKeys {
    private CkmKeys() {}

    public static final String PERSON_KEY = "person_key";
    public static final String CKM_KEY = "ckm_key";
    public static final String ASSIGNED_ON = "assigned_on";
  }
}
