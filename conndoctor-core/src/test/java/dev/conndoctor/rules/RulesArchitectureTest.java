package dev.conndoctor.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Design §4 for the rules: one engine that knows no rule, two sides that know only the engine, rules without state. */
class RulesArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.conndoctor");
    }

    @Test
    void theEngineNeverKnowsTheRulesItRuns() {
        noClasses().that().resideInAPackage("dev.conndoctor.rules")
                .should().dependOnClassesThat().resideInAnyPackage("dev.conndoctor.rules.client..",
                        "dev.conndoctor.rules.server..")
                .check(classes);
    }

    @Test
    void theClientAndServerRulesNeverKnowEachOther() {
        slices().matching("dev.conndoctor.rules.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void thePackagesHaveNoCycle() {
        slices().matching("dev.conndoctor.(*)..")
                .should().beFreeOfCycles().check(classes);
    }

    @Test
    void rulesHoldNoState() {
        fields().that().areDeclaredInClassesThat().areAssignableTo(Rule.class)
                .should().beStatic().andShould().beFinal()
                .allowEmptyShould(true)
                .check(classes);
    }
}
