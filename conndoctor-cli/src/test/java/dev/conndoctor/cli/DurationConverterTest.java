package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void secondsMillisecondsFractionsAndMinutesAreRead() {
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void unitlessZeroNegativeAndHugeDurationsAreRefused() {
        for (String bad : new String[] {"2", "0s", "0.0001s", "-1s", "11m", "1h", "s", "1.5.5s", ""}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }
}
