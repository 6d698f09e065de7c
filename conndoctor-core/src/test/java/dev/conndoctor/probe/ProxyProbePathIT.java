package dev.conndoctor.probe;

import static dev.conndoctor.probe.ProxyProbeLoopbackIT.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ProxyAttempt.Result;
import dev.conndoctor.evidence.ProxyPath;
import dev.conndoctor.probe.ProxyProbeLoopbackIT.FakeProxy;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The whole doctor on loopback with a proxy in the environment: a WebSocket server that works
 * directly, and a proxy that a typical client here would go through. The real environment's
 * proxy variables never apply: each doctor gets its own.
 */
class ProxyProbePathIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    private static ConnDoctor doctor(Map<String, String> environment) {
        return ConnDoctor.builder()
                .resolver(host -> {
                    throw new UnknownHostException(host + ": no names in this test");
                })
                .hostRoot(Path.of("/nonexistent-root"))
                .environment(environment)
                .systemProperties(new Properties())
                .build();
    }

    private static Diagnosis run(ConnDoctor doctor, TestServer server, Options options) {
        return doctor.run(Target.parse("ws://127.0.0.1:" + server.port() + "/chat"), options, DiagnosisListener.NONE);
    }

    private static List<String> rendered(List<Text> texts) {
        return texts.stream().map(t -> t.render(Locale.ROOT)).toList();
    }

    @Test
    void anUnreachableProxyInTheEnvironmentFailsAWorkingWebSocketWithProxyInPathConfirmed() throws IOException {
        int closed = closedPort();
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Diagnosis d = run(doctor(Map.of("http_proxy", "http://127.0.0.1:" + closed)), server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
            assertThat(d.evidence().reach().anyConnected()).isTrue();
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).isEqualTo(CauseId.PROXY_IN_PATH);
            assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
            assertThat(rendered(cause.evidence())).containsExactly(
                    "A typical client here goes through http://127.0.0.1:" + closed + " (http_proxy) for 127.0.0.1:"
                            + server.port() + ".",
                    rendered(cause.evidence()).get(1),
                    "Directly, without the proxy, 127.0.0.1:" + server.port() + " accepts the connection.");
            assertThat(rendered(cause.evidence()).get(1)).startsWith("The proxy http://127.0.0.1:" + closed
                    + " cannot be reached: refused");
            assertThat(rendered(cause.fixes())).anySatisfy(f -> assertThat(f).contains("NO_PROXY=127.0.0.1"));
            assertThat(d.evidence().path().proxy()).flatMap(ProxyPath::attempt).get()
                    .satisfies(a -> assertThat(a.result()).isEqualTo(Result.PROXY_UNREACHABLE));
        }
    }

    @Test
    void noProxyForTheTargetMakesItOkWithTheBypassWarning() throws IOException {
        int closed = closedPort();
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Diagnosis d = run(doctor(Map.of("http_proxy", "http://127.0.0.1:" + closed, "NO_PROXY", "127.0.0.1")),
                    server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(d.causes()).isEmpty();
            assertThat(d.warnings()).extracting(Text::key).containsExactly("warning.proxy-bypassed");
            assertThat(rendered(d.warnings())).containsExactly("A proxy is configured (http://127.0.0.1:" + closed
                    + "), but NO_PROXY=127.0.0.1 takes this target out of it: clients connect directly.");
            assertThat(d.evidence().path().proxy()).get().satisfies(p -> assertThat(p.attempt()).isEmpty());
        }
    }

    @Test
    void aProxyThatRefusesConnectFailsWithAHandshakeSymptom() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_403)) {
            Diagnosis d = run(doctor(Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port())), server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
            assertThat(d.primaryCause()).get().satisfies(c -> {
                assertThat(c.id()).isEqualTo(CauseId.PROXY_IN_PATH);
                assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED);
                assertThat(rendered(c.evidence())).anySatisfy(line ->
                        assertThat(line).contains("refused the tunnel: HTTP/1.1 403 Forbidden"));
            });
            assertThat(proxy.received()).singleElement().satisfies(head ->
                    assertThat(head).startsWith("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1\r\n"));
        }
    }

    @Test
    void aProxyThatOpensTheTunnelIsOk() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_200)) {
            Diagnosis d = run(doctor(Map.of("http_proxy", "http://127.0.0.1:" + proxy.port())), server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(d.evidence().path().proxy()).flatMap(ProxyPath::attempt).get()
                    .satisfies(a -> assertThat(a.opened()).isTrue());
        }
    }

    @Test
    void anExplicitProxyIsProbedWhateverTheEnvironmentSays() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SOCKS_REFUSED)) {
            Diagnosis d = run(doctor(Map.of("no_proxy", "*")), server, FAST.toBuilder().proxy(proxy.url("socks5")).build());

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.primaryCause()).get().satisfies(c -> {
                assertThat(c.id()).isEqualTo(CauseId.PROXY_IN_PATH);
                assertThat(rendered(c.evidence())).anySatisfy(line -> assertThat(line).contains("(--proxy)"))
                        .anySatisfy(line -> assertThat(line).contains("SOCKS5 reply 5 (connection refused)"));
            });
            assertThat(d.warnings()).isEmpty();
        }
    }

    @Test
    void anHttpsProxyInTheEnvironmentIsReachedOverTlsWithTheDoctorsTrust() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("proxy path CA");
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             FakeProxy proxy = FakeProxy.startTls(FakeProxy.Mode.CONNECT_200, ca.issue("127.0.0.1").serverContext())) {
            ConnDoctor trusting = doctor(Map.of("http_proxy", "https://127.0.0.1:" + proxy.port())).toBuilder()
                    .trust(ca.trustManager()).build();

            Diagnosis d = run(trusting, server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(d.evidence().path().proxy()).flatMap(ProxyPath::attempt).get()
                    .satisfies(a -> assertThat(a.result()).isEqualTo(Result.TUNNEL_OPEN));
            assertThat(proxy.received()).singleElement()
                    .satisfies(head -> assertThat(head).startsWith("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1"));
        }
    }

    @Test
    void insecureAlsoSkipsTheCheckOfAnExplicitHttpsProxysCertificate() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             FakeProxy proxy = FakeProxy.startTls(FakeProxy.Mode.CONNECT_200,
                     TestCertificates.selfSigned("proxy.example.test").serverContext())) {
            Options throughIt = FAST.toBuilder().proxy(proxy.url("https")).build();

            Diagnosis verified = run(doctor(Map.of()), server, throughIt);
            Diagnosis insecure = run(doctor(Map.of()), server, throughIt.toBuilder().insecure(true).build());

            assertThat(verified.evidence().path().proxy()).flatMap(ProxyPath::attempt).get()
                    .satisfies(a -> assertThat(a.detail()).startsWith("TLS with the proxy failed: untrusted"));
            assertThat(insecure.evidence().path().proxy()).flatMap(ProxyPath::attempt).get()
                    .satisfies(a -> assertThat(a.opened()).isTrue());
        }
    }

    @Test
    void proxyNoneLeavesTheEnvironmentsProxyAside() throws IOException {
        int closed = closedPort();
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Diagnosis d = run(doctor(Map.of("http_proxy", "http://127.0.0.1:" + closed)), server,
                    FAST.toBuilder().proxy(Options.ProxyChoice.NONE).build());

            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(d.evidence().path().proxy()).isEmpty();
            assertThat(d.warnings()).isEmpty();
        }
    }

    @Test
    void aSocksProxyForARawTcpTargetComesFromAllProxy() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.ACCEPT);
             FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SOCKS_REFUSED)) {
            Diagnosis d = doctor(Map.of("all_proxy", "socks5h://127.0.0.1:" + proxy.port(),
                    "http_proxy", "http://127.0.0.1:1")).run(Target.parse("tcp://127.0.0.1:" + server.port()), FAST,
                    DiagnosisListener.NONE);

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
            assertThat(d.evidence().path().proxy()).get().satisfies(p -> {
                assertThat(p.decision().variable()).isEqualTo("all_proxy");
                assertThat(p.attempt()).get().satisfies(a -> assertThat(a.status()).isEqualTo(5));
            });
        }
    }

    @Test
    void jvmProxyPropertiesAloneAreReportedNotFollowed() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("http.proxyHost", "127.0.0.1");
        properties.setProperty("http.proxyPort", "1");
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            ConnDoctor doctor = doctor(Map.of()).toBuilder().systemProperties(properties).build();

            Diagnosis d = run(doctor, server, FAST);

            assertThat(d.outcome()).isEqualTo(Outcome.OK);
            assertThat(d.evidence().path().proxy()).get().satisfies(p -> {
                assertThat(p.attempt()).isEmpty();
                assertThat(p.decision().jvmProperties()).containsExactly("http.proxyHost=127.0.0.1",
                        "http.proxyPort=1");
            });
        }
    }
}
