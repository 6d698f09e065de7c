package dev.conndoctor.cli.render;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.conndoctor.Text;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The sanitizer is structural: the renderers for people never render a {@link Text} themselves,
 * only through {@link TerminalText}, so a line added later cannot forget it. The JSON renderers
 * render texts exactly, since JSON escapes what a terminal would obey.
 */
class HumanRenderersArchitectureTest {

    @Test
    void theHumanRenderersRenderTextsOnlyThroughTerminalText() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.conndoctor.cli.render");

        noClasses().that().resideInAPackage("dev.conndoctor.cli.render")
                .and().doNotHaveSimpleName("TerminalText")
                .and().haveSimpleNameNotEndingWith("JsonRenderer")
                .should().callMethod(Text.class, "render", Locale.class)
                .orShould().callMethod(Text.class, "render", String.class, Locale.class)
                .orShould().callMethod(Text.class, "toString")
                .because("text from outside reaches a terminal only through TerminalText")
                .check(classes);
    }
}
