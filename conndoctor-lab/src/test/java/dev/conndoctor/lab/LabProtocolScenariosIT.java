package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.lab.Lab.Host;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The protocol scenarios of issue 4 in the lab: the client and the server on different
 * machines (namespaces), the server speaking something other than the client expects, and the
 * real launcher diagnosing it from the client's namespace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabProtocolScenariosIT extends LabScenarios {

    private static final int PORT = 8282;
    private static final String TIMEOUT = "2s";
    private static final long TIMEOUT_MS = 2000;
    /**
     * A protocol diagnosis can wait for two timeouts: the silent reply to the handshake, then the
     * TLS follow-up on the same port (at most 1.5 s); start-up and the rest fit in one second.
     */
    private static final long BOUND_MS = 2 * TIMEOUT_MS + 1000;
    private static final String PASSWORD = "lab";

    private static Path certificates;
    private static TestCertificates ca;
    private String testName;

    @BeforeAll
    static void prepareThisClass() throws IOException {
        Path target = Lab.locateRepoRoot().resolve("conndoctor-lab/target");
        certificates = Files.createDirectories(target.resolve("lab-certificates"));
        ca = TestCertificates.newAuthority("conndoctor lab CA");
    }

    @BeforeEach
    void startClean(TestInfo info) {
        lab.reset();
        testName = scenarioName(info);
    }

    private LabDiagnosis diagnose(Host client, String target, String... extra) throws IOException {
        LabDiagnosis diagnosis = lab.diagnose(client, target, TIMEOUT, extra);
        Files.writeString(records.resolve(testName + ".txt"), diagnosis.describe() + "\n", StandardCharsets.UTF_8);
        return diagnosis;
    }

    private static String server(String scheme) {
        return scheme + "://" + lab.server().ipv4() + ":" + PORT + "/";
    }

    /** A TLS WebSocket server on the server host, with a leaf of the lab CA for its address. */
    private static void startTlsWebSocket() {
        Path p12 = ca.issue(lab.server().ipv4()).writePkcs12(certificates.resolve("server.p12"), PASSWORD);
        lab.startTlsTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET, p12, PASSWORD);
    }

    private static void assertFailed(LabDiagnosis d, String symptom, String cause, String confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("failed");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo(symptom);
        soft.assertThat(d.primaryId()).as("causes[0].id").isEqualTo(cause);
        soft.assertThat(d.primaryConfidence()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertThat(d.exitCode()).as("exit code").isEqualTo(1);
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, BOUND_MS);
        soft.assertThat(d.json().path("speaks").asText()).as("speaks").isNotBlank();
        soft.assertThat(d.causes().isEmpty() ? 0 : d.causes().get(0).path("fixes").size()).as("causes[0].fixes")
                .isPositive();
        soft.assertAll();
    }

    private static void assertOk(LabDiagnosis d) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("ok");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo("ok");
        soft.assertThat(d.exitCode()).as("exit code").isZero();
        soft.assertThat(d.causes()).as("causes").isEmpty();
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, BOUND_MS);
        soft.assertThat(d.json().path("speaks").asText()).as("speaks").isNotBlank();
        soft.assertAll();
    }

    @Test
    @Order(1)
    @DisplayName("P1. ws:// to a plain HTTP server")
    void aWebSocketClientAtAnHttpServerIsHttpNotWebSocket() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.HTTP_200);
        LabDiagnosis d = diagnose(lab.clientA(), server("ws"));
        assertFailed(d, "handshake-failed", "http-not-websocket", "likely");
        assertThat(d.json().path("protocol").path("http").path("status").asInt()).isEqualTo(200);
    }

    @Test
    @Order(2)
    @DisplayName("P2. ws:// to a text (line echo) server")
    void aWebSocketClientAtATextServerIsNonHttpReply() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.TEXT_ECHO);
        LabDiagnosis d = diagnose(lab.clientA(), server("ws"));
        assertFailed(d, "handshake-failed", "non-http-reply", "likely");
        assertThat(d.json().path("protocol").path("answer").path("speaks").asText()).isEqualTo("text");
    }

    @Test
    @Order(3)
    @DisplayName("P3. ws:// to a TLS WebSocket server")
    void aWebSocketClientAtATlsServerIsTlsRequired() throws IOException {
        startTlsWebSocket();
        LabDiagnosis d = diagnose(lab.clientA(), server("ws"));
        assertFailed(d, "closed", "tls-required", "confirmed");
        assertThat(d.json().path("protocol").path("tlsFollowUp").path("established").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    @DisplayName("P4. wss:// to a plain WebSocket server")
    void aWssClientAtAPlainServerIsTlsNotOffered() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), server("wss"));
        assertFailed(d, "tls-failed", "tls-not-offered", "confirmed");
        // the same upgrade in plain, on a new connection: ws:// works there
        assertThat(d.json().path("protocol").path("plainFollowUp").path("label").asText()).startsWith("HTTP/1.1 101");
    }

    @Test
    @Order(4)
    @DisplayName("P4b. wss:// to a plain WebSocket server that leaves the ClientHello unanswered")
    void aWssClientAtAPlainServerSilentToTlsIsTlsNotOfferedConfirmed() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET_SILENT_TO_TLS);
        LabDiagnosis d = diagnose(lab.clientA(), server("wss"));
        assertFailed(d, "tls-failed", "tls-not-offered", "confirmed");
        assertThat(d.json().path("protocol").path("tls").path("problem").asText()).isEqualTo("silent");
        assertThat(d.json().path("protocol").path("plainFollowUp").path("label").asText())
                .isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(d.causeIds()).doesNotContain("no-reply");
    }

    @Test
    @Order(5)
    @DisplayName("P5. ws:// to a plain HTTP server behind the router")
    void aWebSocketClientAtAnHttpServerBehindTheRouterIsHttpNotWebSocket() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.HTTP_200);
        LabDiagnosis d = diagnose(lab.clientB(), server("ws"));
        assertFailed(d, "handshake-failed", "http-not-websocket", "likely");
    }

    @Test
    @Order(5)
    @DisplayName("P5b. ws:// to a TLS WebSocket server behind the router")
    void aWebSocketClientAtATlsServerBehindTheRouterIsTlsRequired() throws IOException {
        startTlsWebSocket();
        LabDiagnosis d = diagnose(lab.clientB(), server("ws"));
        assertFailed(d, "closed", "tls-required", "confirmed");
    }

    @Test
    @Order(6)
    @DisplayName("P6. wss:// behind the router, the lab CA given with --cacert")
    void aWssClientTrustingTheLabCaBehindTheRouterIsOk() throws IOException {
        startTlsWebSocket();
        Path pem = ca.writePem(certificates.resolve("ca.pem"));
        LabDiagnosis d = diagnose(lab.clientB(), server("wss"), "--cacert", pem.toString());
        assertOk(d);
        assertThat(d.json().path("protocol").path("tls").path("established").asBoolean()).isTrue();
        assertThat(d.json().path("protocol").path("pingAnswered").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    @DisplayName("P6b. wss:// behind the router without the lab CA")
    void aWssClientWithoutTheLabCaIsTlsUntrusted() throws IOException {
        startTlsWebSocket();
        LabDiagnosis d = diagnose(lab.clientB(), server("wss"));
        assertFailed(d, "tls-failed", "tls-untrusted", "confirmed");
    }

    @Test
    @Order(7)
    @DisplayName("P7. ws:// to a server that accepts and stays silent")
    void aWebSocketClientAtASilentServerIsNoReplyWithinTwoTimeouts() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.SILENT);
        LabDiagnosis d = diagnose(lab.clientA(), server("ws"));
        assertFailed(d, "no-reply", "no-reply", "likely");
    }
}
