package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.Answers.NGINX_502;
import static dev.conndoctor.fixtures.Answers.NGINX_PLAIN_HTTP_TO_HTTPS;
import static dev.conndoctor.fixtures.Answers.NGINX_PROXIED_WORKERMAN_400;
import static dev.conndoctor.fixtures.Answers.NGINX_STATIC_200;
import static dev.conndoctor.fixtures.Answers.PLAIN_200;
import static dev.conndoctor.fixtures.Answers.WORKERMAN_HTTP_200;
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

class ProxyStripsUpgradeRuleTest {

    private final Rule<Evidence> rule = new ProxyStripsUpgradeRule();

    @Test
    void nginxPassingOnAWebSocketServersComplaintIsLikelyProxyStripsUpgrade() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:80/ws").answer(NGINX_PROXIED_WORKERMAN_400)
                .evidence())));

        assertThat(cause.id()).isEqualTo(CauseId.PROXY_STRIPS_UPGRADE);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("A reverse proxy (nginx/1.24.0)");
        assertThat(evidence(cause))
                .contains("answered: HTTP/1.1 400 Bad Request (http)")
                .contains("The Server header says: nginx/1.24.0")
                .contains("Workerman websocket listener (5.2 or later)");
    }

    @Test
    void nginxStaticPageIsPossibleProxyStripsUpgrade() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:80/ws").answer(NGINX_STATIC_200).evidence())));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("Welcome to nginx!");
    }

    @Test
    void gatewayErrorFromTheProxyIsLikely() {
        Cause cause = assertFilled(found(rule.evaluate(to("ws://192.0.2.10:80/ws").answer(NGINX_502).evidence())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("HTTP/1.1 502 Bad Gateway").contains("502 Bad Gateway</title>");
    }

    @Test
    void gatewayTimeoutFromTheProxyIsLikely() {
        Cause cause = found(rule.evaluate(to("ws://192.0.2.10:80/ws")
                .answer("HTTP/1.1 504 Gateway Time-out\r\nServer: openresty\r\n\r\n").evidence()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("(openresty)");
    }

    @Test
    void fixesPassTheUpgradeHeadersInNginx() {
        Cause cause = found(rule.evaluate(to("wss://192.0.2.10:443/ws").answer(NGINX_STATIC_200).evidence()));

        assertThat(fixes(cause)).contains("proxy_set_header Upgrade $http_upgrade")
                .contains("proxy_set_header Connection \"upgrade\"")
                .contains("nginx -t");
    }

    @Test
    void serverThatIsNoProxySaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer(WORKERMAN_HTTP_200).evidence()));
        assertSilent(rule.evaluate(to("ws://192.0.2.10:8282/").answer(PLAIN_200).evidence()));
    }

    @Test
    void upgradeThatCameThroughSaysNothing() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:80/ws").answer("HTTP/1.1 101 Switching Protocols\r\n"
                + "Server: nginx\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Accept: " + ACCEPT
                + "\r\n\r\n").evidence()));
    }

    @Test
    void tlsPortPageIsLeftToTlsRequired() {
        assertSilent(rule.evaluate(to("ws://192.0.2.10:443/ws").answer(NGINX_PLAIN_HTTP_TO_HTTPS).evidence()));
    }

    @Test
    void httpClientSaysNothing() {
        assertSilent(rule.evaluate(to("http://192.0.2.10:80/").answer(NGINX_STATIC_200).evidence()));
    }
}
