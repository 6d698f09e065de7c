package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Set;

/** websocket-rejected: the upgrade got 401 or 403; the server refuses this client (origin, credentials). */
public final class WebSocketRejectedRule extends WebSocketStatusRule {
    private static final Set<Integer> STATUSES = Set.of(401, 403);

    @Override
    public CauseId cause() {
        return CauseId.WEBSOCKET_REJECTED;
    }

    @Override
    Set<Integer> statuses() {
        return STATUSES;
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x) {
        return cause.fix("fix.websocket-origin").fix("fix.websocket-auth");
    }
}
