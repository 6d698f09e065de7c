package dev.conndoctor.evidence;

import dev.conndoctor.config.ProxyUrl;
import java.util.Locale;

/**
 * One tunnel through a proxy to the target: HTTP CONNECT or SOCKS5.
 *
 * @param status the proxy's answer: the HTTP status of CONNECT, or the SOCKS5 reply code; -1 when none came
 */
public record ProxyAttempt(ProxyUrl proxy, Result result, int status, String detail, long elapsedMs) {

    /** How the tunnel attempt ended. */
    public enum Result {
        /** The proxy opened a tunnel to the target. */
        TUNNEL_OPEN,
        /** The proxy could not be reached (refused, timeout, no route). */
        PROXY_UNREACHABLE,
        /** The proxy answered, and refused to open the tunnel. */
        TUNNEL_REFUSED,
        /** The proxy accepted the connection and did not answer the request. */
        PROXY_SILENT;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean opened() {
        return result == Result.TUNNEL_OPEN;
    }
}
