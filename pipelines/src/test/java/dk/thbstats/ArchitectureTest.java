package dk.thbstats;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package boundaries of ../shared/style.md, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dk.thbstats");

  @Test
  void onlyValidate_importsDeequ() {
    noClasses().that().resideOutsideOfPackage("dk.thbstats.validate..")
        .should().dependOnClassesThat().resideInAPackage("com.amazon.deequ..")
        .check(CLASSES);
  }

  @Test
  void scalaTypes_onlyInValidate_andTheEvaluatorsGuard() {
    // Java code stays Java: Deequ's Scala API is wrapped in validate (validate.Scala). The one
    // exception is the evaluators' query guard, which walks Spark's Catalyst plans — an API with no
    // Java view (children, expressions and name parts are Scala sequences).
    noClasses().that().resideOutsideOfPackage("dk.thbstats.validate..")
        .and().doNotHaveFullyQualifiedName("dk.thbstats.access.QueryGuard")
        .should().dependOnClassesThat().resideInAPackage("scala..")
        .check(CLASSES);
  }

  @Test
  void onlyCli_dependsOnCli() {
    noClasses().that().resideOutsideOfPackage("dk.thbstats.cli..")
        .should().dependOnClassesThat().resideInAPackage("dk.thbstats.cli..")
        .check(CLASSES);
  }

  @Test
  void cli_writesNoTable_theNightAndThePublisherDo() {
    // cli/ parses arguments and calls: every table write, SQL statement and tag lives with the
    // night (dk.thbstats.night) or the stage that owns the table. A command that reads a warehouse
    // takes an existing one (Warehouse.existing), never opens (and so creates) one.
    noClasses().that().resideInAPackage("dk.thbstats.cli..")
        .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a Warehouse write",
            (com.tngtech.archunit.core.domain.JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(
                dk.thbstats.publish.Warehouse.class) && java.util.Set.of("overwrite", "append", "sql", "writeBranch",
                "publishBranch", "tag", "iceberg", "open").contains(call.getName())))
        .check(CLASSES);
  }

  @Test
  void theMarginCode_isDeclaredOnce() throws java.io.IOException {
    // Published columns and codes come from schema.Published; "TOTAL" was declared three times.
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of(
        "src/main/java"))) {
      java.util.List<String> declaring = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.endsWith("Published.java"))
          .filter(p -> {
            try {
              return java.nio.file.Files.readString(p).contains("\"TOTAL\"");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(p -> p.getFileName().toString()).sorted().toList();
      org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), declaring);
    }
  }

  @Test
  void core_schemaAndConfig_dependOnNoStage() {
    noClasses().that().resideInAnyPackage("dk.thbstats.core..", "dk.thbstats.schema..", "dk.thbstats.config..")
        .should().dependOnClassesThat().resideInAnyPackage("dk.thbstats.ingest..", "dk.thbstats.validate..",
            "dk.thbstats.pseudonymise..", "dk.thbstats.link..", "dk.thbstats.aggregate..", "dk.thbstats.disclose..",
            "dk.thbstats.publish..", "dk.thbstats.generate..")
        .check(CLASSES);
  }

  @Test
  void stagesAfterPseudonymisation_neverSeeIngestOrCleartextReaders() {
    noClasses().that().resideInAnyPackage("dk.thbstats.link..", "dk.thbstats.aggregate..",
            "dk.thbstats.disclose..", "dk.thbstats.publish..")
        .should().dependOnClassesThat().resideInAnyPackage("dk.thbstats.ingest..", "dk.thbstats.generate..")
        .check(CLASSES);
  }

  @Test
  void disclosureControl_dependsOnNoEarlierStage() {
    noClasses().that().resideInAPackage("dk.thbstats.disclose..")
        .should().dependOnClassesThat().resideInAnyPackage("dk.thbstats.ingest..", "dk.thbstats.pseudonymise..",
            "dk.thbstats.link..", "dk.thbstats.publish..")
        .check(CLASSES);
  }

  @Test
  void evaluatorsDoor_seesNoKeyAndNoEarlierStage() {
    noClasses().that().resideInAPackage("dk.thbstats.access..")
        .should().dependOnClassesThat().resideInAnyPackage("dk.thbstats.ingest..", "dk.thbstats.validate..",
            "dk.thbstats.pseudonymise..", "dk.thbstats.link..", "dk.thbstats.aggregate..", "dk.thbstats.disclose..",
            "dk.thbstats.generate..")
        .check(CLASSES);
  }

  @Test
  void keyring_heldOnlyByPseudonymise_theNightTheCommandsAndTheScaleBench() {
    // The stages after pseudonymisation get what the key makes (tokens, sealed dates, Ages), never
    // the key: linkage computed ages from a Keyring until the night handed it an Ages.
    // The scale bench runs whole nights on what it generates (under the demo key), so it hands
    // the night a key as the commands do.
    noClasses().that().resideOutsideOfPackages("dk.thbstats.pseudonymise..", "dk.thbstats.night..",
            "dk.thbstats.cli..", "dk.thbstats.bench..")
        .should().dependOnClassesThat().areAssignableTo(dk.thbstats.pseudonymise.Keyring.class)
        .check(CLASSES);
  }

  @Test
  void keyBytes_stayInsidePseudonymise() {
    noClasses().that().resideOutsideOfPackage("dk.thbstats.pseudonymise..")
        .should().accessClassesThat().haveSimpleNameContaining("Tokeniser")
        .orShould().accessClassesThat().haveSimpleNameContaining("BirthDateSeal")
        .orShould().accessClassesThat().haveSimpleNameContaining("Hkdf")
        .check(CLASSES);
  }
}
