package dev.conndoctor.rules.client;

import dev.conndoctor.describe.Exchanges;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Scheme;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.util.Optional;
import java.util.Set;

/**
 * websocket-handshake-invalid: the server answered 101, but the handshake is wrong in a field
 * that browsers check (Upgrade, Connection, Sec-WebSocket-Accept), or it selects an extension or
 * a subprotocol the client never offered; they drop the connection.
 */
public final class WebSocketHandshakeInvalidRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.WEBSOCKET_HANDSHAKE_INVALID;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.WSS))
                .filter(x -> x.status() == 101);
        Optional<WebSocketHandshake.Verification> failed = exchange.flatMap(ProtocolExchange::websocket)
                .filter(v -> !v.ok());
        if (failed.isEmpty()) {
            return Verdict.silent();
        }
        WebSocketHandshake.Verification v = failed.get();
        String field = v.failed().get().id();
        Cause.Builder cause = Exchanges.exchangeLines(Cause.builder(CauseId.WEBSOCKET_HANDSHAKE_INVALID,
                Confidence.CONFIRMED, field), exchange.get());
        if (v.failed().get().unoffered()) {
            // RFC 6455 §4.1: the server may only choose among what the client offered
            return Verdict.found(cause
                    .evidence("evidence.handshake-unoffered", field, Exchanges.shown(v.actual()),
                            v.expected().isEmpty() ? Text.of("evidence.handshake-none-offered") : v.expected())
                    .fix("fix.websocket-unoffered", field)
                    .fix("fix.websocket-library")
                    .build());
        }
        return Verdict.found(cause
                .evidence("evidence.handshake-field", field, v.expected(), v.actual())
                .fix("fix.websocket-library")
                .fix("fix.nginx-upgrade")
                .build());
    }
}
