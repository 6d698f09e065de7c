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
import dev.conndoctor.protocol.HttpSignatures;
import java.util.Optional;
import java.util.Set;

/**
 * websocket-only: an http:// client (or a browser tab) reached a server that only speaks
 * WebSocket; it answered 426, or 400 naming the WebSocket version it wants.
 */
public final class WebSocketOnlyRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.WEBSOCKET_ONLY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.HTTP, Scheme.HTTPS));
        if (exchange.flatMap(ProtocolExchange::http)
                .filter(head -> HttpSignatures.isWebSocketOnlyAnswer(head, exchange.get().bodyPreview())).isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        String websocketScheme = x.scheme() == Scheme.HTTPS ? "wss" : "ws";
        return Verdict.found(Exchanges.exchangeLines(Cause.builder(CauseId.WEBSOCKET_ONLY, Confidence.LIKELY,
                        x.port()), x)
                .fix("fix.client-use-websocket", websocketScheme, x.port())
                .fix("fix.serve-http-elsewhere", x.port())
                .build());
    }
}
