package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deadline on a hand-turned clock: what is left, the sub-deadlines, and the socket timeouts it gives. */
class DeadlineTest {

    private final HandTurnedTicker ticker = new HandTurnedTicker();

    @Test
    void whatIsLeftShrinksAsTimePassesAndNeverGoesBelowZero() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(2), ticker);

        ticker.advance(Duration.ofMillis(500));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(1500));
        assertThat(deadline.passed()).isFalse();

        ticker.advance(Duration.ofSeconds(5));
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
        assertThat(deadline.passed()).isTrue();
    }

    @Test
    void aSocketTimeoutIsNeverZeroBecauseZeroMeansForever() {
        Deadline deadline = Deadline.after(Duration.ofMillis(10), ticker);

        ticker.advance(Duration.ofSeconds(1));

        assertThat(deadline.timeoutMillis()).isEqualTo(1);
    }

    @Test
    void aSocketTimeoutRoundsUpSoASubMillisecondRestIsNotLost() {
        Deadline deadline = Deadline.after(Duration.ofNanos(1_500_000), ticker);

        assertThat(deadline.timeoutMillis()).isEqualTo(2);
    }

    @Test
    void aShortStepEndsAtItsOwnBoundWithinTheExchange() {
        Deadline exchange = Deadline.after(Duration.ofSeconds(2), ticker);

        Deadline banner = exchange.atMost(Duration.ofMillis(250));

        assertThat(banner.remaining()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aStepNeverOutlivesTheExchangeItBelongsTo() {
        Deadline exchange = Deadline.after(Duration.ofSeconds(2), ticker);
        ticker.advance(Duration.ofMillis(1900));

        Deadline banner = exchange.atMost(Duration.ofMillis(250));

        assertThat(banner.remaining()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void anEnormousTimeoutDoesNotOverflowIntoThePast() {
        Deadline deadline = Deadline.after(Duration.ofDays(365L * 1_000_000), ticker);

        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.timeoutMillis()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aNegativeTimeoutIsABug() {
        assertThatThrownBy(() -> Deadline.after(Duration.ofMillis(-1), ticker))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
