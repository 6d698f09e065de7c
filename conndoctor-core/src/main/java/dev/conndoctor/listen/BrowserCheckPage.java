package dev.conndoctor.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The check page a WebSocket listener serves to browsers: self-contained (no request leaves for
 * another origin), one inline script allowed by a nonce under a strict Content-Security-Policy,
 * and nothing of the request echoed into it: the page holds only the check's id and values of
 * the listener's own. Pure: the listener writes what this renders.
 */
final class BrowserCheckPage {

    /** How long the page waits for one WebSocket, and for its report to be taken. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private static final String TEMPLATE = load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserCheckPage() {
    }

    /**
     * The page for {@code check}.
     *
     * @param nonce the script and style nonce of this response, also named by {@link #headers(String)}
     * @param listenerTls whether the listener serves TLS: the page then opens wss:// too
     */
    static byte[] render(String check, String nonce, boolean listenerTls) {
        ObjectNode config = JSON.createObjectNode().put("check", check).put("tls", listenerTls)
                .put("timeoutMs", ATTEMPT_TIMEOUT.toMillis()).put("socketPath", BrowserRoute.SOCKET_PATH)
                .put("reportPath", BrowserRoute.REPORT_PATH);
        String json;
        try {
            json = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // inside <script>, "</script>" or "<!--" would end or bend the element: JSON allows \u003c for "<"
        json = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return TEMPLATE.replace("@NONCE@", nonce).replace("@CONFIG@", json).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The response headers of the page: its policy allows its own inline script and style (by
     * nonce), WebSockets and requests back to where it came from, and nothing else: no frames,
     * forms, plugins or other origins.
     */
    static String headers(String nonce) {
        return "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Security-Policy: default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                + nonce + "'; connect-src 'self' ws: wss:; img-src data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'\r\n"
                + "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-store\r\n"
                + "X-Frame-Options: DENY\r\n";
    }

    private static String load() {
        try (InputStream in = BrowserCheckPage.class.getResourceAsStream("check-page.html")) {
            if (in == null) {
                throw new IllegalStateException("check-page.html is missing from the listen package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
