package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Set;

/** websocket-rejected: the upgrade got 401 or 403; the server refuses this client (origin, credentials). */
public final class WebSocketRejectedRule extends WebSocketStatusRule {
    public WebSocketRejectedRule() {
        super(CauseId.WEBSOCKET_REJECTED, Set.of(401, 403));
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x) {
        return cause.fix("fix.websocket-origin").fix("fix.websocket-auth");
    }
}
