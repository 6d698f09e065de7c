package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Set;

/** websocket-path-not-found: the upgrade got a 404; the WebSocket endpoint lives on another path. */
public final class WebSocketPathNotFoundRule extends WebSocketStatusRule {
    private static final Set<Integer> STATUSES = Set.of(404);

    @Override
    public CauseId cause() {
        return CauseId.WEBSOCKET_PATH_NOT_FOUND;
    }

    @Override
    Set<Integer> statuses() {
        return STATUSES;
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x) {
        return cause.fix("fix.websocket-path").fix("fix.nginx-location");
    }
}
