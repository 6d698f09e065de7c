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
    void tcpTargetsSayNothing() {
        assertSilent(rule.evaluate(to("tcp://192.0.2.10:8282").silent().evidence()));
    }
}
