package dev.conndoctor.describe;

import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.ExchangeBuilder;
import dev.conndoctor.fixtures.Verdicts;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Text;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One case per branch of the line that says what the server speaks. */
class ServerSpeechTest {

    @Test
    void bannerIsWhatTheServerSaysFirst() {
        assertThat(describe(to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER)))
                .isEqualTo("it speaks first: text, \"Hello 0123456789abcdef0123\"");
    }

    @Test
    void failedTlsWithAPlainAnswerSaysWhatItSpeaksInPlain() {
        assertThat(describe(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.NOT_TLS,
                "Unsupported or unrecognized SSL message")).plainFollowUp("HTTP/1.1 200 OK\r\n\r\n")))
                .isEqualTo("no TLS; in plain it answers http: \"HTTP/1.1 200 OK\"");
    }

    @Test
    void failedTlsWithoutAPlainAnswerNamesTheProblem() {
        assertThat(describe(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, "PKIX path building failed"))))
                .isEqualTo("the TLS handshake failed (untrusted)");
    }

    @Test
    void failedTlsWithoutAProblemShowsAQuestionMark() {
        TlsOutcome unknown = new TlsOutcome(false, "", Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                "", false, Instant.parse("2025-06-01T12:00:00Z"));

        assertThat(describe(to("wss://192.0.2.10:8443/").tls(unknown))).isEqualTo("the TLS handshake failed (?)");
    }

    @Test
    void answerOverTlsNamesTheTlsVersionAndTheAnswer() {
        assertThat(describe(to("wss://192.0.2.10:8443/").tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256"))
                .answer(Answers.WEBSOCKET_101)))
                .isEqualTo("TLSv1.3, http: \"HTTP/1.1 101 Switching Protocols\"");
    }

    @Test
    void plainAnswerNamesTheKindAndTheLabel() {
        assertThat(describe(to("ws://192.0.2.10:8282/chat").answer(Answers.ECHO_OF_UPGRADE)))
                .isEqualTo("text: \"GET /chat HTTP/1.1\"");
    }

    @Test
    void nothingToPlainButWorkingTlsSaysTlsOnly() {
        assertThat(describe(to("ws://192.0.2.10:8443/").closed()
                .tlsFollowUp(tlsEstablished("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))))
                .isEqualTo("nothing to a plain request, but it speaks TLS (TLSv1.2)");
    }

    @Test
    void tlsOnlyWithoutANegotiatedVersionSaysTls() {
        TlsOutcome noVersion = new TlsOutcome(true, "", Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                "", true, Instant.parse("2025-06-01T12:00:00Z"));

        assertThat(describe(to("ws://192.0.2.10:8443/").silent().tlsFollowUp(noVersion)))
                .isEqualTo("nothing to a plain request, but it speaks TLS (TLS)");
    }

    @Test
    void closeWithoutAByte() {
        assertThat(describe(to("ws://192.0.2.10:8282/").closed()))
                .isEqualTo("nothing: it closes the connection without a byte");
    }

    @Test
    void resetWithoutAByte() {
        assertThat(describe(to("ws://192.0.2.10:8282/").reset()))
                .isEqualTo("nothing: it resets the connection without a byte");
    }

    @Test
    void silence() {
        assertThat(describe(to("ws://192.0.2.10:8282/").silent())).isEqualTo("nothing: it stays silent");
    }

    @Test
    void tlsTargetThatWasNeverAskedNamesTheHandshake() {
        assertThat(describe(to("tls://192.0.2.10:8443").tls(tlsEstablished("TLSv1.3", "TLS_AES_256_GCM_SHA384"))))
                .isEqualTo("TLSv1.3 (TLS_AES_256_GCM_SHA384)");
    }

    @Test
    void tcpTargetThatWasNeverAskedSaysNothingYet() {
        assertThat(describe(to("tcp://192.0.2.10:2347")))
                .isEqualTo("nothing before being asked (a tcp target only checks that it accepts)");
    }

    private static String describe(ExchangeBuilder x) {
        Text text = ServerSpeech.describe(x.build());
        return Verdicts.render(text);
    }
}
