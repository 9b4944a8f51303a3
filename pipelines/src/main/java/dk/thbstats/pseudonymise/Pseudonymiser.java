package dk.thbstats.pseudonymise;

import static dk.thbstats.core.SparkRows.get;
import static dk.thbstats.core.SparkRows.list;
import static dk.thbstats.core.SparkRows.array;

import dk.thbstats.core.SparkRows;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Tables;
import dk.thbstats.schema.Tables.Records;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a staged (cleartext) row into a pseudonymised record row: the record id, name, birth date
 * and identifiers become keyed tokens, the birth date is also sealed, and nothing cleartext is
 * kept. The output has the columns of {@code restricted.records} (all nullable, since a
 * quarantined row may lack even its record id) followed by the staged row's {@code problems}.
 *
 * <p>Identifier tokens: CPR digits (country DK); documents as {@code TYPE|COUNTRY|NUMBER} with the
 * number upper-cased and stripped of spaces and hyphens; DIS case numbers upper-cased without
 * spaces. The name key needs at least two name tokens (a single given name is too weak to link).
 */
public final class Pseudonymiser implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private static final java.util.regex.Pattern SPACES_HYPHENS = java.util.regex.Pattern.compile("[\\s\\-]");
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s");

  private final Tokeniser tokeniser;
  private final BloomPair blooms;
  private final BirthDateSeal seal;
  private final String keyVersion;
  private final StructType outputSchema;
  private final StructType in;

  public Pseudonymiser(Keyring keyring) {
    this.tokeniser = new Tokeniser(keyring);
    this.blooms = new BloomPair(new BloomEncoder(keyring, KeyPurpose.BLOOM_NAME), new BloomEncoder(keyring, KeyPurpose.BLOOM_ADDRESS));
    this.seal = new BirthDateSeal(keyring);
    this.keyVersion = keyring.keyVersion();
    this.outputSchema = outputSchema();
    this.in = Staged.contract().schema();
  }

  /** The output schema: the records columns, all nullable, then {@code problems} and {@code warnings}. */
  public static StructType outputSchema() {
    StructType records = Tables.RECORDS.contract().schema();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : records.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    fields.add(Staged.contract().schema().apply(Staged.PROBLEMS));
    fields.add(Staged.contract().schema().apply(Staged.WARNINGS));
    return DataTypes.createStructType(fields);
  }

  @Override
  public Row call(Row staged) {
    String source = get(staged, in, Staged.SOURCE);
    String recordId = get(staged, in, Staged.RECORD_ID);
    String recordKey = recordId == null ? null : tokeniser.token(KeyPurpose.RECORD, source + '\u001f' + recordId);

    List<String> tokens = Names.tokens(
        get(staged, in, Staged.GIVEN_NAME), get(staged, in, Staged.FAMILY_NAME), get(staged, in, Staged.FULL_NAME));
    String nameKey = tokens.size() >= 2 ? tokeniser.token(KeyPurpose.NAME, String.join(" ", tokens)) : null;
    List<String> given = Names.tokens((String) get(staged, in, Staged.GIVEN_NAME));
    List<String> family = Names.tokens((String) get(staged, in, Staged.FAMILY_NAME));
    String givenKey = given.isEmpty() ? null : tokeniser.token(KeyPurpose.NAME_PART, String.join(" ", given));
    String familyKey = family.isEmpty() ? null : tokeniser.token(KeyPurpose.NAME_PART, String.join(" ", family));
    java.util.TreeSet<String> nameTokens = new java.util.TreeSet<>();
    java.util.TreeSet<String> phonetics = new java.util.TreeSet<>();
    List<String> compared = new ArrayList<>(tokens);
    compared.addAll(Names.compounds(get(staged, in, Staged.GIVEN_NAME), get(staged, in, Staged.FAMILY_NAME),
        get(staged, in, Staged.FULL_NAME)));
    for (String t : compared) {
      nameTokens.add(tokeniser.token(KeyPurpose.NAME_TOKEN, t));
      for (String code : Phonetics.codes(t)) {
        phonetics.add(tokeniser.token(KeyPurpose.PHONETIC, code));
      }
      String skeleton = Phonetics.skeleton(t);
      if (skeleton != null) {
        phonetics.add(tokeniser.token(KeyPurpose.PHONETIC, "~" + skeleton));
      }
    }

    LocalDate birthDate = get(staged, in, Staged.BIRTH_DATE);
    String birthDateKey = birthDate == null ? null : tokeniser.token(KeyPurpose.BIRTH_DATE, birthDate.toString());
    byte[] sealed = birthDate == null ? null : seal.seal(birthDate);
    boolean placeholder = birthDate != null && birthDate.getDayOfMonth() == 1 && birthDate.getMonthValue() == 1;
    String birthYmKey = birthDate == null || placeholder ? null
        : tokeniser.token(KeyPurpose.BIRTH_YM, birthDate.toString().substring(0, 7));
    String birthSwappedKey = null;
    if (birthDate != null && birthDate.getDayOfMonth() <= 12 && birthDate.getDayOfMonth() != birthDate.getMonthValue()) {
      LocalDate swapped = LocalDate.of(birthDate.getYear(), birthDate.getDayOfMonth(), birthDate.getMonthValue());
      birthSwappedKey = tokeniser.token(KeyPurpose.BIRTH_DATE, swapped.toString());
    }
    List<String> birthTypoKeys = new ArrayList<>();
    if (birthDate != null && !placeholder) {
      for (String t : BirthDateTypos.neighbourhood(birthDate)) {
        birthTypoKeys.add(tokeniser.token(KeyPurpose.BIRTH_TYPO, t));
      }
    }
    String postcode = get(staged, in, Staged.POSTCODE);
    String postcodeKey = postcode == null || postcode.isBlank() ? null
        : tokeniser.token(KeyPurpose.POSTCODE, SPACES.matcher(postcode.toUpperCase(Locale.ROOT)).replaceAll(""));
    String locality = Names.normalise(get(staged, in, Staged.LOCALITY));
    String localityKey = locality.isEmpty() ? null : tokeniser.token(KeyPurpose.LOCALITY, locality);
    List<String> street = Names.tokens((String) get(staged, in, Staged.STREET));

    List<Row> identifiers = new ArrayList<>();
    String cpr = get(staged, in, Staged.CPR);
    if (cpr != null) {
      identifiers.add(RowFactory.create("CPR", "DK", tokeniser.token(KeyPurpose.CPR, cpr)));
    }
    for (Row doc : documents(staged)) {
      String number = doc.getString(2);
      if (number == null) {
        continue;
      }
      String type = doc.isNullAt(0) ? "P" : doc.getString(0);
      String country = doc.isNullAt(1) ? null : doc.getString(1);
      String norm = SPACES_HYPHENS.matcher(number.toUpperCase(Locale.ROOT)).replaceAll("");
      String value = type + "|" + (country == null ? "" : country) + "|" + norm;
      // The document type is part of the identifier's type: a passport and an identity card of
      // one country are two identifiers one person may hold, two passports of one country are not.
      identifiers.add(RowFactory.create("DOCUMENT_" + type, country, tokeniser.token(KeyPurpose.DOCUMENT, value)));
    }
    String dis = get(staged, in, Staged.DIS_CASE_NUMBER);
    if (dis != null) {
      String norm = SPACES.matcher(dis.toUpperCase(Locale.ROOT)).replaceAll("");
      identifiers.add(RowFactory.create("DIS_CASE", null, tokeniser.token(KeyPurpose.DIS_CASE, norm)));
    }

    Object[] values = new Object[outputSchema.size()];
    put(values, Records.RECORD_KEY, recordKey);
    put(values, Records.SOURCE, source);
    put(values, Records.SOURCE_ORG, get(staged, in, Staged.SOURCE_ORG));
    put(values, Records.ROLE, get(staged, in, Staged.ROLE));
    put(values, Records.DELIVERY_DATE, get(staged, in, Staged.DELIVERY_DATE));
    put(values, Records.SOURCE_FILE, get(staged, in, Staged.SOURCE_FILE));
    put(values, Records.SOURCE_LINE, get(staged, in, Staged.SOURCE_LINE));
    put(values, Records.KEY_VERSION, keyVersion);
    put(values, Records.SEX, get(staged, in, Staged.SEX));
    put(values, Records.CITIZENSHIP, get(staged, in, Staged.CITIZENSHIP));
    put(values, Records.BIRTH_YEAR, get(staged, in, Staged.BIRTH_YEAR));
    put(values, Records.BIRTH_DATE_PRECISION, get(staged, in, Staged.BIRTH_DATE_PRECISION));
    put(values, Records.BIRTH_DATE_SEALED, sealed);
    put(values, Records.NAME_KEY, nameKey);
    put(values, Records.BIRTH_DATE_KEY, birthDateKey);
    put(values, Records.GIVEN_KEY, givenKey);
    put(values, Records.FAMILY_KEY, familyKey);
    put(values, Records.NAME_TOKENS, array(new ArrayList<>(nameTokens)));
    put(values, Records.NAME_PHONETICS, array(new ArrayList<>(phonetics)));
    put(values, Records.NAME_BLOOM, blooms.name().encode(tokens));
    put(values, Records.BIRTH_YM_KEY, birthYmKey);
    put(values, Records.BIRTH_SWAPPED_KEY, birthSwappedKey);
    put(values, Records.BIRTH_TYPO_KEYS, array(birthTypoKeys));
    // The year as tokens: itself, and the years one and two-to-three away, so linkage compares years
    // (equal / ±1 / ±3) by token equality without seeing a year.
    Integer birthYear = get(staged, in, Staged.BIRTH_YEAR);
    List<String> near = new ArrayList<>();
    List<String> wide = new ArrayList<>();
    if (birthYear != null) {
      for (int d : new int[] {-1, 1}) {
        near.add(tokeniser.token(KeyPurpose.BIRTH_YEAR, String.valueOf(birthYear + d)));
      }
      for (int d : new int[] {-3, -2, 2, 3}) {
        wide.add(tokeniser.token(KeyPurpose.BIRTH_YEAR, String.valueOf(birthYear + d)));
      }
    }
    put(values, Records.BIRTH_YEAR_KEY,
        birthYear == null ? null : tokeniser.token(KeyPurpose.BIRTH_YEAR, String.valueOf(birthYear)));
    put(values, Records.BIRTH_YEAR_NEAR_KEYS, array(near));
    put(values, Records.BIRTH_YEAR_WIDE_KEYS, array(wide));
    put(values, Records.POSTCODE_KEY, postcodeKey);
    put(values, Records.LOCALITY_KEY, localityKey);
    put(values, Records.ADDRESS_BLOOM, blooms.address().encode(street));
    java.util.TreeSet<String> contacts = new java.util.TreeSet<>();
    for (String c : SparkRows.<String>list(staged, in, Staged.CONTACTS)) {
      contacts.add(tokeniser.token(KeyPurpose.CONTACT, c));
    }
    put(values, Records.CONTACT_KEYS, array(new ArrayList<>(contacts)));
    put(values, Records.IDENTIFIERS, array(identifiers));
    put(values, Records.EXPLOITATION_FORMS, array(list(staged, in, Staged.EXPLOITATION_FORMS)));
    put(values, Records.SECTOR, get(staged, in, Staged.SECTOR));
    put(values, Records.OFFENCE, get(staged, in, Staged.OFFENCE));
    put(values, Records.EVENTS, array(list(staged, in, Staged.EVENTS)));
    put(values, Staged.PROBLEMS, array(list(staged, in, Staged.PROBLEMS)));
    put(values, Staged.WARNINGS, array(list(staged, in, Staged.WARNINGS)));
    return RowFactory.create(values);
  }

  private List<Row> documents(Row staged) {
    return list(staged, in, Staged.DOCUMENTS);
  }

  /** The two Bloom encoders (names, streets). */
  private record BloomPair(BloomEncoder name, BloomEncoder address) implements java.io.Serializable {}

  private void put(Object[] values, String column, Object value) {
    values[outputSchema.fieldIndex(column)] = value;
  }
}
