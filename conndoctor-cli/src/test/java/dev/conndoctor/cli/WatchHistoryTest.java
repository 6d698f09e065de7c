package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The watch's memory and its reading of the pattern, from hand-made rounds a second apart. */
class WatchHistoryTest {

    private static WatchHistory.Round ok(int n) {
        return new WatchHistory.Round(n, (n - 1) * 1000L, "ok", true, "ok", Optional.empty(), 3);
    }

    private static WatchHistory.Round failed(int n, String symptom, String cause) {
        return new WatchHistory.Round(n, (n - 1) * 1000L, symptom + " " + cause, false, symptom, Optional.of(cause), 3);
    }

    @Test
    void aServerThatRestartsIsIntermittentRefusalsWithHowLongEachStateLasted() {
        WatchHistory history = new WatchHistory();
        history.add(ok(1));
        history.add(ok(2));
        assertThat(history.add(failed(3, "refused", "server-not-listening"))).contains("ok");
        assertThat(history.add(failed(4, "refused", "server-not-listening"))).isEmpty();
        assertThat(history.add(ok(5))).contains("refused server-not-listening");
        history.add(ok(6));

        WatchHistory.Summary summary = history.summary(6_000);

        assertThat(summary.pattern()).isEqualTo(WatchHistory.Pattern.INTERMITTENT_REFUSALS);
        assertThat(summary.rounds()).isEqualTo(6);
        assertThat(summary.flips()).isEqualTo(2);
        assertThat(summary.failedRounds()).isEqualTo(2);
        assertThat(summary.durationMs()).isEqualTo(6_000);
        assertThat(summary.states()).extracting(WatchHistory.StateTotals::state)
                .containsExactly("ok", "refused server-not-listening");
        assertThat(summary.states().get(0).durationMs()).isEqualTo(4_000);
        assertThat(summary.states().get(0).longestRun()).isEqualTo(2);
        assertThat(summary.states().get(1).durationMs()).isEqualTo(2_000);
        assertThat(summary.causesSeen()).containsEntry("server-not-listening", 2);
    }

    @Test
    void timeoutsBetweenWorkingRoundsAreIntermittentTimeouts() {
        WatchHistory history = new WatchHistory();
        history.add(ok(1));
        history.add(failed(2, "timeout", "firewall-drop"));
        history.add(ok(3));

        assertThat(history.summary(3_000).pattern()).isEqualTo(WatchHistory.Pattern.INTERMITTENT_TIMEOUTS);
    }

    @Test
    void failuresOfSeveralKindsOrNoWorkingRoundAreNamedAsSuch() {
        WatchHistory mixed = new WatchHistory();
        mixed.add(ok(1));
        mixed.add(failed(2, "timeout", "firewall-drop"));
        mixed.add(failed(3, "refused", "server-not-listening"));
        WatchHistory down = new WatchHistory();
        down.add(failed(1, "timeout", "firewall-drop"));
        down.add(failed(2, "refused", "server-not-listening"));
        WatchHistory steady = new WatchHistory();
        steady.add(failed(1, "refused", "server-not-listening"));
        steady.add(failed(2, "refused", "server-not-listening"));

        assertThat(mixed.summary(3_000).pattern()).isEqualTo(WatchHistory.Pattern.INTERMITTENT_FAILURES);
        assertThat(down.summary(2_000).pattern()).isEqualTo(WatchHistory.Pattern.DOWN_THROUGHOUT);
        assertThat(steady.summary(2_000).pattern()).isEqualTo(WatchHistory.Pattern.STEADY);
    }

    @Test
    void memoryStaysBoundedHoweverManyRoundsRun() {
        WatchHistory history = new WatchHistory();
        for (int n = 1; n <= 50_000; n++) {
            history.add(n % 7 == 0 ? failed(n, "refused", "server-not-listening") : ok(n));
        }

        WatchHistory.Summary summary = history.summary(50_000_000L);

        assertThat(summary.window()).hasSize(WatchHistory.WINDOW);
        assertThat(summary.window().get(WatchHistory.WINDOW - 1).number()).isEqualTo(50_000);
        assertThat(summary.states()).hasSize(2);
        assertThat(summary.rounds()).isEqualTo(50_000);
    }

    @Test
    void anEmptyWatchHasNothingToSay() {
        WatchHistory.Summary summary = new WatchHistory().summary(10);

        assertThat(summary.rounds()).isZero();
        assertThat(summary.last()).isEmpty();
        assertThat(summary.pattern()).isEqualTo(WatchHistory.Pattern.STEADY);
    }
}
