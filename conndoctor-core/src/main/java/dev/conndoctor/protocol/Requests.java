package dev.conndoctor.protocol;

import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import java.util.List;
import java.util.Optional;

/**
 * Builds, from parts, the requests the protocol probe writes: the HTTP GET, the WebSocket upgrade,
 * the text line, the plain follow-ups, and the end-to-end proof nonce as a header (HTTP,
 * WebSocket) or a proof line (text, tcp). Pure; the bytes are pinned by {@code RequestsTest}.
 */
public final class Requests {

    private Requests() {
    }

    /** The Host header for {@code target}: the port only when it is not the scheme's default, IPv6 in brackets. */
    public static String hostHeader(Target target) {
        boolean defaultPort = target.scheme().defaultPort().stream().anyMatch(p -> p == target.port());
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        return defaultPort ? host : host + ":" + target.port();
    }

    /** The probe's GET for http and https, with the proof nonce as the last header when given. */
    public static String httpGet(Target target, Optional<String> nonce) {
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(target.path()).append(" HTTP/1.1\r\n")
                .append(new RequestHeader("Host", hostHeader(target)).line())
                .append(new RequestHeader("User-Agent", "conndoctor").line())
                .append(new RequestHeader("Accept", "*/*").line())
                .append(new RequestHeader("Connection", "close").line());
        nonceHeader(nonce).forEach(h -> sb.append(h.line()));
        return sb.append("\r\n").toString();
    }

    /** The WebSocket opening handshake for ws and wss, with the proof nonce as the last header when given. */
    public static String webSocketUpgrade(Target target, String key, Optional<String> origin, List<String> subprotocols,
                                          Optional<String> nonce) {
        return WebSocketHandshake.request(hostHeader(target), target.path(), key, origin, subprotocols,
                nonceHeader(nonce));
    }

    /** What a text or tcp client says: a word, or the proof line alone when a nonce is given. */
    public static String textLine(Optional<String> nonce) {
        return nonce.map(n -> Proof.LINE_PREFIX + n + "\n").orElse("conndoctor\n");
    }

    /**
     * What to say to a port that refused a ClientHello, to hear what it speaks instead: an empty
     * line for tls, a short GET for https and wss.
     */
    public static String plainFollowUp(Target target) {
        if (target.scheme() == Scheme.TLS) {
            return "\n";
        }
        return "GET " + target.path() + " HTTP/1.1\r\n" + new RequestHeader("Host", hostHeader(target)).line()
                + new RequestHeader("Connection", "close").line() + "\r\n";
    }

    private static List<RequestHeader> nonceHeader(Optional<String> nonce) {
        return nonce.map(n -> List.of(new RequestHeader(Proof.NONCE_HEADER, n))).orElse(List.of());
    }
}
