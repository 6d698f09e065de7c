package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --hold} against the testkit's servers on loopback: a healthy WebSocket held with every
 * ping answered, servers that end sessions with a close code, a FIN or a reset, one whose pongs
 * stop, one that closes idle sessions, and tcp and text connections. Holds last a few seconds;
 * times are asserted with generous bounds only (the verdict comes well before the hold's end).
 */
class HoldProbeIT {

    private static Diagnosis hold(String target, Duration hold, Optional<Duration> pingEvery, Duration timeout) {
        Options options = Options.builder().timeout(timeout).hold(new Options.Hold(hold, pingEvery)).build();
        return ConnDoctor.system().run(Target.parse(target), options, DiagnosisListener.NONE);
    }

    private static Lifetime lifetime(Diagnosis d) {
        return d.evidence().lifetime().orElseThrow(() -> new AssertionError("no lifetime in " + d));
    }

    private static String texts(Cause c) {
        StringBuilder all = new StringBuilder(c.summary().render(Locale.ROOT));
        c.evidence().forEach(t -> all.append('\n').append(t.render(Locale.ROOT)));
        c.fixes().forEach(t -> all.append('\n').append(t.render(Locale.ROOT)));
        return all.toString();
    }

    @Test
    void aHealthyWebSocketHeldWithEveryPingAnsweredWorks() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofMillis(2000),
                    Optional.of(Duration.ofMillis(400)), Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(d.outcome()).as("%s", d.causes()).isEqualTo(Outcome.OK);
            assertThat(l.ended()).isEqualTo(Lifetime.Ended.HOLD_ELAPSED);
            assertThat(l.closedBy()).isEqualTo(Lifetime.ClosedBy.NONE);
            assertThat(l.pingsSent()).isBetween(3, 5);
            assertThat(l.pongsReceived()).isEqualTo(l.pingsSent());
            assertThat(l.heldMs()).isBetween(1900L, 6000L);
            assertThat(d.ruledOut()).isEmpty(); // a diagnosis that worked runs no rule
        }
    }

    @Test
    void aServerThatClosesWithPolicyViolationIsConfirmedAsSoonAsItCloses() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_CLOSE_AFTER).after(Duration.ofMillis(800))
                .closeCode(1008).closeReason("token expired").start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(20), Optional.empty(),
                    Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.CLOSED);
            assertThat(l.how()).isEqualTo(Lifetime.How.CLOSE_FRAME);
            assertThat(l.closeCode()).hasValue(1008);
            assertThat(l.closeReason()).isEqualTo("token expired");
            assertThat(l.heldMs()).as("the verdict comes with the close, not at the end of the hold").isLessThan(10_000);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).isEqualTo(CauseId.CLOSED_BY_SERVER);
            assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
            assertThat(texts(cause)).contains("close code 1008: policy violation").contains("\"token expired\"");
        }
    }

    @Test
    void anApplicationCloseCodeIsNamedAsTheApplicationsOwn() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_CLOSE_AFTER).after(Duration.ofMillis(500))
                .closeCode(4001).closeReason("kicked").start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(10),
                    Optional.of(Duration.ofMillis(250)), Duration.ofSeconds(2));

            assertThat(texts(d.primaryCause().orElseThrow())).contains("4001").contains("application's own");
        }
    }

    @Test
    void aServerThatClosesTcpBetweenPingsIsClosedByServerWithoutACloseFrame() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_FIN_AFTER).after(Duration.ofMillis(900)).start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(10),
                    Optional.of(Duration.ofMillis(250)), Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(l.how()).isEqualTo(Lifetime.How.FIN);
            assertThat(LifetimeOutcome.of(l)).isEqualTo(LifetimeOutcome.CLOSED_BY_SERVER);
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.CLOSED_BY_SERVER);
            assertThat(texts(d.primaryCause().get())).contains("1006");
        }
    }

    @Test
    void aResetWhilePingsFlowIsAResetMidSession() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_RESET_AFTER).after(Duration.ofMillis(900))
                .start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(10),
                    Optional.of(Duration.ofMillis(250)), Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(l.how()).isEqualTo(Lifetime.How.RESET);
            assertThat(LifetimeOutcome.of(l)).isEqualTo(LifetimeOutcome.RESET_MID_SESSION);
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.CLOSED_BY_SERVER);
            assertThat(texts(d.primaryCause().get())).contains("not an idle timeout");
        }
    }

    @Test
    void aServerWhosePongsStopIsPingUnansweredAfterOneTimeout() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_STOPS_PONGING).after(Duration.ofMillis(600))
                .start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(20),
                    Optional.of(Duration.ofMillis(300)), Duration.ofSeconds(1));

            Lifetime l = lifetime(d);
            assertThat(d.symptom()).isEqualTo(Symptom.NO_REPLY);
            assertThat(l.ended()).isEqualTo(Lifetime.Ended.PONG_MISSING);
            assertThat(l.closedBy()).isEqualTo(Lifetime.ClosedBy.CLIENT);
            assertThat(l.pongsReceived()).isPositive().isLessThan(l.pingsSent());
            assertThat(l.heldMs()).isLessThan(10_000);
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.PING_UNANSWERED);
        }
    }

    @Test
    void aServerThatClosesIdleSessionsIsAnIdleTimeoutOfItsLength() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET).idleTimeout(Duration.ofMillis(1500)).start()) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(10), Optional.of(Duration.ZERO),
                    Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(l.silent()).isTrue();
            assertThat(l.closeCode()).hasValue(1001);
            assertThat(l.idleBeforeCloseMs()).isBetween(1000L, 5000L);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).isEqualTo(CauseId.IDLE_TIMEOUT);
            assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        }
    }

    @Test
    void aTcpConnectionClosedWhenIdleIsAnIdleTimeout() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.ACCEPT).idleTimeout(Duration.ofMillis(1200)).start()) {
            Diagnosis d = hold("tcp://" + server.hostAndPort(), Duration.ofSeconds(10), Optional.empty(),
                    Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(l.pingsSent()).isZero();
            assertThat(l.how()).isEqualTo(Lifetime.How.FIN);
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.IDLE_TIMEOUT);
        }
    }

    @Test
    void aTextConnectionSentALineEveryIntervalHolds() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.TEXT_ECHO)) {
            Diagnosis d = hold("text://" + server.hostAndPort(), Duration.ofMillis(1500),
                    Optional.of(Duration.ofMillis(300)), Duration.ofSeconds(2));

            Lifetime l = lifetime(d);
            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(l.pingsSent()).isBetween(3, 6);
            assertThat(l.bytesReceived()).as("the echoed lines").isPositive();
        }
    }

    @Test
    void aHoldIsNeverTakenWhenTheExchangeFailed() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.HTTP_200)) {
            Diagnosis d = hold("ws://" + server.hostAndPort() + "/", Duration.ofSeconds(5), Optional.empty(),
                    Duration.ofSeconds(2));

            assertThat(d.evidence().lifetime()).isEmpty();
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.HTTP_NOT_WEBSOCKET);
        }
    }
}
