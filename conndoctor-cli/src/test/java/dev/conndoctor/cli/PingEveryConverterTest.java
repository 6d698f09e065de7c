package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PingEveryConverterTest {

    private final PingEveryConverter converter = new PingEveryConverter();

    @Test
    void zeroInAnyUnitIsASilentHold() {
        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("0s")).isZero();
        assertThat(converter.convert("0ms")).isZero();
    }

    @Test
    void durationsAreReadAsEverywhereElse() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void pingsMoreOftenThanAQuarterSecondOrBadFormsAreRefused() {
        assertThatThrownBy(() -> converter.convert("100ms")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("250ms");
        assertThatThrownBy(() -> converter.convert("often")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
