package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.NGINX_PLAIN_HTTP_TO_HTTPS;
import static dev.conndoctor.fixtures.Answers.NOT_FOUND_404;
import static dev.conndoctor.fixtures.Answers.PLAIN_200;
import static dev.conndoctor.fixtures.Answers.UPGRADE_REQUIRED_426;
import static dev.conndoctor.fixtures.Answers.WORKERMAN_4_400;
import static dev.conndoctor.fixtures.Answers.WORKERMAN_52_400;
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

class WebSocketOnlyRuleTest {

    private final Rule<Evidence> rule = new WebSocketOnlyRule();

    @Test
    void httpClientGettingUpgradeRequiredIsLikelyWebSocketOnly() {
        Cause cause = assertFilled(found(rule.evaluate(to("http://192.0.2.10:8282/").answer(UPGRADE_REQUIRED_426)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.WEBSOCKET_ONLY);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("Port 8282 is a WebSocket server");
        assertThat(evidence(cause)).contains("answered: HTTP/1.1 426 Upgrade Required (http)")
                .contains("The body begins: Upgrade Required");
    }

    @Test
    void httpClientGettingBadRequestWithTheWebSocketVersionIsWebSocketOnly() {
        Cause cause = assertFilled(found(rule.evaluate(to("http://192.0.2.10:8282/").answer(WORKERMAN_52_400)
                .evidence())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("HTTP/1.1 400 Bad Request")
                .contains("looks like a Workerman websocket listener (5.2 or later)");
    }

    @Test
    void olderWorkermanPageIsWebSocketOnly() {
        Cause cause = found(rule.evaluate(to("http://192.0.2.10:8282/").answer(WORKERMAN_4_400).evidence()));

        assertThat(evidence(cause)).contains("This is a WebSocket service").contains("older Workerman websocket listener");
    }

    @Test
    void fixesNameTheWebSocketSchemeAndPort() {
        assertThat(fixes(found(rule.evaluate(to("http://192.0.2.10:8282/").answer(WORKERMAN_52_400).evidence()))))
                .contains("Connect with ws://HOST:8282").contains("listener on 8282");
        assertThat(fixes(found(rule.evaluate(to("https://192.0.2.10:8443/").answer(WORKERMAN_52_400).evidence()))))
                .contains("Connect with wss://HOST:8443");
    }

    @Test
    void ordinaryAnswersSayNothing() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:8282/").answer(PLAIN_200).evidence()));
        assertSilent(rule.evaluate(to("http://192.0.2.10:8282/").answer(NOT_FOUND_404).evidence()));
        assertSilent(rule.evaluate(to("http://192.0.2.10:443/").answer(NGINX_PLAIN_HTTP_TO_HTTPS).evidence()));
    }

    @Test
    void webSocketClientSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer(UPGRADE_REQUIRED_426).evidence()));
    }

    @Test
    void noHttpAnswerSaysNothing() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:8282/").silent().evidence()));
    }
}
