package dev.conndoctor.cli;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Design §4 and §7.11 as tests: the packages are the pipeline with no cycle between them, each
 * layer reaches only the layers below it, only the I/O packages touch sockets, files and
 * processes, rules hold no state, and the library never prints nor exits.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.conndoctor";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the testkit is on the test classpath, but it is test code: only the product is held to these rules
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT)
                .that(JavaClass.Predicates.resideOutsideOfPackage("dev.conndoctor.testkit.."));
    }

    @Test
    void theSubpackagesFormNoCycle() {
        // the root package is the public API and the composition root: it may see every package, and
        // every package may use its vocabulary (Target, CauseId, Text), so it stays out of the slices
        DescribedPredicate<JavaClass> root = resideInAPackage(ROOT).as("the root package");
        slices().matching("dev.conndoctor.(**)")
                .should().beFreeOfCycles()
                .ignoreDependency(root, alwaysTrue())
                .ignoreDependency(alwaysTrue(), root)
                .check(classes);
    }

    @Test
    void eachLayerReachesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Api").definedBy(ROOT)
                .layer("Net").definedBy("dev.conndoctor.net..")
                .layer("Protocol").definedBy("dev.conndoctor.protocol..")
                .layer("Firewall").definedBy("dev.conndoctor.firewall..")
                .layer("Config").definedBy("dev.conndoctor.config..")
                .layer("Evidence").definedBy("dev.conndoctor.evidence..")
                .layer("Host").definedBy("dev.conndoctor.host..")
                .layer("Describe").definedBy("dev.conndoctor.describe..")
                .layer("Rules").definedBy("dev.conndoctor.rules..")
                .layer("Probe").definedBy("dev.conndoctor.probe..")
                .layer("Explain").definedBy("dev.conndoctor.explain..")
                .layer("Listen").definedBy("dev.conndoctor.listen..")
                .layer("Cli").definedBy("dev.conndoctor.cli..")
                .whereLayer("Net").mayOnlyAccessLayers("Api")
                .whereLayer("Protocol").mayOnlyAccessLayers("Api", "Net")
                .whereLayer("Firewall").mayOnlyAccessLayers("Api", "Net")
                .whereLayer("Config").mayOnlyAccessLayers("Api", "Net", "Protocol")
                .whereLayer("Evidence").mayOnlyAccessLayers("Api", "Net", "Protocol", "Firewall", "Config")
                .whereLayer("Host").mayOnlyAccessLayers("Api", "Net", "Evidence")
                .whereLayer("Describe").mayOnlyAccessLayers("Api", "Net", "Protocol", "Firewall", "Config", "Evidence")
                .whereLayer("Rules").mayOnlyAccessLayers("Api", "Net", "Protocol", "Firewall", "Config", "Evidence",
                        "Describe")
                .whereLayer("Probe").mayOnlyAccessLayers("Api", "Net", "Protocol", "Firewall", "Config", "Evidence",
                        "Host")
                .whereLayer("Explain").mayOnlyAccessLayers("Api", "Net")
                .whereLayer("Listen").mayOnlyAccessLayers("Api", "Net", "Protocol")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    @Test
    void clientAndServerRulesKnowNothingOfEachOther() {
        noClasses().that().resideInAPackage("dev.conndoctor.rules.client..")
                .should().dependOnClassesThat().resideInAPackage("dev.conndoctor.rules.server..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.conndoctor.rules.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.conndoctor.rules.client..")
                .check(classes);
    }

    @Test
    void theLibraryNeverDependsOnTheCliOrItsLibraries() {
        // Jackson is allowed in the library as a parser (nft's JSON); rendering stays in the CLI
        noClasses().that().resideOutsideOfPackage("dev.conndoctor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.conndoctor.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void onlyProbesTheListenerAndTheCliTouchSocketsFilesAndProcesses() {
        // a Path is only a name; reading through it (Files, streams) is what only the I/O packages may do
        noClasses().that().resideOutsideOfPackages("dev.conndoctor.probe..", "dev.conndoctor.listen..",
                        "dev.conndoctor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.NetworkInterface")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .check(classes);
    }

    @Test
    void rulesHoldNoState() {
        // a rule is a function of the evidence: what it is built with never changes afterwards
        fields().that().areDeclaredInClassesThat().resideInAPackage("dev.conndoctor.rules..")
                .and().areDeclaredInClassesThat(DescribedPredicate.not(
                        DescribedPredicate.describe("records", JavaClass::isRecord)))
                .and().areDeclaredInClassesThat().areNotEnums()
                .should().beFinal()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void rulesAndEvidenceReadNoClock() {
        noClasses().that().resideInAnyPackage("dev.conndoctor.rules..", "dev.conndoctor.evidence..",
                        "dev.conndoctor.host..", "dev.conndoctor.describe..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(classes);
    }

    @Test
    void theLibraryNeverPrints() {
        noClasses().that().resideOutsideOfPackage("dev.conndoctor.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    @Test
    void onlyTheLauncherReadsTheProcesssStandardInputAndEnvironment() {
        // commands get both from their context, so that tests fix them (design §7.2); Terminal.detect is Main's
        noClasses().that().resideInAPackage("dev.conndoctor.cli..")
                .and().doNotHaveFullyQualifiedName(Main.class.getName())
                .and().doNotHaveFullyQualifiedName(Terminal.class.getName())
                .should().accessField(System.class, "in")
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    @Test
    void nothingPrintsAStackTrace() {
        noClasses().should().callMethod(Throwable.class, "printStackTrace").check(classes);
    }

    @Test
    void onlyMainEndsTheProcess() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.conndoctor.cli.Main")
                .should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .check(classes);
    }
}
