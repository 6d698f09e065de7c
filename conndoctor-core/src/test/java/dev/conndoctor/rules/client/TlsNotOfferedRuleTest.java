package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.evidenceKeys;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.TlsProblem;
import org.junit.jupiter.api.Test;

class TlsNotOfferedRuleTest {

    private static final String NOT_TLS = "Unsupported or unrecognized SSL message";

    private final Rule<Evidence> rule = new TlsNotOfferedRule();

    @Test
    void wssToPlainHttpIsConfirmedTlsNotOfferedWithThePlainAnswer() {
        Cause cause = assertFilled(found(rule.evaluate(to("wss://192.0.2.10:8282/chat")
                .tls(tlsFailed(TlsProblem.NOT_TLS, NOT_TLS))
                .plainFollowUp("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n").evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_NOT_OFFERED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("Port 8282 does not speak TLS");
        assertThat(evidence(cause))
                .contains("The TLS handshake with 192.0.2.10:8282 failed: \"Unsupported or unrecognized SSL message\"")
                .contains("Asked in plain text, 192.0.2.10:8282 answers: HTTP/1.1 400 Bad Request (http)");
        assertThat(fixes(cause)).contains("Connect with ws:// instead of wss://").contains("listen 8282 ssl;");
    }

    @Test
    void httpsAndTlsClientsAreToldTheirPlainCounterpart() {
        assertThat(fixes(found(rule.evaluate(to("https://192.0.2.10:8080/")
                .tls(tlsFailed(TlsProblem.NOT_TLS, NOT_TLS)).evidence()))))
                .contains("Connect with http:// instead of https://");
        assertThat(fixes(found(rule.evaluate(to("tls://192.0.2.10:6379")
                .tls(tlsFailed(TlsProblem.NOT_TLS, NOT_TLS)).plainFollowUp("-ERR unknown command\r\n").evidence()))))
                .contains("Connect with tcp:// instead of tls://");
    }

    @Test
    void withoutAPlainAnswerTheTlsFailureStillShows() {
        Cause cause = found(rule.evaluate(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.NOT_TLS, NOT_TLS))
                .evidence()));

        assertThat(evidenceKeys(cause)).containsExactly("evidence.tls-failed");
    }

    @Test
    void aClientHelloLeftUnansweredWhileThePlainUpgradeWorksIsConfirmedTlsNotOffered() {
        Cause cause = assertFilled(found(rule.evaluate(to("wss://192.0.2.10:8282/chat")
                .tls(tlsFailed(TlsProblem.SILENT, "the handshake was not complete by the deadline (Read timed out)"))
                .plainFollowUp("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_NOT_OFFERED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.tls-silent", "evidence.plain-follow-up");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 did not answer the TLS ClientHello within 3000 ms")
                .contains("Asked in plain text, 192.0.2.10:8282 answers: HTTP/1.1 101 Switching Protocols (http)");
        assertThat(fixes(cause)).contains("Connect with ws:// instead of wss://");
    }

    @Test
    void anHttpsClientHelloLeftUnansweredWhileAPlainGetIsAnsweredIsTlsNotOfferedToo() {
        assertThat(found(rule.evaluate(to("https://192.0.2.10:8080/")
                .tls(tlsFailed(TlsProblem.SILENT, "Read timed out")).plainFollowUp("HTTP/1.1 200 OK\r\n\r\n")
                .evidence())).id()).isEqualTo(CauseId.TLS_NOT_OFFERED);
    }

    @Test
    void aClientHelloLeftUnansweredIsNotEnoughWithoutAPlainAnswer() {
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.SILENT, "Read timed out"))
                .evidence()));
    }

    @Test
    void aSilentClientHelloWhosePlainRequestGetsATlsAlertIsNoPlainPort() {
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.SILENT, "Read timed out"))
                .plainFollowUp("\u0015\u0003\u0003\u0000\u0002\u0002\u0046").evidence()));
    }

    @Test
    void otherTlsProblemsSayNothing() {
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, "PKIX path building"
                + " failed")).evidence()));
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.CLOSED, "Remote host terminated"
                + " the handshake")).evidence()));
    }

    @Test
    void plainClientsSayNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer("hello\n").evidence()));
    }
}
