package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.bypassedProxy;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.EvidenceBuilder.throughProxy;
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
import dev.conndoctor.evidence.ProxyAttempt.Result;
import org.junit.jupiter.api.Test;

class ProxyInPathRuleTest {

    private static final String PROXY = "http://127.0.0.1:3128";
    private final Rule<Evidence> rule = new ProxyInPathRule();

    @Test
    void anUnreachableProxyWhileTheDirectPathWorksIsConfirmed() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .proxy(throughProxy(PROXY, "http_proxy", Result.PROXY_UNREACHABLE, -1, "refused: Connection refused"))
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.PROXY_IN_PATH);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).isEqualTo("The client's proxy (" + PROXY + ") fails for this target.");
        assertThat(evidenceKeys(cause)).containsExactly("evidence.proxy-chosen", "evidence.proxy-proxy-unreachable",
                "evidence.direct-works");
        assertThat(evidence(cause)).isEqualTo(
                "A typical client here goes through " + PROXY + " (http_proxy) for 192.0.2.10:8282.\n"
                + "The proxy " + PROXY + " cannot be reached: refused: Connection refused (4 ms).\n"
                + "Directly, without the proxy, 192.0.2.10:8282 accepts the connection.");
        assertThat(fixes(cause)).contains("NO_PROXY=192.0.2.10").contains("ConnectPort 8282")
                .contains("unset http_proxy");
    }

    @Test
    void aRefusedTunnelWhileTheDirectPathAlsoFailsIsLikely() {
        Cause cause = assertFilled(found(rule.evaluate(target("wss://api.example.test:8443")
                .resolvedTo("192.0.2.10")
                .refused("192.0.2.10", 1)
                .proxy(throughProxy(PROXY, "HTTPS_PROXY", Result.TUNNEL_REFUSED, 403, "HTTP/1.1 403 Forbidden"))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.proxy-chosen", "evidence.proxy-tunnel-refused");
        assertThat(evidence(cause)).contains("(HTTPS_PROXY) for api.example.test:8443")
                .contains("refused the tunnel: HTTP/1.1 403 Forbidden");
    }

    @Test
    void aSilentProxyIsNamedSo() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .proxy(throughProxy("socks5://127.0.0.1:1080", "all_proxy", Result.PROXY_SILENT, -1,
                        "no answer within 3000 ms"))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidenceKeys(cause)).contains("evidence.proxy-proxy-silent");
        assertThat(evidence(cause)).contains("accepted the connection and did not answer: no answer within 3000 ms");
    }

    @Test
    void aSocksReplyCodeIsTheRefusal() {
        Cause cause = found(rule.evaluate(target("tcp://192.0.2.10:9000")
                .connected("192.0.2.10", 1)
                .proxy(throughProxy("socks5://127.0.0.1:1080", "ALL_PROXY", Result.TUNNEL_REFUSED, 5,
                        "SOCKS5 reply 5 (connection refused)"))
                .build()));

        assertThat(evidence(cause)).contains("socks5://127.0.0.1:1080 refused the tunnel: SOCKS5 reply 5");
    }

    @Test
    void anOpenTunnelIsSilent() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282")
                .refused("192.0.2.10", 1)
                .proxy(throughProxy(PROXY, "http_proxy", Result.TUNNEL_OPEN, 200, "HTTP/1.1 200 Connection established"))
                .build()));
    }

    @Test
    void aBypassedProxyIsSilent() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282")
                .refused("192.0.2.10", 1)
                .proxy(bypassedProxy(PROXY, "http_proxy", "NO_PROXY=192.0.2.10"))
                .build()));
    }

    @Test
    void noProxyIsSilent() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282").refused("192.0.2.10", 1).build()));
    }
}
