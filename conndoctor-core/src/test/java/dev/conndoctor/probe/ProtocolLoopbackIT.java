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
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.protocol.Speech;
import dev.conndoctor.describe.ServerSpeech;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol probes against the testkit's servers on 127.0.0.1, one documented behaviour
 * each: what the diagnosis says, and that every report says in one line what the server speaks.
 */
class ProtocolLoopbackIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    private static TestCertificates ca;
    private static TestCertificates.Leaf valid;

    private TestServer server;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.newAuthority("conndoctor ProtocolLoopbackIT CA");
        valid = ca.issue("localhost", "127.0.0.1");
    }

    @AfterEach
    void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(Behaviour behaviour) throws IOException {
        server = TestServer.startOnLoopback(behaviour);
        return server;
    }

    private TestServer startTls(Behaviour behaviour, SSLContext context) throws IOException {
        server = TestServer.builder(behaviour).tls(context).start();
        return server;
    }

    private String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + server.port() + path;
    }

    /** The doctor of this machine, trusting the test CA only. */
    private static ConnDoctor trustingTheCa() {
        return ConnDoctor.builder().trust(ca.trustManager()).build();
    }

    private static Diagnosis diagnose(String target) {
        return diagnose(trustingTheCa(), target, FAST);
    }

    private static Diagnosis diagnose(ConnDoctor doctor, String target, Options options) {
        Diagnosis d = doctor.run(Target.parse(target), options, DiagnosisListener.NONE);
        assertSpeaks(d);
        return d;
    }

    /** Every report with an exchange says in one line what the server speaks. */
    private static void assertSpeaks(Diagnosis d) {
        ProtocolExchange x = d.evidence().exchange().orElseThrow(() -> new AssertionError("no exchange in " + d));
        Text speaks = ServerSpeech.describe(x);
        String line = speaks.render(Locale.ROOT);
        assertThat(line).as("what the server speaks").isNotBlank().doesNotStartWith(speaks.key()).doesNotContain("\n");
    }

    private static void assertFailed(Diagnosis d, Symptom symptom, CauseId cause, Confidence confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.outcome()).as("outcome").isEqualTo(Outcome.FAILED);
        soft.assertThat(d.symptom()).as("symptom").isEqualTo(symptom);
        soft.assertThat(d.primaryCause().map(Cause::id)).as("causes[0].id").contains(cause);
        soft.assertThat(d.primaryCause().map(Cause::confidence)).as("causes[0].confidence").contains(confidence);
        soft.assertThat(d.primaryCause().map(c -> c.fixes().size()).orElse(0)).as("causes[0].fixes").isPositive();
        soft.assertThat(d.primaryCause().map(c -> c.evidence().size()).orElse(0)).as("causes[0].evidence").isPositive();
        soft.assertAll();
    }

    private static void assertOk(Diagnosis d) {
        assertThat(d.outcome()).as("outcome of %s", d.causes()).isEqualTo(Outcome.OK);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.causes()).isEmpty();
    }

    private static String evidenceOf(Diagnosis d) {
        return String.join("\n", d.primaryCause().orElseThrow().evidence().stream().map(t -> t.render(Locale.ROOT))
                .toList());
    }

    private static ProtocolExchange exchange(Diagnosis d) {
        return d.evidence().exchange().orElseThrow();
    }

    // ---- ws:// against servers that are not WebSocket servers

    @Test
    void aWebSocketClientAtAPlainHttpServerIsHttpNotWebSocket() throws IOException {
        start(Behaviour.HTTP_200);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY);
        assertThat(exchange(d).status()).isEqualTo(200);
        assertThat(evidenceOf(d)).contains("HTTP/1.1 200 OK");
    }

    @Test
    void aWebSocketClientAtATextEchoServerIsNonHttpReply() throws IOException {
        start(Behaviour.TEXT_ECHO);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.NON_HTTP_REPLY, Confidence.LIKELY);
        assertThat(exchange(d).sniffed()).get().satisfies(s -> assertThat(s.speech()).isEqualTo(Speech.TEXT));
    }

    @Test
    void aWebSocketClientAtABannerFirstGatewayIsServerSpeaksFirst() throws IOException {
        start(Behaviour.BANNER);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.SERVER_SPEAKS_FIRST, Confidence.LIKELY);
        assertThat(exchange(d).request()).as("nothing sent after the banner").isEmpty();
        assertThat(exchange(d).banner()).get().satisfies(b -> assertThat(b.label()).matches("Hello [0-9a-f]{20}"));
    }

    @Test
    void aWebSocketClientAtASilentServerIsNoReply() throws IOException {
        start(Behaviour.SILENT);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.NO_REPLY, CauseId.NO_REPLY, Confidence.LIKELY);
        assertThat(exchange(d).reply()).isEqualTo(Reply.SILENT);
        assertThat(exchange(d).tlsFollowUp()).as("a TLS follow-up was tried and failed")
                .get().satisfies(t -> assertThat(t.established()).isFalse());
    }

    @Test
    void aPortThatClosesEveryConnectionAtOnceBeforeAByteIsAForwarderWhoseBackendRefused() throws IOException {
        start(Behaviour.CLOSE_IMMEDIATELY);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.CLOSED, CauseId.FORWARDER_BACKEND_REFUSED, Confidence.LIKELY);
        assertThat(exchange(d).reply()).isIn(Reply.EOF, Reply.RESET);
        assertThat(exchange(d).request()).as("nothing was sent: the port closed first").isEmpty();
        assertThat(exchange(d).closedOnAccept()).get().satisfies(c -> {
            assertThat(c.tries()).isEqualTo(3);
            assertThat(c.everyTime()).isTrue();
        });
        assertThat(d.causes()).extracting(c -> c.id()).doesNotContain(CauseId.CLOSED_WITHOUT_REPLY);
    }

    @Test
    void aWssClientAtAPortThatClosesEveryConnectionAtOnceIsAForwarderToo() throws IOException {
        start(Behaviour.CLOSE_IMMEDIATELY);

        Diagnosis d = diagnose(url("wss", "/"));

        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.FORWARDER_BACKEND_REFUSED);
        assertThat(exchange(d).closedOnAccept()).get().satisfies(c -> assertThat(c.everyTime()).isTrue());
    }

    @Test
    void aServerThatWaitsForItsClientIsNeverTakenForAForwarder() throws IOException {
        start(Behaviour.CLOSE_AFTER_READ);

        Diagnosis d = diagnose(url("ws", "/"));

        assertThat(exchange(d).closedOnAccept()).as("it did not close before the request").isEmpty();
        assertThat(d.causes()).extracting(c -> c.id()).doesNotContain(CauseId.FORWARDER_BACKEND_REFUSED);
    }

    @Test
    void aWebSocketClientAtAFrameListenerThatClosesAfterReadingIsClosedWithoutReply() throws IOException {
        start(Behaviour.CLOSE_AFTER_READ);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.CLOSED, CauseId.CLOSED_WITHOUT_REPLY, Confidence.LIKELY);
        assertThat(exchange(d).request()).as("the request was sent").startsWith("GET / HTTP/1.1");
        assertThat(exchange(d).reply()).isIn(Reply.EOF, Reply.RESET);
    }

    @Test
    void aWebSocketClientAtATlsServerThatClosesIsTlsRequiredConfirmedByTheFollowUpHandshake() throws IOException {
        startTls(Behaviour.WEBSOCKET, valid.serverContext()); // closes on plain bytes, as OpenSSL does

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.CLOSED, CauseId.TLS_REQUIRED, Confidence.CONFIRMED);
        assertThat(exchange(d).reply()).isIn(Reply.EOF, Reply.RESET);
        assertThat(exchange(d).tlsFollowUp()).get().satisfies(t -> assertThat(t.established()).isTrue());
        assertThat(evidenceOf(d)).contains("TLS");
        assertThat(ServerSpeech.describe(exchange(d)).render(Locale.ROOT)).contains("TLS");
    }

    @Test
    void aWebSocketClientAtATlsServerThatAnswersWithAnAlertIsTlsRequired() throws IOException {
        server = TestServer.builder(Behaviour.WEBSOCKET).tls(valid.serverContext())
                .plainClients(TestServer.PlainClientAnswer.TLS_ALERT).start();

        Diagnosis d = diagnose(url("ws", "/"));

        // the alert record is the evidence; no follow-up handshake runs after an answer
        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.TLS_REQUIRED, Confidence.LIKELY);
        assertThat(exchange(d).sniffed()).get().satisfies(s -> assertThat(s.speech()).isEqualTo(Speech.TLS_ALERT));
    }

    // ---- ws:// against WebSocket servers

    @Test
    void aWrongSecWebSocketAcceptIsAnInvalidHandshakeConfirmed() throws IOException {
        start(Behaviour.WEBSOCKET_WRONG_ACCEPT);

        Diagnosis d = diagnose(url("ws", "/"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.WEBSOCKET_HANDSHAKE_INVALID, Confidence.CONFIRMED);
        assertThat(exchange(d).status()).isEqualTo(101);
        assertThat(evidenceOf(d)).containsIgnoringCase("Sec-WebSocket-Accept");
    }

    @Test
    void anUpgradeAtTheWrongPathIsWebSocketPathNotFound() throws IOException {
        start(Behaviour.WEBSOCKET_ONE_PATH);

        Diagnosis d = diagnose(url("ws", "/chat"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.WEBSOCKET_PATH_NOT_FOUND, Confidence.LIKELY);
        assertThat(exchange(d).status()).isEqualTo(404);
        assertThat(d.primaryCause().orElseThrow().summary().render(Locale.ROOT)).contains("/chat");
    }

    @Test
    void anUpgradeAtTheServedPathWorks() throws IOException {
        start(Behaviour.WEBSOCKET_ONE_PATH);

        Diagnosis d = diagnose(url("ws", TestServer.WEBSOCKET_PATH));

        assertOk(d);
        assertThat(exchange(d).pingAnswered()).contains(true);
    }

    @Test
    void aWorkingWebSocketIsOkAndAnswersThePing() throws IOException {
        start(Behaviour.WEBSOCKET);

        Diagnosis d = diagnose(url("ws", "/"));

        assertOk(d);
        assertThat(d.warnings()).isEmpty();
        assertThat(exchange(d).websocket()).get().satisfies(v -> assertThat(v.ok()).isTrue());
        assertThat(exchange(d).pingAnswered()).contains(true);
        assertThat(ServerSpeech.describe(exchange(d)).render(Locale.ROOT)).contains("101");
    }

    // ---- http:// against a WebSocket server

    @Test
    void anHttpClientAtAWebSocketOnlyServerIsWebSocketOnly() throws IOException {
        start(Behaviour.WEBSOCKET);

        Diagnosis d = diagnose(url("http", "/"));

        assertFailed(d, Symptom.HANDSHAKE_FAILED, CauseId.WEBSOCKET_ONLY, Confidence.LIKELY);
        assertThat(exchange(d).status()).isEqualTo(400);
        assertThat(exchange(d).http().orElseThrow().header("Sec-WebSocket-Version")).contains("13");
        assertThat(evidenceOf(d)).containsIgnoringCase("workerman");
    }

    @Test
    void anHttpClientAtAnHttpServerIsOk() throws IOException {
        start(Behaviour.HTTP_200);

        assertOk(diagnose(url("http", "/")));
    }

    // ---- TLS

    @Test
    void aWssClientAtAPlainHttpServerIsTlsNotOffered() throws IOException {
        start(Behaviour.HTTP_200);

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_NOT_OFFERED, Confidence.CONFIRMED);
        assertThat(exchange(d).plainFollowUp()).as("what the port says in plain")
                .get().satisfies(s -> assertThat(s.label()).startsWith("HTTP/1.1 200"));
    }

    @Test
    void aWssClientAtAPlainWebSocketSilentToTlsIsTlsNotOfferedConfirmedByThePlainUpgrade() throws IOException {
        start(Behaviour.WEBSOCKET_SILENT_TO_TLS);

        Diagnosis d = diagnose(url("wss", "/chat"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_NOT_OFFERED, Confidence.CONFIRMED);
        assertThat(exchange(d).tls()).get().satisfies(t -> assertThat(t.failedWith(TlsProblem.SILENT)).isTrue());
        assertThat(exchange(d).plainFollowUp()).as("the same upgrade in plain, on a new connection")
                .get().satisfies(s -> assertThat(s.label()).isEqualTo("HTTP/1.1 101 Switching Protocols"));
        assertThat(evidenceOf(d)).contains("did not answer the TLS ClientHello within 2000 ms")
                .contains("answers: HTTP/1.1 101 Switching Protocols (http)");
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.NO_REPLY);
        assertThat(d.elapsedMs()).as("the handshake's timeout and a follow-up, not two timeouts").isLessThan(3500);
    }

    @Test
    void anHttpsClientAtAPlainPortSilentToTlsIsTlsNotOfferedToo() throws IOException {
        start(Behaviour.WEBSOCKET_SILENT_TO_TLS);

        Diagnosis d = diagnose(url("https", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_NOT_OFFERED, Confidence.CONFIRMED);
        assertThat(exchange(d).plainFollowUp()).get().satisfies(s -> assertThat(s.label()).startsWith("HTTP/1.1 400"));
    }

    @Test
    void aWssClientAtAPortSilentToEverythingIsStillNoReply() throws IOException {
        start(Behaviour.SILENT);

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.NO_REPLY, Confidence.LIKELY);
        assertThat(exchange(d).plainFollowUp()).as("the plain follow-up ran and heard nothing").isEmpty();
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.TLS_NOT_OFFERED);
    }

    @Test
    void aWssClientAtATlsWebSocketWithATrustedCertificateIsOk() throws IOException {
        startTls(Behaviour.WEBSOCKET, valid.serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertOk(d);
        TlsOutcome tls = exchange(d).tls().orElseThrow();
        assertThat(tls.established()).isTrue();
        assertThat(tls.insecure()).isFalse();
        assertThat(tls.leaf()).get().satisfies(leaf -> assertThat(leaf.subjectAltNames()).contains("127.0.0.1"));
        assertThat(exchange(d).pingAnswered()).contains(true);
    }

    @Test
    void anHttpsClientAtATlsHttpServerIsOk() throws IOException {
        startTls(Behaviour.HTTP_200, valid.serverContext());

        assertOk(diagnose(url("https", "/")));
    }

    @Test
    void anExpiredCertificateIsTlsExpired() throws IOException {
        startTls(Behaviour.WEBSOCKET, ca.issueExpired("localhost", "127.0.0.1").serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_EXPIRED, Confidence.CONFIRMED);
    }

    @Test
    void aCertificateNotYetValidIsTlsExpiredToo() throws IOException {
        startTls(Behaviour.WEBSOCKET, ca.issueNotYetValid("localhost", "127.0.0.1").serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_EXPIRED, Confidence.CONFIRMED);
    }

    @Test
    void aCertificateForAnotherNameIsTlsNameMismatchForAnAddress() throws IOException {
        startTls(Behaviour.WEBSOCKET, ca.issue("other.example").serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_NAME_MISMATCH, Confidence.CONFIRMED);
        assertThat(evidenceOf(d)).contains("other.example");
    }

    @Test
    void aCertificateForAnotherNameIsTlsNameMismatchForAName() throws IOException {
        startTls(Behaviour.WEBSOCKET, ca.issue("other.example").serverContext());
        ConnDoctor doctor = ConnDoctor.builder().trust(ca.trustManager())
                .resolver(host -> List.of(InetAddress.getByName("127.0.0.1"))).build();

        Diagnosis d = diagnose(doctor, "wss://service.test:" + server.port() + "/", FAST);

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_NAME_MISMATCH, Confidence.CONFIRMED);
        assertThat(exchange(d).tls().orElseThrow().sni()).isEqualTo("service.test");
    }

    @Test
    void aSelfSignedCertificateIsTlsUntrusted() throws IOException {
        startTls(Behaviour.WEBSOCKET, TestCertificates.selfSigned("localhost", "127.0.0.1").serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_UNTRUSTED, Confidence.CONFIRMED);
        assertThat(evidenceOf(d)).containsIgnoringCase("self-signed");
    }

    @Test
    void aCertificateOfAnUnknownAuthorityIsTlsUntrusted() throws IOException {
        startTls(Behaviour.WEBSOCKET, TestCertificates.newAuthority("stranger CA").issue("127.0.0.1").serverContext());

        Diagnosis d = diagnose(url("wss", "/"));

        assertFailed(d, Symptom.TLS_FAILED, CauseId.TLS_UNTRUSTED, Confidence.CONFIRMED);
    }

    @Test
    void anUnknownAuthorityWithInsecureIsOkAndTheReportSaysVerificationWasSkipped() throws IOException {
        startTls(Behaviour.WEBSOCKET, TestCertificates.newAuthority("stranger CA").issue("127.0.0.1").serverContext());

        Diagnosis d = diagnose(trustingTheCa(), url("wss", "/"), FAST.toBuilder().insecure(true).build());

        assertOk(d);
        assertThat(exchange(d).tls()).get().satisfies(t -> {
            assertThat(t.established()).isTrue();
            assertThat(t.insecure()).as("the exchange says verification was skipped").isTrue();
        });
        assertThat(d.warnings()).extracting(Text::key).contains("warning.insecure");
    }

    @Test
    void insecureIsForThatDiagnosisOnlyNeverJvmWide() throws IOException {
        startTls(Behaviour.WEBSOCKET, TestCertificates.newAuthority("stranger CA").issue("127.0.0.1").serverContext());
        ConnDoctor doctor = trustingTheCa();

        assertOk(diagnose(doctor, url("wss", "/"), FAST.toBuilder().insecure(true).build()));
        Diagnosis after = diagnose(doctor, url("wss", "/"), FAST);

        assertFailed(after, Symptom.TLS_FAILED, CauseId.TLS_UNTRUSTED, Confidence.CONFIRMED);
    }

    // ---- tcp:// and text://

    @Test
    void aTcpClientAtABannerFirstGatewayIsOkAndTheBannerNamesIt() throws IOException {
        start(Behaviour.BANNER);

        Diagnosis d = diagnose(url("tcp", ""));

        assertOk(d);
        assertThat(exchange(d).banner()).get().satisfies(b -> {
            assertThat(b.speech()).isEqualTo(Speech.TEXT);
            assertThat(b.label()).matches("Hello [0-9a-f]{20}");
        });
        assertThat(ServerSpeech.describe(exchange(d)).render(Locale.ROOT)).contains("Hello ");
    }

    @Test
    void aTextClientAtATextEchoServerIsOk() throws IOException {
        start(Behaviour.TEXT_ECHO);

        Diagnosis d = diagnose(url("text", ""));

        assertOk(d);
        assertThat(exchange(d).sniffed()).get().satisfies(s -> assertThat(s.label()).isEqualTo("conndoctor"));
    }

    @Test
    void aTcpClientAtASilentServerIsOkAndSaysNothingCameFirst() throws IOException {
        start(Behaviour.SILENT);

        Diagnosis d = diagnose(url("tcp", ""));

        assertOk(d);
        assertThat(exchange(d).banner()).isEmpty();
    }
}
