package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Set;

/** websocket-path-not-found: the upgrade got a 404; the WebSocket endpoint lives on another path. */
public final class WebSocketPathNotFoundRule extends WebSocketStatusRule {
    public WebSocketPathNotFoundRule() {
        super(CauseId.WEBSOCKET_PATH_NOT_FOUND, Set.of(404));
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x) {
        return cause.fix("fix.websocket-path").fix("fix.nginx-location");
    }
}
