package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.GATEWAY_BANNER;
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
import org.junit.jupiter.api.Test;

class ServerSpeaksFirstRuleTest {

    private final Rule<Evidence> rule = new ServerSpeaksFirstRule();

    @Test
    void gatewayBannerBeforeTheUpgradeIsLikelyServerSpeaksFirst() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").banner(GATEWAY_BANNER)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("port 8282 speaks first");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 spoke first, before any request: Hello 0123456789abcdef0123 (text)")
                .contains("The first bytes: Hello 0123456789abcdef0123\\n")
                .contains("banner-first TCP gateway");
        assertThat(fixes(cause)).contains("tcp:// or text://").contains("websocket://0.0.0.0:8282");
    }

    @Test
    void sshBannerIsServerSpeaksFirstWithoutAFingerprint() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:22/").banner("SSH-2.0-OpenSSH_9.6\r\n").evidence()));

        assertThat(evidence(cause)).contains("SSH-2.0-OpenSSH_9.6 (ssh)");
        assertThat(evidenceKeys(cause)).doesNotContain("fingerprint.gateway-banner");
    }

    @Test
    void helloWithTooFewHexDigitsIsNoGateway() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/").banner("Hello 0123456789\n").evidence()));

        assertThat(evidenceKeys(cause)).doesNotContain("fingerprint.gateway-banner");
    }

    @Test
    void textAndTcpTargetsMayBeGreeted() {
        assertSilent(rule.evaluate(to("text://192.0.2.10:8282").banner(GATEWAY_BANNER).evidence()));
        assertSilent(rule.evaluate(to("tcp://192.0.2.10:8282").banner(GATEWAY_BANNER).evidence()));
    }

    @Test
    void aTextTargetGreetedAndThenLeftUnansweredIsServerSpeaksFirstWithItsOwnSummary() {
        Cause closed = found(rule.evaluate(to("text://192.0.2.10:22").banner("SSH-2.0-OpenSSH_9.6\r\n").closed()
                .evidence()));
        Cause silent = found(rule.evaluate(to("text://192.0.2.10:25").banner("220 mail.example.com ESMTP\r\n").silent()
                .evidence()));

        assertThat(closed.id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
        assertThat(summary(closed)).contains("port 22 speaks first and does not answer this client's line");
        assertThat(evidence(closed)).contains("SSH-2.0-OpenSSH_9.6");
        assertThat(fixes(closed)).doesNotContain("ws://").contains("really listens on");
        assertThat(silent.id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
    }

    @Test
    void noBannerSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer("hello\n").evidence()));
    }
}
