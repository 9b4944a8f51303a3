package dk.thbstats.generate;

import dk.thbstats.schema.Source;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the version of a record that a delivery on day {@code asOf} shows: the person as the
 * record's variation shows them, and the events up to {@code asOf}. Values are canonical; the
 * {@link ExportFormat} turns them into source codes. The record's random draws come from its own
 * seed in a fixed order, so identity fields are the same in every delivery.
 */
final class RecordBuilder {
  private RecordBuilder() {}

  /** An NGO or CMM case as of {@code asOf}. */
  static Map<String, Object> ngo(NgoCase c, Person p, int asOf, boolean clean, ExportFormat f) {
    Variation.Identity id = Variation.render(p, Source.NGO, new SplittableRandom(c.seed()), c.contact(), clean);
    Map<String, Object> m = new HashMap<>(48);
    m.put("record_id", c.recordId());
    m.put("source_org", c.org());
    identity(m, id, f);
    if (!id.documents().isEmpty()) {
      Person.Document d = id.documents().get(0);
      m.put("document_type", d.type());
      m.put("document_country", d.country());
      m.put("document_number", d.number());
    }
    if (c.disCaseNumber() != null && c.disCaseFrom() <= asOf) {
      m.put("dis_case_number", c.disCaseNumber());
    }
    m.put("email", id.email());
    if (c.formsShown()) {
      List<String> forms = f.coerceAll("exploitation_forms", p.forms());
      if (!forms.isEmpty()) {
        m.put("exploitation_forms", forms);
      }
      if (p.sector() != null && (forms.contains("LABOUR") || forms.contains("DOMESTIC_SERVITUDE"))) {
        m.put("sector", f.coerce("sector", p.sector()));
      }
    }
    m.put("contact_date", Days.asOf(c.contact(), asOf));
    m.put("interview_date", Days.asOf(c.interview(), asOf));
    LocalDate assessed = Days.asOf(c.assessmentDay(), asOf);
    if (c.assessment() != null && assessed != null) {
      m.put("assessment", c.assessment());
      m.put("assessment_date", assessed);
      m.put("assessment_authority", c.authority());
    }
    m.put("support_offered_date", Days.asOf(c.supportOffered(), asOf));
    m.put("support_accepted_date", Days.asOf(c.supportAccepted(), asOf));
    m.put("reflection_start_date", Days.asOf(c.reflection(), asOf));
    m.put("prepared_return_date", Days.asOf(c.preparedReturn(), asOf));
    return m;
  }

  /** A police row as of {@code asOf}. */
  static Map<String, Object> police(PoliceRow row, Person p, int asOf, boolean clean, ExportFormat f) {
    Variation.Identity id = Variation.render(p, Source.POLICE, new SplittableRandom(row.seed()), row.report(), clean);
    Map<String, Object> m = new HashMap<>(32);
    m.put("record_id", row.recordId());
    m.put("source_org", row.kreds());
    m.put("role", row.suspect() ? "SUSPECT" : "VICTIM");
    identity(m, id, f);
    if (!id.documents().isEmpty()) {
      Person.Document d = id.documents().get(0);
      m.put("document_number", d.number());
      m.put("document_country", d.country());
    }
    m.put("address", id.address());
    m.put("offence", row.offence());
    List<String> forms = f.coerceAll("exploitation_forms", row.forms());
    if (!forms.isEmpty()) {
      m.put("exploitation_forms", forms);
    }
    m.put("report_date", Days.asOf(row.report(), asOf));
    m.put("charge_date", Days.asOf(row.charge(), asOf));
    m.put("indictment_date", Days.asOf(row.indictment(), asOf));
    LocalDate verdict = Days.asOf(row.verdictDay(), asOf);
    if (row.verdict() != null && verdict != null) {
      m.put("verdict", row.verdict());
      m.put("verdict_date", verdict);
    }
    return m;
  }

  /** A DIS case as of {@code asOf}. */
  static Map<String, Object> dis(DisCase c, Person p, int asOf, boolean clean, ExportFormat f) {
    Variation.Identity id = Variation.render(p, Source.DIS, new SplittableRandom(c.seed()), c.created(), clean);
    Map<String, Object> m = new HashMap<>(32);
    m.put("record_id", c.recordId());
    m.put("dis_case_number", c.recordId());
    identity(m, id, f);
    if (id.alias() != null) {
      m.put("aliases", List.of(id.alias()));
    }
    m.put("documents", id.documents());
    if (c.formsShown()) {
      m.put("exploitation_forms", f.coerceAll("exploitation_forms", p.forms()));
    }
    m.put("screening_date", Days.asOf(c.screening(), asOf));
    LocalDate decided = Days.asOf(c.decision(), asOf);
    if (c.outcome() != null && decided != null) {
      m.put("decision", c.outcome());
      m.put("decision_date", decided);
    }
    m.put("reflection_start_date", Days.asOf(c.reflection(), asOf));
    m.put("residence_permit_date", Days.asOf(c.permit(), asOf));
    m.put("prepared_return_date", Days.asOf(c.preparedReturn(), asOf));
    return m;
  }

  /** Name, birth, sex, citizenship and the person identifiers every source may carry. */
  private static void identity(Map<String, Object> m, Variation.Identity id, ExportFormat f) {
    m.put("given_name", id.given());
    m.put("family_name", id.family());
    m.put("full_name", id.fullName());
    m.put("birth_date", id.birthDate());
    if (f.has("estimated_age")) {
      m.put("estimated_age", id.estimatedAge());
    }
    m.put("sex", id.sex() == null ? null : f.coerce("sex", id.sex()));
    m.put("citizenship", id.citizenship());
    m.put("cpr", id.cpr());
    m.put("phone", id.phone());
    if (f.has("alias")) {
      m.put("alias", id.alias());
    }
  }
}
