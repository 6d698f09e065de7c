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
 * http-not-websocket: a ws:// client reached a plain HTTP server, which answered the upgrade
 * with an ordinary page (the browser's "Unexpected response code: 200"). When reverse-proxy
 * software answered, proxy-strips-upgrade is offered beside it. Answers that other causes
 * explain better (401/403, 404, a proxy's gateway error) are dropped by the client's
 * precedence, not here.
 */
public final class HttpNotWebSocketRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.HTTP_NOT_WEBSOCKET;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.WSS));
        Optional<HttpResponseHead> head = exchange.flatMap(ProtocolExchange::http);
        if (head.isEmpty() || head.get().status() == 101 || !fromPlainHttpServer(head.get(), exchange.get())) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        return Verdict.found(Exchanges.exchangeLines(Cause.builder(CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY,
                                x.port(), head.get().status()), x)
                .fix("fix.listen-websocket", x.port())
                .fix("fix.client-use-http", x.scheme() == Scheme.WSS ? "https" : "http", x.port())
                .build());
    }

    /**
     * Whether the answer can be a plain HTTP server's at all: a WebSocket server's complaint about
     * the handshake (400/426 naming its version) comes from a server that does speak WebSocket, and
     * a "plain HTTP sent to an HTTPS port" page from one that speaks TLS.
     */
    private static boolean fromPlainHttpServer(HttpResponseHead head, ProtocolExchange x) {
        return !HttpSignatures.isWebSocketOnlyAnswer(head, x.bodyPreview())
                && !HttpSignatures.isPlainHttpToTlsPage(head, x.bodyPreview());
    }
}
