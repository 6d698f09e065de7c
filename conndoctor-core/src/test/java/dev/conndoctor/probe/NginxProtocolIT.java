package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.describe.ServerSpeech;
import dev.conndoctor.testkit.NginxServer;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol probes against a real nginx on 127.0.0.1 (skipped where nginx is not
 * installed): a static server, a reverse proxy in front of a WebSocket server with and without
 * the upgrade headers, and an HTTPS server. Each test starts its own nginx and stops it, also
 * when it fails.
 */
class NginxProtocolIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    private static TestCertificates ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void nginxIsInstalled() {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        ca = TestCertificates.newAuthority("conndoctor NginxProtocolIT CA");
    }

    private static Diagnosis diagnose(String target) {
        Diagnosis d = ConnDoctor.builder().trust(ca.trustManager()).build()
                .run(Target.parse(target), FAST, DiagnosisListener.NONE);
        ProtocolExchange x = d.evidence().exchange().orElseThrow();
        assertThat(ServerSpeech.describe(x).render(Locale.ROOT)).as("what the server speaks").isNotBlank();
        return d;
    }

    private static void assertFailed(Diagnosis d, Symptom symptom, CauseId cause, Confidence confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.outcome()).as("outcome").isEqualTo(Outcome.FAILED);
        soft.assertThat(d.symptom()).as("symptom").isEqualTo(symptom);
        soft.assertThat(d.primaryCause().map(Cause::id)).as("causes[0].id of %s", d.causes()).contains(cause);
        soft.assertThat(d.primaryCause().map(Cause::confidence)).as("causes[0].confidence").contains(confidence);
        soft.assertAll();
    }

    private static String evidence(Diagnosis d) {
        return String.join("\n", d.causes().stream().flatMap(c -> c.evidence().stream())
                .map(t -> t.render(Locale.ROOT)).toList());
    }

    private static String proxyTo(int port, int backend, boolean upgradeHeaders) {
        String upgrade = upgradeHeaders ? """
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection "upgrade";
                """ : "";
        return """
                server {
                    listen 127.0.0.1:%d;
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                %s    }
                }""".formatted(port, backend, upgrade);
    }

    @Test
    void aWebSocketClientAtNginxServingFilesIsHttpNotWebSocket() throws IOException {
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = NginxServer.start(dir, """
                server {
                    listen 127.0.0.1:%d;
                    location / { root %s; }
                }""".formatted(port, NginxServer.documentRoot(dir)), port)) {

            Diagnosis d = diagnose("ws://127.0.0.1:" + port + "/");

            assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY);
            assertThat(d.evidence().exchange().orElseThrow().status()).isEqualTo(200);
            assertThat(evidence(d)).contains("nginx");
            // nginx answering a page may also be a proxy that answered itself: offered, not claimed
            assertThat(d.causes()).filteredOn(c -> c.id() == CauseId.PROXY_STRIPS_UPGRADE)
                    .allSatisfy(c -> assertThat(c.confidence()).isEqualTo(Confidence.POSSIBLE));
        }
    }

    @Test
    void nginxProxyingWithoutTheUpgradeHeadersIsProxyStripsUpgrade() throws IOException {
        try (TestServer backend = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, proxyTo(port, backend.port(), false), port)) {

                Diagnosis d = diagnose("ws://127.0.0.1:" + port + "/");

                assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY);
                ProtocolExchange x = d.evidence().exchange().orElseThrow();
                // the backend's complaint came through nginx, under nginx's name
                assertThat(x.status()).isEqualTo(400);
                assertThat(x.http().orElseThrow().header("Sec-WebSocket-Version")).contains("13");
                assertThat(x.http().orElseThrow().server()).contains("nginx");
                // what nginx really forwarded: the upgrade request, without its Upgrade header
                assertThat(backend.receivedHeads()).singleElement().satisfies(head -> {
                    assertThat(head).startsWith("GET / HTTP/1.0");
                    assertThat(head).doesNotContainIgnoringCase("Upgrade: websocket");
                    assertThat(head).containsIgnoringCase("Connection: close");
                    assertThat(head).contains("Sec-WebSocket-Key: ");
                });
            }
        }
    }

    @Test
    void nginxProxyingWithTheUpgradeHeadersWorks() throws IOException {
        try (TestServer backend = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, proxyTo(port, backend.port(), true), port)) {

                Diagnosis d = diagnose("ws://127.0.0.1:" + port + "/");

                assertThat(d.outcome()).as("outcome of %s", d.causes()).isEqualTo(Outcome.OK);
                assertThat(d.evidence().exchange().orElseThrow().pingAnswered()).contains(true);
                assertThat(backend.receivedHeads()).singleElement().satisfies(head ->
                        assertThat(head).startsWith("GET / HTTP/1.1").containsIgnoringCase("Upgrade: websocket"));
            }
        }
    }

    private NginxServer startHttps(int port) throws IOException {
        TestCertificates.Leaf leaf = ca.issue("localhost", "127.0.0.1");
        Path cert = leaf.writeChainPem(dir.resolve("server.crt"));
        Path key = leaf.writeKeyPem(dir.resolve("server.key"));
        return NginxServer.start(dir, """
                server {
                    listen 127.0.0.1:%d ssl;
                    ssl_certificate %s;
                    ssl_certificate_key %s;
                    location / { root %s; }
                }""".formatted(port, cert, key, NginxServer.documentRoot(dir)), port);
    }

    @Test
    void anHttpClientAtNginxHttpsIsTlsRequiredConfirmedByItsPlainHttpPage() throws IOException {
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = startHttps(port)) {

            Diagnosis d = diagnose("http://127.0.0.1:" + port + "/");

            assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.TLS_REQUIRED, Confidence.CONFIRMED);
            assertThat(d.evidence().exchange().orElseThrow().bodyPreview())
                    .containsIgnoringCase("The plain HTTP request was sent to HTTPS port");
        }
    }

    @Test
    void aWebSocketClientAtNginxHttpsIsTlsRequired() throws IOException {
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = startHttps(port)) {

            Diagnosis d = diagnose("ws://127.0.0.1:" + port + "/");

            assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.TLS_REQUIRED, Confidence.CONFIRMED);
            assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET);
        }
    }

    @Test
    void anHttpsClientTrustingTheCaAtNginxHttpsIsOk() throws IOException {
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = startHttps(port)) {

            Diagnosis d = diagnose("https://127.0.0.1:" + port + "/");

            assertThat(d.outcome()).as("outcome of %s", d.causes()).isEqualTo(Outcome.OK);
            assertThat(d.evidence().exchange().orElseThrow().tls().orElseThrow().protocol()).isPresent();
            assertThat(d.evidence().exchange().orElseThrow().status()).isEqualTo(200);
        }
    }

    @Test
    void anHttpsClientWithTheSystemTrustAtNginxWithAPrivateCaIsTlsUntrusted() throws IOException {
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = startHttps(port)) {

            Diagnosis d = ConnDoctor.system().run(Target.parse("https://127.0.0.1:" + port + "/"), FAST,
                    DiagnosisListener.NONE);

            assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_UNTRUSTED, Confidence.CONFIRMED);
        }
    }
}
