package dev.conndoctor.rules.client;

import dev.conndoctor.describe.Exchanges;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.HttpSignatures;
import java.util.Optional;
import java.util.Set;

/**
 * proxy-strips-upgrade: reverse-proxy software (nginx and kin) answered the upgrade instead of
 * a 101. Likely when the answer that came through is a WebSocket server's complaint about a
 * missing upgrade (the proxy dropped the headers on the way); possible for any other page.
 */
public final class ProxyStripsUpgradeRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.PROXY_STRIPS_UPGRADE;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.WSS));
        Optional<HttpResponseHead> head = exchange.flatMap(ProtocolExchange::http);
        if (head.isEmpty() || head.get().status() == 101 || !HttpSignatures.isReverseProxy(head.get())
                || HttpSignatures.isPlainHttpToTlsPage(head.get(), exchange.get().bodyPreview())) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        boolean backendComplains = HttpSignatures.isWebSocketOnlyAnswer(head.get(), x.bodyPreview());
        boolean proxyError = head.get().status() == 502 || head.get().status() == 504;
        Confidence confidence = backendComplains || proxyError ? Confidence.LIKELY : Confidence.POSSIBLE;
        return Verdict.found(Exchanges.exchangeLines(Cause.builder(CauseId.PROXY_STRIPS_UPGRADE, confidence,
                                Exchanges.shown(head.get().header("Server").orElse("proxy"))), x)
                .fix("fix.nginx-upgrade")
                .fix("fix.nginx-upgrade-check")
                .build());
    }
}
