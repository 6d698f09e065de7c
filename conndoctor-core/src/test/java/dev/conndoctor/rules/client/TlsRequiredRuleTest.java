package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.NGINX_PLAIN_HTTP_TO_HTTPS;
import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.TLS_ALERT;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.TlsProblem;
import org.junit.jupiter.api.Test;

class TlsRequiredRuleTest {

    private final Rule<Evidence> rule = new TlsRequiredRule();

    @Test
    void closeWithoutAByteWhereTlsWorksIsConfirmedTlsRequired() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8443/chat").closed()
                .tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                        validCertificate("CN=chat.example", "CN=R11,O=Let's Encrypt,C=US", "chat.example")))
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_REQUIRED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("Port 8443 speaks TLS");
        assertThat(evidence(cause))
                .contains("A TLS handshake on 192.0.2.10:8443 works (TLSv1.3, certificate CN=chat.example)");
        assertThat(fixes(cause)).contains("Connect with wss:// instead of ws://").contains("plain ws on a port");
    }

    @Test
    void silenceWhereTlsWorksIsConfirmedTlsRequired() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:8443/").silent()
                .tlsFollowUp(tlsEstablished("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).evidence()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("works (TLSv1.2, certificate -)");
        assertThat(fixes(cause)).contains("Connect with https:// instead of http://");
    }

    @Test
    void tlsAlertInTheReplyIsLikelyTlsRequired() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8443/chat").answer(TLS_ALERT).evidence())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("answered: TLS alert: protocol_version (tls-alert)");
    }

    @Test
    void tlsRecordInTheReplyIsLikelyTlsRequired() {
        Cause cause = found(rule.evaluate(to("text://192.0.2.10:8443")
                .answer(new byte[] {0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0x00}).evidence()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("TLS handshake record (tls)");
        assertThat(fixes(cause)).contains("Connect with tls:// instead of text://");
    }

    @Test
    void nginxPlainHttpToHttpsPageIsConfirmedTlsRequired() {
        Cause cause = assertFilled(found(rule.evaluate(to("http://192.0.2.10:443/").answer(NGINX_PLAIN_HTTP_TO_HTTPS)
                .evidence())));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause))
                .contains("HTTP/1.1 400 Bad Request (http)")
                .contains("The Server header says: nginx/1.24.0")
                .contains("The plain HTTP request was sent to HTTPS port")
                .contains("nginx's page for plain HTTP sent to its HTTPS port");
    }

    @Test
    void closeWhereTlsFailsTooSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").closed()
                .tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "Remote host terminated the handshake")).evidence()));
    }

    @Test
    void plainHttpAnswerSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:80/chat").answer(NGINX_STATIC_200).evidence()));
    }

    @Test
    void clientsThatAlreadyUseTlsSayNothing() {
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8443/chat").answer(TLS_ALERT).evidence()));
        assertSilent(rule.evaluate(to("https://192.0.2.10:8443/").answer(NGINX_PLAIN_HTTP_TO_HTTPS).evidence()));
    }
}
