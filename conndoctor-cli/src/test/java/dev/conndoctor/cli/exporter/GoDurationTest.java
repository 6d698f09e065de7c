package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void readsTheDurationsBlackboxExporterConfigsWrite() {
        assertThat(GoDuration.parse("5s")).contains(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(GoDuration.parse("1h")).contains(Duration.ofHours(1));
        assertThat(GoDuration.parse("10us")).contains(Duration.ofNanos(10_000));
        assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
        assertThat(GoDuration.parse(".5s")).contains(Duration.ofMillis(500));
    }

    @Test
    void refusesWhatGoRefuses() {
        assertThat(GoDuration.parse("5")).isEmpty();
        assertThat(GoDuration.parse("-5s")).isEmpty();
        assertThat(GoDuration.parse("5 s")).isEmpty();
        assertThat(GoDuration.parse("5sec")).isEmpty();
        assertThat(GoDuration.parse("")).isEmpty();
        assertThat(GoDuration.parse("99999999999h")).isEmpty();
    }

    @Test
    void printsDurationsAsGoDoes() {
        assertThat(GoDuration.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
