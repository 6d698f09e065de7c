package dev.conndoctor.explain;

import dev.conndoctor.CauseId;
import java.util.List;
import java.util.Optional;

/**
 * The causes an HTTP status answered to a WebSocket upgrade points at, most likely first: one
 * table for every client whose message carries the status ({@code by-status} entries of the
 * knowledge base), so that "expected 101, got 403" means the same from Go, Jetty or Safari.
 */
final class StatusCauses {
    private StatusCauses() {
    }

    static List<CauseId> of(Optional<Integer> status) {
        if (status.isEmpty()) {
            // "bad handshake", "was not upgraded": some answer that was not 101, which one unknown
            return List.of(CauseId.HTTP_NOT_WEBSOCKET, CauseId.WEBSOCKET_PATH_NOT_FOUND, CauseId.WEBSOCKET_REJECTED,
                    CauseId.PROXY_STRIPS_UPGRADE);
        }
        int s = status.get();
        if (s == 401 || s == 403) {
            return List.of(CauseId.WEBSOCKET_REJECTED); // origin or credentials refused
        }
        if (s == 404) {
            return List.of(CauseId.WEBSOCKET_PATH_NOT_FOUND, CauseId.PROXY_STRIPS_UPGRADE);
        }
        if (s == 400 || s == 426) {
            // a proxy that dropped the Upgrade header, or an https port asked in plain http
            return List.of(CauseId.PROXY_STRIPS_UPGRADE, CauseId.TLS_REQUIRED, CauseId.HTTP_NOT_WEBSOCKET);
        }
        if (s >= 300 && s < 400) {
            return List.of(CauseId.TLS_REQUIRED, CauseId.HTTP_NOT_WEBSOCKET, CauseId.PROXY_STRIPS_UPGRADE);
        }
        if (s >= 500) {
            return List.of(CauseId.PROXY_STRIPS_UPGRADE, CauseId.SERVER_NOT_LISTENING); // a gateway without its backend
        }
        return List.of(CauseId.HTTP_NOT_WEBSOCKET, CauseId.PROXY_STRIPS_UPGRADE); // 200 and the rest: an HTTP server
    }
}
