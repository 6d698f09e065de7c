package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cases of blackbox_exporter's getTimeout (prober/handler.go): header, offset, module timeout. */
class ScrapeDeadlineTest {

    private static final Duration OFFSET = Duration.ofMillis(500);

    private static Duration deadline(String header, Duration moduleTimeout) {
        return ScrapeDeadline.compute(Optional.ofNullable(header), OFFSET, Optional.ofNullable(moduleTimeout));
    }

    @Test
    void theScrapeTimeoutMinusTheOffsetWhenTheModuleSetsNone() {
        assertThat(deadline("10", null)).isEqualTo(Duration.ofMillis(9500));
        assertThat(deadline("1", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(deadline("2.5", null)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theModuleTimeoutWhenItIsShorter() {
        assertThat(deadline("10", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(deadline("3", Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void withoutTheHeaderTwoMinutesLessTheOffset() {
        assertThat(deadline(null, null)).isEqualTo(Duration.ofMillis(119_500));
        assertThat(deadline("0", null)).isEqualTo(Duration.ofMillis(119_500));
        assertThat(deadline(null, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anOffsetLargerThanTheScrapeTimeoutLeavesTheModuleTimeoutOrNothing() {
        assertThat(deadline("0.25", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(deadline("0.25", null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aHeaderThatIsNoNumberIsAnError() {
        assertThatThrownBy(() -> deadline("ten", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ten'");
    }
}
