package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
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

class ClosedWithoutReplyRuleTest {

    private final Rule<Evidence> rule = new ClosedWithoutReplyRule();

    @Test
    void closeWithoutAByteAndNoTlsEitherIsLikelyClosedWithoutReply() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").closed().elapsedMs(3)
                .tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "Remote host terminated the handshake")).evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.CLOSED_WITHOUT_REPLY);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("port 8282 closed the connection without a byte");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 ended the connection (eof) without a byte after \"GET /chat HTTP/1.1\", 3 ms in")
                .contains("A TLS handshake on the same port failed too (closed)")
                .contains("length-prefixed frame listener");
        assertThat(fixes(cause)).contains("sport = :8282").contains("fail2ban");
    }

    @Test
    void resetIsNamedAsAReset() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:8282/").reset().evidence()));

        assertThat(evidence(cause)).contains("(reset)");
        assertThat(evidenceKeys(cause)).doesNotContain("fingerprint.frame-listener", "evidence.tls-follow-up-failed");
    }

    @Test
    void closeBeforeAnyRequestShowsADash() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/").request("").closed().evidence()));

        assertThat(evidence(cause)).contains("without a byte after \"-\"");
    }

    @Test
    void closeWhereTlsWorksIsLeftToTlsRequired() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8443/chat").closed()
                .tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                        validCertificate("CN=chat.example", "CN=R11", "chat.example"))).evidence()));
    }

    @Test
    void answersAndSilenceSayNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer("hello\n").evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").silent().evidence()));
    }

    @Test
    void tcpTargetsSayNothing() {
        assertSilent(rule.evaluate(to("tcp://192.0.2.10:8282").closed().evidence()));
    }

    @Test
    void aHeadCutShortByACloseIsNotAClosedWithoutAByte() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer("HTTP/1.1 101 Swi").closed().evidence()));
    }

    @Test
    void aServerThatGreetedBeforeClosingDidNotCloseWithoutAByte() {
        assertSilent(rule.evaluate(to("text://192.0.2.10:22").banner("SSH-2.0-OpenSSH_9.6\r\n").closed().evidence()));
    }
}
