package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every cause of the catalogue has a one-line title for lists, such as explain's. */
class CauseTitlesTest {

    @Test
    void everyCauseOfTheCatalogueHasATitle() {
        for (CauseId id : CauseId.values()) {
            Text title = Text.of("title." + id.id());
            assertThat(title.render(Locale.ROOT)).as(id.id()).doesNotStartWith("title.").isNotBlank();
        }
    }

    @Test
    void theCausesExplainCanFixWithoutADiagnosisHaveARemedyThatRendersInBothLanguages() {
        for (CauseId id : List.of(CauseId.ADDRESS_FAMILY_MISMATCH, CauseId.MIXED_CONTENT, CauseId.CLEARTEXT_NOT_PERMITTED,
                CauseId.CSP_CONNECT_SRC, CauseId.WEBSOCKET_REJECTED)) {
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("es"))) {
                String remedy = Text.of("remedy." + id.id()).render(locale);
                assertThat(remedy).as(id.id() + " " + locale).doesNotStartWith("remedy.").contains("`")
                        .doesNotContain("{").doesNotContain("''");
            }
        }
    }
}
