package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.EvidenceBuilder;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.NGINX_502;
import static dev.conndoctor.fixtures.Answers.NGINX_PLAIN_HTTP_TO_HTTPS;
import static dev.conndoctor.fixtures.Answers.NGINX_PROXIED_WORKERMAN_400;
import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.NOT_FOUND_404;
import static dev.conndoctor.fixtures.Answers.PLAIN_200;
import static dev.conndoctor.fixtures.Answers.UPGRADE_REQUIRED_426;
import static dev.conndoctor.fixtures.Answers.WEBSOCKET_101;
import static dev.conndoctor.fixtures.Answers.WEBSOCKET_101_WRONG_ACCEPT;
import static dev.conndoctor.fixtures.Answers.WORKERMAN_HTTP_200;
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
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpNotWebSocketRuleTest {

    private final Rule<Evidence> rule = new HttpNotWebSocketRule();

    @Test
    void wsToNginxStaticPageIsLikelyHttpNotWebSocket() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.HTTP_NOT_WEBSOCKET);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("Port 8282").contains("with 200 instead of 101");
    }

    @Test
    void evidenceShowsRequestStatusServerBodyAndFingerprint() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));

        assertThat(evidence(cause))
                .contains("conndoctor sent \"GET /chat HTTP/1.1\" to 192.0.2.10:8282")
                .contains("192.0.2.10:8282 answered: HTTP/1.1 200 OK (http)")
                .contains("The Server header says: nginx/1.24.0 (Ubuntu)")
                .contains("The body begins: <!DOCTYPE html>\\n<html>\\n<head>\\n<title>Welcome to nginx!</title>")
                .contains("The answer comes from nginx (nginx/1.24.0 (Ubuntu))");
    }

    @Test
    void fixesSayListenWithWebSocketOrUseHttp() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));

        assertThat(fixes(cause)).contains("new Worker('websocket://0.0.0.0:8282')").contains("connect to it with http://");
    }

    @Test
    void wssClientIsToldToUseHttps() {
        Cause cause = found(rule.evaluate(to("wss://192.0.2.10:8443/chat").answer(PLAIN_200).evidence()));

        assertThat(fixes(cause)).contains("with https://");
    }

    @Test
    void workermanHttpListenerIsNamedInTheEvidence() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/").answer(WORKERMAN_HTTP_200).evidence()));

        assertThat(evidence(cause)).contains("Workerman http listener").contains("The body begins: hello world");
    }

    @Test
    void verified101SaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(WEBSOCKET_101).evidence()));
    }

    @Test
    void invalid101IsLeftToTheHandshakeRule() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(WEBSOCKET_101_WRONG_ACCEPT).evidence()));
    }

    @Test
    void statusesWithTheirOwnRulesGiveWayToThem() {
        // the precedence drops this rule's finding where websocket-path-not-found or websocket-rejected is found
        assertThat(causes(to("ws://192.0.2.10:8282/chat").answer(NOT_FOUND_404).evidence()))
                .contains(CauseId.WEBSOCKET_PATH_NOT_FOUND).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET);
        assertThat(causes(to("ws://192.0.2.10:8282/chat").answer("HTTP/1.1 401 Unauthorized\r\n\r\n").evidence()))
                .contains(CauseId.WEBSOCKET_REJECTED).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET);
        assertThat(causes(to("ws://192.0.2.10:8282/chat").answer("HTTP/1.1 403 Forbidden\r\n\r\n").evidence()))
                .contains(CauseId.WEBSOCKET_REJECTED).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET);
    }

    @Test
    void webSocketServerComplaintSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_PROXIED_WORKERMAN_400).evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(UPGRADE_REQUIRED_426).evidence()));
    }

    @Test
    void tlsPortPageIsLeftToTlsRequired() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:443/chat").answer(NGINX_PLAIN_HTTP_TO_HTTPS).evidence()));
    }

    @Test
    void otherSchemesSayNothing() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:8282/").answer(NGINX_STATIC_200).evidence()));
        assertSilent(rule.evaluate(to("text://192.0.2.10:8282").answer(NGINX_STATIC_200).evidence()));
    }

    @Test
    void nonHttpAnswerSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer("hello\n").evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").closed().evidence()));
    }

    @Test
    void noExchangeSaysNothing() {
        assertSilent(rule.evaluate(EvidenceBuilder.target("ws://192.0.2.10:8282/").refused("192.0.2.10", 1).build()));
    }

    @Test
    void gatewayErrorFromAReverseProxyIsLeftToProxyStripsUpgrade() {
        assertThat(causes(to("ws://192.0.2.10:80/chat").answer(NGINX_502).evidence()))
                .contains(CauseId.PROXY_STRIPS_UPGRADE).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET);
    }

    @Test
    void aStaticPageBehindAReverseProxyIsOfferedBesideProxyStripsUpgrade() {
        assertThat(causes(to("ws://192.0.2.10:80/chat").answer(NGINX_STATIC_200).evidence()))
                .containsExactly(CauseId.HTTP_NOT_WEBSOCKET, CauseId.PROXY_STRIPS_UPGRADE);
    }

    private static List<CauseId> causes(Evidence evidence) {
        return Diagnosers.client().diagnose(evidence, 1).causes().stream().map(Cause::id).toList();
    }
}
