package dev.conndoctor.rules;

import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.ExchangeBuilder;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.TlsProblem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolOutcomeTest {

    @Test
    void failedTlsStepIsTlsFailed() {
        assertThat(failure(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, "PKIX"))))
                .contains(Symptom.TLS_FAILED);
        assertThat(failure(to("tls://192.0.2.10:8443").tls(tlsFailed(TlsProblem.CLOSED, "closed"))))
                .contains(Symptom.TLS_FAILED);
    }

    @Test
    void tcpAndTlsTargetsWorkOnceConnected() {
        assertThat(failure(to("tcp://192.0.2.10:2347").banner(Answers.GATEWAY_BANNER))).isEmpty();
        assertThat(failure(to("tcp://192.0.2.10:2347").closed())).isEmpty();
        assertThat(failure(to("tls://192.0.2.10:8443").tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256"))))
                .isEmpty();
    }

    @Test
    void bannerBeforeAnHttpOrWebSocketHandshakeIsAHandshakeFailure() {
        assertThat(failure(to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER))).contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("http://192.0.2.10:22/").banner("SSH-2.0-OpenSSH_9.6\r\n")))
                .contains(Symptom.HANDSHAKE_FAILED);
    }

    @Test
    void textTargetWithABannerIsJudgedByItsAnswer() {
        assertThat(failure(to("text://192.0.2.10:7000").banner("welcome\n").answer("conndoctor\n"))).isEmpty();
    }

    @Test
    void closeAndResetAreClosed() {
        assertThat(failure(to("ws://192.0.2.10:8282/").closed())).contains(Symptom.CLOSED);
        assertThat(failure(to("http://192.0.2.10:8282/").reset())).contains(Symptom.CLOSED);
    }

    @Test
    void silenceIsNoReply() {
        assertThat(failure(to("text://192.0.2.10:7000").silent())).contains(Symptom.NO_REPLY);
    }

    @Test
    void nothingSentIsNoFailure() {
        assertThat(failure(to("ws://192.0.2.10:8282/"))).isEmpty();
    }

    @Test
    void webSocketWorksOnlyWithAVerifiedHandshake() {
        assertThat(failure(to("ws://192.0.2.10:8282/").answer(Answers.WEBSOCKET_101))).isEmpty();
        assertThat(failure(to("ws://192.0.2.10:8282/").answer(Answers.WEBSOCKET_101_WRONG_ACCEPT)))
                .contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("ws://192.0.2.10:8282/").answer(Answers.NGINX_STATIC_200)))
                .contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("ws://192.0.2.10:8282/").answer("hello\n"))).contains(Symptom.HANDSHAKE_FAILED);
    }

    @Test
    void httpWorksWithAnyAnswerButAWebSocketOrTlsPortComplaint() {
        assertThat(failure(to("http://192.0.2.10:80/").answer(Answers.PLAIN_200))).isEmpty();
        assertThat(failure(to("http://192.0.2.10:80/").answer(Answers.NOT_FOUND_404))).isEmpty();
        assertThat(failure(to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_52_400)))
                .contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("http://192.0.2.10:443/").answer(Answers.NGINX_PLAIN_HTTP_TO_HTTPS)))
                .contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("http://192.0.2.10:8282/").answer("hello\n"))).contains(Symptom.HANDSHAKE_FAILED);
    }

    @Test
    void textWorksWithATextLineThatIsNoHttpStatus() {
        assertThat(failure(to("text://192.0.2.10:7000").answer("conndoctor\n"))).isEmpty();
        assertThat(failure(to("text://192.0.2.10:7000").answer("HTTP/1.1 400 Bad Request\r\n\r\n")))
                .contains(Symptom.HANDSHAKE_FAILED);
        assertThat(failure(to("text://192.0.2.10:7000").answer(new byte[] {0, 0, 0, 5})))
                .contains(Symptom.HANDSHAKE_FAILED);
    }

    private static Optional<Symptom> failure(ExchangeBuilder x) {
        return ProtocolOutcome.failure(x.build());
    }
}
