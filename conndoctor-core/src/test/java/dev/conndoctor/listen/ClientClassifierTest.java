package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Text;
import dev.conndoctor.listen.ClientClassifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientClassifierTest {

    private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: a.test\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private static Verdict plain(ClientClassifier classifier, String sent) {
        byte[] buffer = new byte[ListenServer.MAX_HEAD];
        byte[] bytes = sent.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        return classifier.classify(buffer, bytes.length, false, buffer, bytes.length, false);
    }

    @Test
    void aWebSocketUpgradeAtAWebSocketListenerMatchesAndIsAnswered() {
        Verdict verdict = plain(new ClientClassifier(ListenProtocol.WEBSOCKET, false, false, "8282"), UPGRADE + "\r\n");

        assertThat(verdict.reading().spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
        assertThat(verdict.matches()).isTrue();
        assertThat(verdict.answered()).isTrue();
        assertThat(verdict.fix()).isEmpty();
        assertThat(verdict.proof()).isFalse();
        assertThat(verdict.report(Instant.EPOCH, "192.0.2.1:5000").path()).contains("/chat");
    }

    @Test
    void theNonceHeaderGetsTheProofOnlyWhenTheListenerHasAToken() {
        String withNonce = UPGRADE + "X-Conndoctor-Nonce: abc\r\n\r\n";

        assertThat(plain(new ClientClassifier(ListenProtocol.WEBSOCKET, false, true, "8282"), withNonce).proof()).isTrue();
        assertThat(plain(new ClientClassifier(ListenProtocol.WEBSOCKET, false, false, "8282"), withNonce).proof()).isFalse();
    }

    @Test
    void theProofLineCountsForTextAndTcpListenersOnly() {
        String line = "CONNDOCTOR-PROOF abc\n";

        assertThat(plain(new ClientClassifier(ListenProtocol.TEXT, false, true, "7"), line).proof()).isTrue();
        assertThat(plain(new ClientClassifier(ListenProtocol.TCP, false, true, "7"), line).proof()).isTrue();
        assertThat(plain(new ClientClassifier(ListenProtocol.HTTP, false, true, "80"), line).proof()).isFalse();
    }

    @Test
    void aClientHelloAtAPlainListenerIsReportedAsTlsWithItsNameAndNotAnswered() {
        byte[] hello = CapturedHellos.OPENSSL_SNI;
        Verdict verdict = new ClientClassifier(ListenProtocol.WEBSOCKET, false, false, "8282")
                .classify(hello, hello.length, false, hello, hello.length, false);

        assertThat(verdict.reading().spoke()).isEqualTo(ClientSpeech.TLS);
        assertThat(verdict.sni()).isEqualTo(ClientHello.serverName(hello, hello.length)).isPresent();
        assertThat(verdict.matches()).isFalse();
        assertThat(verdict.answered()).isFalse();
        assertThat(verdict.fix().map(Text::key)).contains("listen.fix.tls-to-plain");
    }

    @Test
    void plainHttpAtATlsListenerIsNotAnsweredAndTheFixSaysUseTls() {
        byte[] sent = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Verdict verdict = new ClientClassifier(ListenProtocol.HTTP, true, false, "443")
                .classify(sent, sent.length, false, sent, sent.length, false);

        assertThat(verdict.answered()).isFalse();
        assertThat(verdict.fix().map(Text::key)).contains("listen.fix.plain-to-tls");
    }

    @Test
    void aRequestInsideACompletedHandshakeIsReadFromTheBytesInsideTls() {
        byte[] hello = CapturedHellos.OPENSSL_SNI;
        byte[] inside = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Verdict verdict = new ClientClassifier(ListenProtocol.HTTP, true, false, "443")
                .classify(hello, hello.length, true, inside, inside.length, false);

        assertThat(verdict.reading().spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(verdict.tls()).isTrue();
        assertThat(verdict.matches()).isTrue();
        assertThat(verdict.answered()).isTrue();
        assertThat(verdict.report(Instant.EPOCH, "p").sni()).isEqualTo(verdict.sni());
    }

    @Test
    void aHeadThatFillsTheBufferWithoutEndingIsTooLargeAndNotAnswered() {
        byte[] buffer = new byte[64];
        byte[] start = "GET / HTTP/1.1\r\nCookie: ".getBytes(StandardCharsets.ISO_8859_1);
        java.util.Arrays.fill(buffer, (byte) 'x');
        System.arraycopy(start, 0, buffer, 0, start.length);

        Verdict verdict = new ClientClassifier(ListenProtocol.HTTP, false, false, "80")
                .classify(buffer, buffer.length, false, buffer, buffer.length, false);

        assertThat(verdict.headTooLarge()).isTrue();
        assertThat(verdict.answered()).isFalse();
    }

    @Test
    void aClientThatClosesAtOnceIsAPortCheckWithItsOwnFix() {
        byte[] none = new byte[16];
        Verdict verdict = new ClientClassifier(ListenProtocol.TEXT, false, false, "7")
                .classify(none, 0, false, none, 0, true);

        assertThat(verdict.reading().spoke()).isEqualTo(ClientSpeech.NOTHING);
        assertThat(verdict.portCheck()).isTrue();
        assertThat(verdict.answered()).isFalse();
        assertThat(verdict.fix().map(Text::key)).contains("listen.fix.closed-at-once");
    }

    @Test
    void aFailedHandshakeIsReportedAsTlsWithTheFailureInTheFix() {
        byte[] hello = CapturedHellos.OPENSSL_SNI;

        ClientReport report = ClientClassifier.handshakeFailed(Instant.EPOCH, "p", hello, hello.length, "bad cert");

        assertThat(report.spoke()).isEqualTo(ClientSpeech.TLS);
        assertThat(report.matches()).isFalse();
        assertThat(report.fix().map(Text::key)).contains("listen.fix.tls-handshake-failed");
        assertThat(report.fix().orElseThrow().args()).containsExactly("bad cert");
    }

    @Test
    void aBrowserAskingForTheCheckPageMatchesAndIsNotCounted() {
        Verdict verdict = plain(new ClientClassifier(ListenProtocol.WEBSOCKET, false, false, "8282"),
                "GET / HTTP/1.1\r\nHost: a.test\r\nAccept: text/html,*/*;q=0.8\r\n\r\n");

        assertThat(verdict.route()).isEqualTo(BrowserRoute.PAGE);
        assertThat(verdict.matches()).isTrue();
        assertThat(verdict.fix()).isEmpty();
        assertThat(verdict.counted()).isFalse();
    }

    @Test
    void theChecksSocketWithoutItsUpgradeIsToldThatAProxyDroppedIt() {
        Verdict verdict = plain(new ClientClassifier(ListenProtocol.WEBSOCKET, false, false, "8282"),
                "GET /_conndoctor/ws?check=0123456789abcdef0123456789abcdef&try=ws HTTP/1.0\r\nHost: a\r\n\r\n");

        assertThat(verdict.route()).isEqualTo(BrowserRoute.STRIPPED);
        assertThat(verdict.matches()).isFalse();
        assertThat(verdict.fix().map(Text::key)).contains("listen.fix.upgrade-stripped");
        assertThat(verdict.counted()).isFalse();
    }

    @Test
    void theCheckPageIsAWebSocketListenersOnly() {
        String navigation = "GET /_conndoctor HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n";

        assertThat(plain(new ClientClassifier(ListenProtocol.HTTP, false, false, "80"), navigation).route())
                .isEqualTo(BrowserRoute.NONE);
        // plain HTTP at a TLS WebSocket listener is not answered, so it gets no page either
        assertThat(plain(new ClientClassifier(ListenProtocol.WEBSOCKET, true, false, "443"), navigation).route())
                .isEqualTo(BrowserRoute.NONE);
    }
}
