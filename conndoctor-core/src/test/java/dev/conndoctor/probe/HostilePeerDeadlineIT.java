package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.testkit.HostilePeer;
import dev.conndoctor.testkit.HostilePeer.Behaviour;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis against peers that drip their answers a byte at a time, each byte sooner than any
 * read timeout, on 127.0.0.1: every exchange ends by its deadline, so {@code --timeout 1s}
 * finishes within a few seconds whatever the peer does. The wall-clock limits are generous on
 * purpose: they tell seconds from hours, not one millisecond from another.
 */
class HostilePeerDeadlineIT {

    private static final Options ONE_SECOND = Options.builder().timeout(Duration.ofSeconds(1))
            .proxy(Options.ProxyChoice.NONE).build();
    /** About one timeout, two with a follow-up, and room for a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(6);

    private static final ProbeExecutor EXECUTOR = new ProbeExecutor("hostile-peer-it");

    @AfterAll
    static void closeTheExecutor() {
        EXECUTOR.close();
    }

    /** This machine's doctor without its environment's proxies or its firewall commands: only the peers count. */
    private static ConnDoctor.Builder doctor() {
        return ConnDoctor.builder().executor(EXECUTOR).environment(Map.of())
                .commands((command, timeout) -> Optional.empty());
    }

    private static Diagnosis diagnoseWithinTheBound(ConnDoctor doctor, String target, Options options) {
        return assertTimeoutPreemptively(BOUND,
                () -> doctor.run(Target.parse(target), options, DiagnosisListener.NONE),
                "the diagnosis of " + target + " outlived its bound");
    }

    private static HostilePeer dripping(Behaviour behaviour) throws IOException {
        // a byte every 0.2 s: every read gets one well within its timeout, so only a deadline ends the drip
        return HostilePeer.builder(behaviour).drip(Duration.ofMillis(200)).start();
    }

    @Test
    void aTlsPeerThatDripsItsHandshakeIsCutAtTheDeadline() throws IOException {
        try (HostilePeer peer = dripping(Behaviour.DRIPPING_TLS)) {
            Diagnosis d = diagnoseWithinTheBound(doctor().build(), peer.url("wss"), ONE_SECOND);

            ProtocolExchange x = d.evidence().exchange().orElseThrow();
            assertThat(x.tls()).get().satisfies(tls -> {
                assertThat(tls.established()).isFalse();
                assertThat(tls.problem()).contains(TlsProblem.SILENT);
                assertThat(tls.detail()).contains("not complete by the deadline");
            });
        }
    }

    @Test
    void aPlainTargetsTlsFollowUpIntoADrippingPeerIsCutAtItsDeadline() throws IOException {
        try (HostilePeer peer = dripping(Behaviour.DRIPPING_TLS)) {
            Diagnosis d = diagnoseWithinTheBound(doctor().build(), peer.url("ws"), ONE_SECOND);

            ProtocolExchange x = d.evidence().exchange().orElseThrow();
            assertThat(x.tlsFollowUp()).get().satisfies(tls -> assertThat(tls.established()).isFalse());
        }
    }

    @Test
    void theLikelyPortScanOfARefusedPortIsCutAtTheDeadlineOfADrippingTlsPeer() throws IOException {
        try (HostilePeer peer = dripping(Behaviour.DRIPPING_TLS)) {
            Options options = ONE_SECOND.toBuilder().scanPorts(List.of(peer.port())).build();

            Diagnosis d = diagnoseWithinTheBound(doctor().build(), "wss://127.0.0.1:" + closedPort() + "/", options);

            assertThat(d.evidence().portScan()).get()
                    .satisfies(scan -> assertThat(scan.spoken()).containsKey(peer.port()));
        }
    }

    @Test
    void aProxyGivenWithDashDashProxyThatDripsItsConnectAnswerIsSilentAtTheDeadline() throws IOException {
        try (HostilePeer proxy = dripping(Behaviour.DRIPPING_PROXY);
             TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Options options = ONE_SECOND.toBuilder()
                    .proxy(ProxyUrl.parse("http://" + proxy.authority()).orElseThrow()).build();

            Diagnosis d = diagnoseWithinTheBound(doctor().build(), "ws://127.0.0.1:" + server.port() + "/", options);

            assertThat(tunnel(d).result()).isEqualTo(ProxyAttempt.Result.PROXY_SILENT);
            assertThat(tunnel(d).detail()).contains("not complete within 1000 ms");
        }
    }

    @Test
    void aProxyFromHttpProxyInTheEnvironmentThatDripsItsConnectAnswerIsSilentAtTheDeadline() throws IOException {
        try (HostilePeer proxy = dripping(Behaviour.DRIPPING_PROXY);
             TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            ConnDoctor doctor = doctor().environment(Map.of("HTTP_PROXY", "http://" + proxy.authority())).build();
            Options options = ONE_SECOND.toBuilder().proxy(Options.ProxyChoice.AUTO).build();

            Diagnosis d = diagnoseWithinTheBound(doctor, "ws://127.0.0.1:" + server.port() + "/", options);

            assertThat(tunnel(d).result()).isEqualTo(ProxyAttempt.Result.PROXY_SILENT);
        }
    }

    @Test
    void anHttpsProxyThatDripsItsTlsHandshakeIsSilentAtTheDeadline() throws IOException {
        try (HostilePeer proxy = dripping(Behaviour.DRIPPING_TLS);
             TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Options options = ONE_SECOND.toBuilder()
                    .proxy(ProxyUrl.parse("https://" + proxy.authority()).orElseThrow()).build();

            Diagnosis d = diagnoseWithinTheBound(doctor().build(), "ws://127.0.0.1:" + server.port() + "/", options);

            assertThat(tunnel(d).result()).isEqualTo(ProxyAttempt.Result.PROXY_SILENT);
        }
    }

    @Test
    void aWssServerThatDripsItsAnswerInsideTlsIsCutAtTheDeadline() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("conndoctor HostilePeerDeadlineIT CA");
        try (HostilePeer peer = HostilePeer.builder(Behaviour.ENDLESS_HEAD).drip(Duration.ofMillis(200))
                .tls(ca.issue("127.0.0.1").serverContext()).start()) {
            Diagnosis d = diagnoseWithinTheBound(doctor().trust(ca.trustManager()).build(), peer.url("wss"), ONE_SECOND);

            ProtocolExchange x = d.evidence().exchange().orElseThrow();
            assertThat(x.tls()).get().satisfies(tls -> assertThat(tls.established()).isTrue());
            assertThat(x.reply()).isEqualTo(dev.conndoctor.evidence.Reply.SILENT);
            assertThat(x.sniffed()).isPresent();
        }
    }

    @Test
    void aWssServerThatDripsItsAnswersTlsRecordIsCutAtTheDeadline() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("conndoctor HostilePeerDeadlineIT record CA");
        try (HostilePeer peer = HostilePeer.builder(Behaviour.DRIPPING_TLS).drip(Duration.ofMillis(200))
                .tls(ca.issue("127.0.0.1").serverContext()).start()) {
            Diagnosis d = diagnoseWithinTheBound(doctor().trust(ca.trustManager()).build(), peer.url("wss"), ONE_SECOND);

            ProtocolExchange x = d.evidence().exchange().orElseThrow();
            assertThat(x.tls()).get().satisfies(tls -> assertThat(tls.established()).isTrue());
            assertThat(x.reply()).isEqualTo(dev.conndoctor.evidence.Reply.SILENT);
        }
    }

    @Test
    void anHttpsProxyThatDripsItsConnectAnswerInsideTlsIsSilentAtTheDeadline() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("conndoctor HostilePeerDeadlineIT proxy CA");
        try (HostilePeer proxy = HostilePeer.builder(Behaviour.DRIPPING_PROXY).drip(Duration.ofMillis(200))
                .tls(ca.issue("127.0.0.1").serverContext()).start();
             TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Options options = ONE_SECOND.toBuilder()
                    .proxy(ProxyUrl.parse("https://" + proxy.authority()).orElseThrow()).build();

            Diagnosis d = diagnoseWithinTheBound(doctor().trust(ca.trustManager()).build(),
                    "ws://127.0.0.1:" + server.port() + "/", options);

            assertThat(tunnel(d).result()).isEqualTo(ProxyAttempt.Result.PROXY_SILENT);
            assertThat(tunnel(d).detail()).contains("not complete within 1000 ms");
        }
    }

    private static ProxyAttempt tunnel(Diagnosis d) {
        return d.evidence().path().proxy().orElseThrow().attempt().orElseThrow();
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
