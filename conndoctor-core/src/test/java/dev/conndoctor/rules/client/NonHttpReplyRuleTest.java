package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.ECHO_OF_UPGRADE;
import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.TLS_ALERT;
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
import org.junit.jupiter.api.Test;

class NonHttpReplyRuleTest {

    private final Rule<Evidence> rule = new NonHttpReplyRule();

    @Test
    void textEchoToAWebSocketUpgradeIsLikelyNonHttpReply() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(ECHO_OF_UPGRADE)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.NON_HTTP_REPLY);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("Port 8282 does not speak HTTP").contains("with text");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 answered: GET /chat HTTP/1.1 (text)")
                .contains("echoed the request line back");
        assertThat(fixes(cause)).contains("websocket://0.0.0.0:8282").contains("tcp:// or text://");
    }

    @Test
    void binaryAnswerIsNonHttpReply() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:8282/")
                .answer(new byte[] {0x00, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'}).evidence()));

        assertThat(summary(cause)).contains("with binary");
        assertThat(evidence(cause)).contains("9 bytes of binary data (binary)");
    }

    @Test
    void sshBannerAsAnAnswerIsNonHttpReply() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:22/").answer("SSH-2.0-OpenSSH_9.6\r\n").evidence()));

        assertThat(summary(cause)).contains("with ssh");
    }

    @Test
    void redisErrorIsNonHttpReply() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:6379/")
                .answer("-ERR unknown command 'GET', with args beginning with: '/' \r\n").evidence()));

        assertThat(evidence(cause)).contains("-ERR unknown command");
    }

    @Test
    void httpAnswerSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));
    }

    @Test
    void tlsAnswerIsLeftToTlsRequired() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(TLS_ALERT).evidence()));
    }

    @Test
    void textTargetsExpectText() {
        assertSilent(rule.evaluate(to("text://192.0.2.10:8282").answer("conndoctor\n").evidence()));
    }

    @Test
    void noAnswerSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").closed().evidence()));
    }
}
