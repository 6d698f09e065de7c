package dev.conndoctor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Design §4 and §7.11 as tests: the library never depends on the CLI, rules never do I/O, the library never prints. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the testkit is on the test classpath, but it is test code: only the product is held to these rules
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.conndoctor")
                .that(JavaClass.Predicates.resideOutsideOfPackage("dev.conndoctor.testkit.."));
    }

    @Test
    void theLibraryNeverDependsOnTheCliOrItsLibraries() {
        // Jackson is allowed in the library as a parser (nft's JSON); rendering stays in the CLI
        noClasses().that().resideOutsideOfPackage("dev.conndoctor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.conndoctor.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void onlyProbesTouchSocketsFilesAndProcesses() {
        // a Path is only a name; reading through it (Files, streams) is what only probes may do
        noClasses().that().resideOutsideOfPackages("dev.conndoctor.probe..", "dev.conndoctor.listen..", "dev.conndoctor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.NetworkInterface")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .check(classes);
    }

    @Test
    void rulesAndEvidenceReadNoClock() {
        noClasses().that().resideInAnyPackage("dev.conndoctor.rules..", "dev.conndoctor.evidence..",
                        "dev.conndoctor.host..")
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
}
