package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
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

class NoReplyRuleTest {

    private final Rule<Evidence> rule = new NoReplyRule();

    @Test
    void silenceAfterTheRequestIsLikelyNoReply() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").silent()
                .tlsFollowUp(tlsFailed(TlsProblem.SILENT, "Read timed out")).evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.NO_REPLY);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("port 8282 accepts connections but does not answer");
        assertThat(evidence(cause)).contains("192.0.2.10:8282 stayed silent after \"GET /chat HTTP/1.1\" for 3000 ms");
        assertThat(fixes(cause)).contains("sport = :8282").contains("logs and load");
    }

    @Test
    void textTargetSilenceIsNoReply() {
        Cause cause = found(rule.evaluate(to("text://192.0.2.10:7000").silent().evidence()));

        assertThat(evidence(cause)).contains("after \"conndoctor\"");
    }

    @Test
    void silenceWhereTlsWorksIsLeftToTlsRequired() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:8443/").silent()
                .tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256")).evidence()));
    }

    @Test
    void answersAndClosesSayNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer("hello\n").evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").closed().evidence()));
    }

    @Test
    void aTlsTargetWhoseServerNeverAnswersTheClientHelloIsNoReplyNotNoKnownCause() {
        Cause cause = found(rule.evaluate(to("tls://192.0.2.10:8443")
                .tls(tlsFailed(TlsProblem.SILENT, "the handshake did not complete by the deadline")).evidence()));

        assertThat(cause.id()).isEqualTo(CauseId.NO_REPLY);
        assertThat(evidence(cause)).contains("192.0.2.10:8443 stayed silent after \"TLS ClientHello\"");
    }

    @Test
    void aClientHelloLeftUnansweredByAPortThatAnswersInPlainIsLeftToTlsNotOffered() {
        assertSilent(rule.evaluate(to("wss://192.0.2.10:8282/")
                .tls(tlsFailed(TlsProblem.SILENT, "Read timed out"))
                .plainFollowUp("HTTP/1.1 101 Switching Protocols\r\n\r\n").evidence()));
    }

    @Test
    void aPortSilentToTheClientHelloAndToThePlainRequestIsNoReply() {
        assertThat(found(rule.evaluate(to("wss://192.0.2.10:8282/")
                .tls(tlsFailed(TlsProblem.SILENT, "Read timed out")).evidence())).id()).isEqualTo(CauseId.NO_REPLY);
    }

    @Test
    void tcpTargetsSayNothing() {
        assertSilent(rule.evaluate(to("tcp://192.0.2.10:8282").silent().evidence()));
    }

    @Test
    void aHeadBegunAndUnfinishedAtTheDeadlineIsNamedSoNotSilence() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat")
                .answer("HTTP/1.1 101 Switch").silent().evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.NO_REPLY);
        assertThat(summary(cause)).contains("port 8282 began an HTTP answer and did not finish its head within 3000 ms");
        assertThat(evidence(cause)).contains("192.0.2.10:8282 answered \"GET /chat HTTP/1.1\" with \"HTTP/1.1 101 Switch\"")
                .contains("no end of the head within 3000 ms")
                .doesNotContain("stayed silent");
    }

    @Test
    void aHeadOverTheLimitIsNamedTooLargeNotNoKnownCause() {
        String huge = "HTTP/1.1 101 Switching Protocols\r\n" + "X-Filler: aaaaaaaa\r\n".repeat(1000);

        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat")
                .answer(huge.substring(0, 16 * 1024)).evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.NO_REPLY);
        assertThat(summary(cause)).contains("port 8282 sent an HTTP head of more than 16384 bytes without its end");
        assertThat(evidence(cause)).contains("a head over 16384 bytes").contains("HTTP/1.1 101 Switching Protocols");
    }

    @Test
    void aCompleteAnswerIsNotNoReply() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer("HTTP/1.1 200 OK\r\n\r\n").evidence()));
    }

    @Test
    void aTextTargetsPartialAnswerIsNotAnOversizedHead() {
        assertSilent(rule.evaluate(to("text://192.0.2.10:7000").answer("HTTP/1.1 200 OK\r\nX: y").evidence()));
    }
}
