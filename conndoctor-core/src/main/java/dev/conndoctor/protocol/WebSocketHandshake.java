package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The client side of the RFC 6455 opening handshake: the request conndoctor writes and the pure
 * verifier of the server's answer, which checks in a fixed order (status 101, Upgrade,
 * Connection, Sec-WebSocket-Accept) and names the first field that fails, as Netty's
 * {@code WebSocketClientHandshaker13.verify} does.
 */
public final class WebSocketHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /** The field of the answer that failed, in the order they are checked. */
    public enum Field {
        STATUS, UPGRADE, CONNECTION, ACCEPT;

        public String id() {
            return switch (this) {
                case STATUS -> "status";
                case UPGRADE -> "Upgrade";
                case CONNECTION -> "Connection";
                case ACCEPT -> "Sec-WebSocket-Accept";
            };
        }
    }

    /** The verdict on an answer: empty {@code failed} means a valid handshake. */
    public record Verification(Optional<Field> failed, String expected, String actual) {
        public boolean ok() {
            return failed.isEmpty();
        }

        static Verification passed() {
            return new Verification(Optional.empty(), "", "");
        }

        static Verification failed(Field field, String expected, String actual) {
            return new Verification(Optional.of(field), expected, actual);
        }
    }

    /** A fresh random key: 16 random bytes, base64. */
    public static String newKey(java.util.Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The Sec-WebSocket-Accept a server must answer for {@code key}. */
    public static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The opening handshake request, as a browser would write it. */
    public static String request(String hostHeader, String path, String key, Optional<String> origin,
                                 List<String> subprotocols) {
        return request(hostHeader, path, key, origin, subprotocols, List.of());
    }

    /** The same, with {@code extraHeaders} after the browser's own, in their order. */
    public static String request(String hostHeader, String path, String key, Optional<String> origin,
                                 List<String> subprotocols, List<RequestHeader> extraHeaders) {
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("User-Agent: conndoctor\r\n");
        origin.ifPresent(o -> sb.append("Origin: ").append(o).append("\r\n"));
        if (!subprotocols.isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        }
        extraHeaders.forEach(h -> sb.append(h.line()));
        return sb.append("\r\n").toString();
    }

    /** Checks the server's answer to a request sent with {@code key}. */
    public static Verification verify(HttpResponseHead head, String key) {
        if (head.status() != 101) {
            return Verification.failed(Field.STATUS, "101", String.valueOf(head.status()));
        }
        if (!head.headerHasToken("Upgrade", "websocket")) {
            return Verification.failed(Field.UPGRADE, "websocket", head.header("Upgrade").orElse("(missing)"));
        }
        if (!head.headerHasToken("Connection", "upgrade")) {
            return Verification.failed(Field.CONNECTION, "Upgrade", head.header("Connection").orElse("(missing)"));
        }
        String expected = acceptFor(key);
        String actual = head.header("Sec-WebSocket-Accept").orElse("(missing)");
        if (!expected.equals(actual)) {
            return Verification.failed(Field.ACCEPT, expected, actual);
        }
        return Verification.passed();
    }
}
