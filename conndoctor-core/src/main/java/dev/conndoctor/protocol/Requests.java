package dev.conndoctor.protocol;

import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Builds, from parts, the requests the protocol probe writes: the HTTP GET, the WebSocket upgrade,
 * the text line, the plain follow-ups, and the end-to-end proof nonce as a header (HTTP,
 * WebSocket) or a proof line (text, tcp). Pure; the bytes are pinned by {@code RequestsTest}.
 */
public final class Requests {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
                .append("GET ").append(requestTarget(target.path())).append(" HTTP/1.1\r\n")
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
     * What to say in plain to a port that refused or ignored a ClientHello, to hear what it speaks
     * instead: for wss the WebSocket upgrade itself, with {@code webSocketKey} (a 101 shows that
     * ws:// works there), a short GET for https, an empty line for tls.
     */
    public static String plainFollowUp(Target target, String webSocketKey) {
        if (target.scheme() == Scheme.TLS) {
            return "\n";
        }
        if (target.scheme() == Scheme.WSS) {
            return webSocketUpgrade(target, webSocketKey, Optional.empty(), List.of(), Optional.empty());
        }
        return "GET " + requestTarget(target.path()) + " HTTP/1.1\r\n" + new RequestHeader("Host", hostHeader(target)).line()
                + new RequestHeader("Connection", "close").line() + "\r\n";
    }

    /**
     * The path and query as they go on the request line (RFC 3986 §2.1, as browsers send them):
     * each non-ASCII character as the percent-encoded bytes of its UTF-8, everything else as the
     * user wrote it, existing {@code %XX} escapes included. The request is written one char a
     * byte, so a raw {@code é} would go out as Latin-1 and a {@code 中} as {@code ?}.
     */
    public static String requestTarget(String path) {
        int first = 0;
        while (first < path.length() && path.charAt(first) < 0x80) {
            first++;
        }
        if (first == path.length()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16).append(path, 0, first);
        for (int i = first; i < path.length(); ) {
            int codePoint = path.codePointAt(i);
            int length = Character.charCount(codePoint);
            if (codePoint < 0x80) {
                out.append((char) codePoint);
            } else {
                // a lone surrogate has no UTF-8: it goes as U+FFFD, as a browser's encoder writes it
                String character = Character.isSurrogate(path.charAt(i)) && length == 1 ? "\ufffd"
                        : path.substring(i, i + length);
                for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
            }
            i += length;
        }
        return out.toString();
    }

    private static List<RequestHeader> nonceHeader(Optional<String> nonce) {
        return nonce.map(n -> List.of(new RequestHeader(Proof.NONCE_HEADER, n))).orElse(List.of());
    }
}
