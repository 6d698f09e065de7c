package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.FORBIDDEN_403;
import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.NOT_FOUND_404;
import static dev.conndoctor.fixtures.Answers.UNAUTHORIZED_401;
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

/** websocket-path-not-found and websocket-rejected: an upgrade answered with a telling status. */
class WebSocketStatusRulesTest {

    private final Rule<Evidence> pathNotFound = new WebSocketPathNotFoundRule();
    private final Rule<Evidence> rejected = new WebSocketRejectedRule();

    @Test
    void upgradeAnsweredWith404IsLikelyPathNotFound() {
        Cause cause = assertFilled(found(pathNotFound.evaluate(to("ws://192.0.2.10:8282/chat?room=1")
                .answer(NOT_FOUND_404).evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.WEBSOCKET_PATH_NOT_FOUND);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("at /chat?room=1").contains("answered 404");
        assertThat(evidence(cause)).contains("sent \"GET /chat?room=1 HTTP/1.1\"")
                .contains("HTTP/1.1 404 Not Found (http)")
                .contains("The body begins: Not Found");
        assertThat(fixes(cause)).contains("path the WebSocket endpoint is served at").contains("nginx");
    }

    @Test
    void upgradeAnsweredWith403IsLikelyRejected() {
        Cause cause = assertFilled(found(rejected.evaluate(to("wss://192.0.2.10:8443/chat").answer(FORBIDDEN_403)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.WEBSOCKET_REJECTED);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("at /chat").contains("answered 403");
        assertThat(evidence(cause)).contains("Origin not allowed");
        assertThat(fixes(cause)).contains("--origin").contains("credentials");
    }

    @Test
    void upgradeAnsweredWith401IsLikelyRejected() {
        Cause cause = found(rejected.evaluate(to("ws://192.0.2.10:8282/chat").answer(UNAUTHORIZED_401).evidence()));

        assertThat(summary(cause)).contains("answered 401");
    }

    @Test
    void eachRuleKeepsToItsStatuses() {
        assertSilent(pathNotFound.evaluate(to("ws://192.0.2.10:8282/chat").answer(FORBIDDEN_403).evidence()));
        assertSilent(rejected.evaluate(to("ws://192.0.2.10:8282/chat").answer(NOT_FOUND_404).evidence()));
        assertSilent(pathNotFound.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));
        assertSilent(rejected.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));
    }

    @Test
    void httpClientsSayNothing() {
        assertSilent(pathNotFound.evaluate(to("http://192.0.2.10:8282/chat").answer(NOT_FOUND_404).evidence()));
        assertSilent(rejected.evaluate(to("https://192.0.2.10:8443/chat").answer(FORBIDDEN_403).evidence()));
    }

    @Test
    void noAnswerSaysNothing() {
        assertSilent(pathNotFound.evaluate(to("ws://192.0.2.10:8282/chat").closed().evidence()));
        assertSilent(rejected.evaluate(to("ws://192.0.2.10:8282/chat").silent().evidence()));
    }
}
