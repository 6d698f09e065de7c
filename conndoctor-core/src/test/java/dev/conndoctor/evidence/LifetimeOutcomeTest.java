package dev.conndoctor.evidence;

import static dev.conndoctor.fixtures.Lifetimes.pingingHold;
import static dev.conndoctor.fixtures.Lifetimes.silentHold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.Lifetime.How;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The outcome of a hold, read from hand-built timelines. */
class LifetimeOutcomeTest {

    @Test
    void aHoldThatRanItsCourseHeldAndIsNoFailure() {
        LifetimeOutcome outcome = LifetimeOutcome.of(pingingHold(10, 2500).build());

        assertThat(outcome).isEqualTo(LifetimeOutcome.HELD);
        assertThat(outcome.failure()).isEmpty();
        assertThat(LifetimeOutcome.of(silentHold(60).build())).isEqualTo(LifetimeOutcome.HELD);
    }

    @Test
    void aFinAfterSixtySilentSecondsIsAnIdleTimeout() {
        LifetimeOutcome outcome = LifetimeOutcome.of(silentHold(120).closedByServer(How.FIN, 60_004, 60_004).build());

        assertThat(outcome).isEqualTo(LifetimeOutcome.IDLE_TIMEOUT);
        assertThat(outcome.failure()).contains(Symptom.CLOSED);
    }

    @Test
    void aResetOrAGoingAwayAfterASilenceIsAnIdleTimeoutToo() {
        assertThat(LifetimeOutcome.of(silentHold(600).closedByServer(How.RESET, 350_100, 350_100).build()))
                .isEqualTo(LifetimeOutcome.IDLE_TIMEOUT);
        assertThat(LifetimeOutcome.of(silentHold(30).closeFrame(1001, "idle", 10_000, 10_000).build()))
                .isEqualTo(LifetimeOutcome.IDLE_TIMEOUT);
    }

    @Test
    void aFinBetweenPingsIsTheServerClosingNotATimer() {
        assertThat(LifetimeOutcome.of(pingingHold(30, 1000).closedByServer(How.FIN, 12_300, 300).build()))
                .isEqualTo(LifetimeOutcome.CLOSED_BY_SERVER);
    }

    @Test
    void aCodeThatSaysWhyIsTheServerClosingEvenAfterASilence() {
        assertThat(LifetimeOutcome.of(silentHold(30).closeFrame(1008, "policy", 5_000, 5_000).build()))
                .isEqualTo(LifetimeOutcome.CLOSED_BY_SERVER);
        assertThat(LifetimeOutcome.of(pingingHold(30, 1000).closeFrame(4001, "kicked", 3_000, 10).build()))
                .isEqualTo(LifetimeOutcome.CLOSED_BY_SERVER);
    }

    @Test
    void aResetWithoutAnIdlePeriodIsAResetMidSession() {
        LifetimeOutcome outcome = LifetimeOutcome.of(pingingHold(30, 1000).closedByServer(How.RESET, 7_450, 450)
                .build());

        assertThat(outcome).isEqualTo(LifetimeOutcome.RESET_MID_SESSION);
        assertThat(outcome.id()).isEqualTo("reset-mid-session");
        assertThat(outcome.failure()).contains(Symptom.CLOSED);
    }

    @Test
    void aMissingPongIsAPingUnansweredWhoseSymptomIsNoReply() {
        LifetimeOutcome outcome = LifetimeOutcome.of(pingingHold(30, 1000).pongMissing(4_000, 1, 3, 0).build());

        assertThat(outcome).isEqualTo(LifetimeOutcome.PING_UNANSWERED);
        assertThat(outcome.failure()).contains(Symptom.NO_REPLY);
    }

    @Test
    void aSessionThatSentMoreFramesThanAHoldReadsHeld() {
        Lifetime flooded = new Lifetime(Duration.ofSeconds(5), Duration.ofSeconds(1), 800, Lifetime.ClosedBy.CLIENT,
                How.NONE, Lifetime.Ended.FRAME_LIMIT, OptionalLong.empty(), OptionalInt.empty(), "", 0, 0, 0, 100_000,
                1_000_000, List.of(), 0);

        assertThat(LifetimeOutcome.of(flooded)).isEqualTo(LifetimeOutcome.HELD);
    }

    @Test
    void aCloseTimeBelongsToTheServerClosingOnly() {
        assertThatThrownBy(() -> new Lifetime(Duration.ofSeconds(5), Duration.ZERO, 5000, Lifetime.ClosedBy.NONE,
                How.NONE, Lifetime.Ended.HOLD_ELAPSED, OptionalLong.of(5000), OptionalInt.empty(), "", 0, 0, 5000, 0, 0,
                List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
