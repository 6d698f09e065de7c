package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.testkit.HostilePeer;
import dev.conndoctor.testkit.HostilePeer.Behaviour;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a diagnosis names against peers that answer oddly on 127.0.0.1: a reset right after the
 * handshake, a head that never ends, a head too large. Each verdict says what the peer did.
 */
class HostilePeerVerdictIT {

    private static final Options ONE_SECOND = Options.builder().timeout(Duration.ofSeconds(1))
            .proxy(Options.ProxyChoice.NONE).build();
    private static final ProbeExecutor EXECUTOR = new ProbeExecutor("hostile-verdict-it");
    private static final ConnDoctor DOCTOR = ConnDoctor.builder().executor(EXECUTOR).environment(Map.of())
            .commands((command, timeout) -> Optional.empty()).build();

    @AfterAll
    static void closeTheExecutor() {
        EXECUTOR.close();
    }

    private static Diagnosis diagnose(String target) {
        return DOCTOR.run(Target.parse(target), ONE_SECOND, DiagnosisListener.NONE);
    }

    private static String summary(Diagnosis d) {
        return d.primaryCause().map(c -> c.summary().render(Locale.ROOT)).orElse("(no known cause)");
    }

    private static String evidence(Diagnosis d) {
        return String.join("\n", d.primaryCause().orElseThrow().evidence().stream().map(t -> t.render(Locale.ROOT))
                .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "http", "text"})
    void aPeerThatAcceptsAndResetsEveryConnectionAtOnceIsAForwarderWithoutBackendNeverUnreachableOrSilent(String scheme) throws IOException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.ACCEPT_THEN_RESET)) {
            // the reset races the connect: a few rounds meet it both during and after the handshake
            for (int round = 0; round < 5; round++) {
                Diagnosis d = diagnose(peer.url(scheme));

                assertThat(d.evidence().reach().attempts()).extracting(a -> a.outcome())
                        .containsOnly(ConnectOutcome.CONNECTED);
                // every connection reset before a byte, even those that sent nothing: what a forwarder with no backend does
                assertThat(d.primaryCause().map(Cause::id)).as(summary(d)).contains(CauseId.FORWARDER_BACKEND_REFUSED);
                assertThat(d.evidence().exchange().orElseThrow().reply()).isIn(Reply.RESET, Reply.EOF);
            }
        }
    }

    @Test
    void aHeadThatNeverEndsIsAnUnfinishedAnswerNotAServerThatDoesNotSpeakHttp() throws IOException {
        try (HostilePeer peer = HostilePeer.builder(Behaviour.ENDLESS_HEAD).drip(Duration.ofMillis(100)).start()) {
            Diagnosis d = diagnose(peer.url("ws"));

            assertThat(d.primaryCause().map(Cause::id)).as(summary(d)).contains(CauseId.NO_REPLY);
            assertThat(summary(d)).contains("began an HTTP answer and did not finish its head within 1000 ms");
            assertThat(evidence(d)).contains("with \"HTTP/");
            assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.NON_HTTP_REPLY);
        }
    }

    @Test
    void aHeadOverSixteenKilobytesIsNamedTooLarge() throws IOException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.HUGE_HEAD)) {
            Diagnosis d = diagnose(peer.url("ws"));

            assertThat(d.primaryCause().map(Cause::id)).as(summary(d)).contains(CauseId.NO_REPLY);
            assertThat(summary(d)).contains("an HTTP head of more than 16384 bytes");
            assertThat(evidence(d)).contains("HTTP/1.1 101 Switching Protocols");
        }
    }
}
