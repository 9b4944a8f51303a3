package dk.thbstats.ingest;

import static dk.thbstats.core.SparkRows.array;

import dk.thbstats.schema.SourceContract;
import dk.thbstats.schema.SourceContract.EventSpec;
import dk.thbstats.schema.Staged;
import dk.thbstats.schema.Typed;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Maps a validated typed row of one source to the canonical staged row
 * ({@code schemas/canonical/staged.v1.json}): events from the contract's event rules, birth-date
 * precision, documents, aliases, defaults, and the record id scoped by organisation where the
 * contract says so. Problems and warnings are carried over; an event whose type is given but whose
 * date is empty adds the problem {@code event_date_missing}.
 */
final class Canonicaliser implements MapFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final SourceContract contract;
  private final StructType staged;
  private final StructType typedSchema;
  private final java.util.Set<String> typedFields;

  Canonicaliser(SourceContract contract, StructType stagedSchema) {
    this.contract = contract;
    this.staged = stagedSchema;
    this.typedSchema = Typed.schema(contract);
    this.typedFields = java.util.Set.of(typedSchema.fieldNames());
  }

  /** The value of a typed field, by the typed schema (rows inside map functions carry none). */
  private Object field(Row row, String field) {
    if (!typedFields.contains(field)) {
      return null;
    }
    int idx = typedSchema.fieldIndex(field);
    return row.isNullAt(idx) ? null : row.get(idx);
  }

  private <T> List<T> list(Row row, String field) {
    Object v = field(row, field);
    if (v == null) {
      return new ArrayList<>();
    }
    return dk.thbstats.core.SparkRows.list(row, typedSchema.fieldIndex(field));
  }

  @Override
  public Row call(Row typed) {
    List<Row> problems = list(typed, Typed.PROBLEMS);
    String sourceOrg = (String) field(typed, "source_org");
    if (sourceOrg == null) {
      sourceOrg = contract.defaultFor("source_org");
    }
    String role = (String) field(typed, "role");
    if (role == null) {
      role = contract.defaultRole();
    }
    String offence = (String) field(typed, "offence");

    List<Row> events = new ArrayList<>();
    if (contract.events() != null) {
      for (EventSpec e : contract.events()) {
        if (e.whenRole() != null && !e.whenRole().equals(role)) {
          continue;
        }
        String type = e.type() != null ? e.type() : (String) field(typed, e.typeFrom());
        if (type == null) {
          continue;
        }
        LocalDate date = (LocalDate) field(typed, e.date());
        if (date == null) {
          if (e.typeFrom() != null && !hasProblem(problems, contract.columnName(e.date()))) {
            problems.add(RowFactory.create("event_date_missing", contract.columnName(e.date()),
                "'" + contract.columnName(e.typeFrom()) + "' is given but its date is empty"));
          }
          continue;
        }
        String authority = e.authority() != null ? e.authority()
            : e.authorityFrom() != null ? (String) field(typed, e.authorityFrom()) : null;
        events.add(RowFactory.create(type, date, authority, e.withOffence() ? offence : null));
      }
    }

    String cpr = field(typed, "cpr") == null ? null : Cpr.normalise((String) field(typed, "cpr"));
    LocalDate birthDate = (LocalDate) field(typed, "birth_date");
    if (birthDate == null && cpr != null) {
      birthDate = Cpr.birthDate(cpr);
    }
    String precision = null;
    Integer birthYear = null;
    if (birthDate != null) {
      precision = birthDate.getDayOfMonth() == 1 && birthDate.getMonthValue() == 1 ? "placeholder_jan1" : "exact";
      birthYear = birthDate.getYear();
    } else if (field(typed, "estimated_age") != null) {
      LocalDate ref = (LocalDate) field(typed, Typed.DELIVERY_DATE);
      for (Row ev : events) {
        LocalDate d = (LocalDate) ev.get(1);
        if (d.isBefore(ref)) {
          ref = d;
        }
      }
      birthYear = ref.getYear() - (Integer) field(typed, "estimated_age");
      precision = "estimated";
    }

    List<Row> documents = new ArrayList<>();
    for (Row d : this.<Row>list(typed, "documents")) {
      if (!d.isNullAt(2)) {
        documents.add(d);
      }
    }
    if (field(typed, "document_number") != null) {
      Object type = field(typed, "document_type");
      documents.add(RowFactory.create(type != null ? type : contract.defaultFor("document_type"),
          field(typed, "document_country"), field(typed, "document_number")));
    }

    List<String> aliases = new ArrayList<>();
    if (field(typed, "alias") != null) {
      aliases.add((String) field(typed, "alias"));
    }
    aliases.addAll(this.<String>list(typed, "aliases"));
    TreeSet<String> forms = new TreeSet<>(this.<String>list(typed, "exploitation_forms"));

    Object recordId = field(typed, "record_id");
    if (recordId != null && contract.recordIdPerOrganisation()) {
      recordId = sourceOrg == null ? null : sourceOrg + "/" + recordId;
    }

    Object[] out = new Object[staged.size()];
    set(out, Staged.SOURCE, field(typed, Typed.SOURCE));
    set(out, Staged.SOURCE_ORG, sourceOrg);
    set(out, Staged.ROLE, role);
    set(out, Staged.DELIVERY_DATE, field(typed, Typed.DELIVERY_DATE));
    set(out, Staged.SOURCE_FILE, field(typed, Typed.FILE));
    set(out, Staged.SOURCE_LINE, field(typed, Typed.LINE));
    set(out, Staged.RECORD_ID, recordId);
    set(out, Staged.GIVEN_NAME, field(typed, "given_name"));
    set(out, Staged.FAMILY_NAME, field(typed, "family_name"));
    set(out, Staged.FULL_NAME, field(typed, "full_name"));
    set(out, Staged.ALIASES, array(aliases));
    set(out, Staged.CONTACTS, array(Contacts.normalised(field(typed, "phone"), field(typed, "email"))));
    set(out, Staged.BIRTH_DATE, birthDate);
    set(out, Staged.BIRTH_DATE_PRECISION, precision);
    set(out, Staged.BIRTH_YEAR, birthYear);
    Object sex = field(typed, "sex");
    set(out, Staged.SEX, sex == null ? "U" : sex);
    set(out, Staged.CITIZENSHIP, field(typed, "citizenship"));
    set(out, Staged.CPR, cpr);
    set(out, Staged.DIS_CASE_NUMBER, field(typed, "dis_case_number"));
    set(out, Staged.DOCUMENTS, array(documents));
    set(out, Staged.EXPLOITATION_FORMS, array(new ArrayList<>(forms)));
    set(out, Staged.SECTOR, field(typed, "sector"));
    set(out, Staged.OFFENCE, offence);
    set(out, Staged.EVENTS, array(events));
    set(out, Staged.PROBLEMS, array(problems));
    set(out, Staged.WARNINGS, array(this.<String>list(typed, Typed.WARNINGS)));
    return RowFactory.create(out);
  }

  private static boolean hasProblem(List<Row> problems, String column) {
    return problems.stream().anyMatch(p -> column.equals(p.getString(1)));
  }

  private void set(Object[] out, String column, Object value) {
    out[staged.fieldIndex(column)] = value;
  }
}
