package dev.conndoctor.protocol;

import java.util.List;
import java.util.Locale;

/** Pure readings of an HTTP answer that tell what kind of server gave it. */
public final class HttpSignatures {

    /** Server headers of software that usually stands in front of an application as a reverse proxy. */
    private static final List<String> REVERSE_PROXIES =
            List.of("nginx", "openresty", "tengine", "apache", "caddy", "envoy", "haproxy", "traefik", "lighttpd");

    private HttpSignatures() {
    }

    /**
     * A WebSocket-only server answering a request without an upgrade: 426 Upgrade Required, or a
     * 400 that names the WebSocket version it wants, or a body that says so.
     */
    public static boolean isWebSocketOnlyAnswer(HttpResponseHead head, String bodyPreview) {
        if (head.status() == 426) {
            return true;
        }
        if (head.status() == 400 && head.header("Sec-WebSocket-Version").isPresent()) {
            return true;
        }
        String body = bodyPreview.toLowerCase(Locale.ROOT);
        return head.status() >= 400 && (body.contains("websocket") || head.headerHasToken("Upgrade", "websocket"));
    }

    /** nginx's (and others') page for plain HTTP sent to a TLS port: "The plain HTTP request was sent to HTTPS port". */
    public static boolean isPlainHttpToTlsPage(HttpResponseHead head, String bodyPreview) {
        String body = bodyPreview.toLowerCase(Locale.ROOT);
        return head.status() == 400 && (body.contains("plain http request was sent to https port")
                || body.contains("speaking plain http to an ssl-enabled server")
                || body.contains("client sent an http request to an https server"));
    }

    /** The Server header names reverse-proxy software. */
    public static boolean isReverseProxy(HttpResponseHead head) {
        String server = head.server();
        return REVERSE_PROXIES.stream().anyMatch(server::contains);
    }
}
