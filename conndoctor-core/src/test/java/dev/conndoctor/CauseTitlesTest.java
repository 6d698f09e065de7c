package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;

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
}
