package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The library against real sockets on loopback: refused, connected, and a listener on another loopback address. */
class LoopbackDiagnosisIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    @Test
    void closedPortIsRefusedAndConfirmedNotListening() throws IOException {
        int port = freePort();

        Diagnosis d = ConnDoctor.diagnose(Target.parse("127.0.0.1:" + port), FAST);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.primaryCause()).get().satisfies(c -> {
            assertThat(c.id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
            assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED);
        });
        assertThat(d.evidence().reach().attempts()).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo(ConnectOutcome.REFUSED));
    }

    @Test
    void listeningPortConnectsWithoutCausesOrFollowUps() throws IOException {
        try (ServerSocket server = listen("127.0.0.1")) {
            Diagnosis d = ConnDoctor.diagnose(Target.parse("127.0.0.1:" + server.getLocalPort()), FAST);

            assertThat(d.ok()).isTrue();
            assertThat(d.symptom()).isEqualTo(Symptom.OK);
            assertThat(d.causes()).isEmpty();
            assertThat(d.warnings()).isEmpty();
            assertThat(d.evidence().reach().liveness()).isEmpty();
        }
    }

    @Test
    void listenerOnAnotherLoopbackAddressIsConfirmedBoundToOtherAddress() throws IOException {
        try (ServerSocket server = listen("127.0.0.2")) {
            Diagnosis d = ConnDoctor.diagnose(Target.parse("127.0.0.1:" + server.getLocalPort()), FAST);

            assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_OTHER_ADDRESS);
            assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
            assertThat(cause.evidence()).map(t -> t.render(Locale.ROOT))
                    .anySatisfy(line -> assertThat(line).contains("127.0.0.2:" + server.getLocalPort()));
            assertThat(d.ruledOut()).extracting(RuledOut::id).contains(CauseId.SERVER_NOT_LISTENING);
        }
    }

    @Test
    void aNameWithOneWorkingAndOneRefusedAddressIsOkWithAWarning() throws IOException {
        try (ServerSocket server = listen("127.0.0.1")) {
            int port = server.getLocalPort();
            // 127.0.0.3 has no listener on the port: one address of the name is refused
            // a fake world for the name: no nameserver is asked, no proxy variable is followed
            ConnDoctor doctor = ConnDoctor.builder()
                    .resolver(host -> addresses("127.0.0.3", "127.0.0.1"))
                    .hostRoot(java.nio.file.Path.of("/nonexistent-root"))
                    .environment(java.util.Map.of())
                    .build();

            Diagnosis d = doctor.run(Target.parse("tcp://service.test:" + port), FAST, DiagnosisListener.NONE);

            assertThat(d.ok()).isTrue();
            assertThat(d.evidence().reach().attempts()).extracting(a -> a.outcome())
                    .containsExactly(ConnectOutcome.REFUSED, ConnectOutcome.CONNECTED);
            assertThat(d.warnings()).singleElement()
                    .satisfies(w -> assertThat(w.render(Locale.ROOT)).contains("127.0.0.3:" + port));
        }
    }

    @Test
    void theListenerHearsEveryAttemptOfTheTarget() throws IOException {
        int port = freePort();
        List<String> events = new ArrayList<>();
        DiagnosisListener recording = new DiagnosisListener() {
            @Override
            public void connecting(List<String> endpoints, int followUps, Duration timeout) {
                events.add("connecting " + endpoints);
            }

            @Override
            public void attemptFinished(dev.conndoctor.evidence.ConnectAttempt attempt) {
                events.add(attempt.endpoint() + " " + attempt.outcome().id());
            }
        };

        ConnDoctor.system().run(Target.parse("127.0.0.1:" + port), FAST, recording);

        assertThat(events).containsExactly("connecting [127.0.0.1:" + port + "]", "127.0.0.1:" + port + " refused");
    }

    private static List<InetAddress> addresses(String... literals) throws UnknownHostException {
        List<InetAddress> result = new ArrayList<>();
        for (String literal : literals) {
            result.add(InetAddress.getByName(literal));
        }
        return result;
    }

    private static ServerSocket listen(String address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = listen("127.0.0.1")) {
            return probe.getLocalPort();
        }
    }
}
