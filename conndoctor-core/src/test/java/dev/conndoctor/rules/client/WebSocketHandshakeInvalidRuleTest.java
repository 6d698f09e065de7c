package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.WEBSOCKET_101;
import static dev.conndoctor.fixtures.Answers.WEBSOCKET_101_WRONG_ACCEPT;
import static dev.conndoctor.fixtures.Answers.WORKERMAN_101;
import static dev.conndoctor.fixtures.ExchangeBuilder.ACCEPT;
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

class WebSocketHandshakeInvalidRuleTest {

    private final Rule<Evidence> rule = new WebSocketHandshakeInvalidRule();

    @Test
    void wrongAcceptIsConfirmedInvalidHandshakeNamingTheField() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(WEBSOCKET_101_WRONG_ACCEPT)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.WEBSOCKET_HANDSHAKE_INVALID);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("wrong in Sec-WebSocket-Accept");
        assertThat(evidence(cause))
                .contains("HTTP/1.1 101 Switching Protocols (http)")
                .contains("Sec-WebSocket handshake field Sec-WebSocket-Accept: expected \"" + ACCEPT
                        + "\", got \"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\"");
        assertThat(fixes(cause)).contains("maintained WebSocket library").contains("proxy_set_header Upgrade");
    }

    @Test
    void missingUpgradeHeaderIsNamed() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:8282/chat")
                .answer("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n").evidence()));

        assertThat(summary(cause)).contains("wrong in Upgrade");
        assertThat(evidence(cause)).contains("field Upgrade: expected \"websocket\", got \"(missing)\"");
    }

    @Test
    void missingConnectionHeaderIsNamed() {
        Cause cause = found(rule.evaluate(to("wss://192.0.2.10:8443/chat")
                .answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").evidence()));

        assertThat(evidence(cause)).contains("field Connection: expected \"Upgrade\", got \"(missing)\"");
    }

    @Test
    void correctHandshakeSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(WEBSOCKET_101).evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(WORKERMAN_101).evidence()));
    }

    @Test
    void non101IsLeftToTheStatusRules() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/chat").answer(NGINX_STATIC_200).evidence()));
    }

    @Test
    void httpClientSaysNothing() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:8282/chat").answer(WEBSOCKET_101_WRONG_ACCEPT).evidence()));
    }

    @Test
    void anExtensionTheClientNeverOfferedIsAnInvalidHandshakeNotAWorkingOne() {
        Evidence evidence = to("ws://192.0.2.10:8282/chat").answer("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n"
                + "Sec-WebSocket-Extensions: x-custom; level=9\r\n\r\n").pingAnswered(true).evidence();

        Cause cause = assertFilled(found(rule.evaluate(evidence)));

        assertThat(dev.conndoctor.rules.ProtocolOutcome.failure(evidence.exchange().orElseThrow()))
                .contains(dev.conndoctor.Symptom.HANDSHAKE_FAILED);
        assertThat(cause.id()).isEqualTo(CauseId.WEBSOCKET_HANDSHAKE_INVALID);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("wrong in Sec-WebSocket-Extensions");
        assertThat(evidence(cause)).contains("The 101 names Sec-WebSocket-Extensions \"x-custom; level=9\", which this "
                + "client did not offer (offered: none); browsers fail such a connection (RFC 6455 §4.1).");
        assertThat(fixes(cause)).contains("answer Sec-WebSocket-Extensions only with a value the client offered");
    }
}
