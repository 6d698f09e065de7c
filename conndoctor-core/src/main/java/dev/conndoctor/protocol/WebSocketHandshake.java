package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of the RFC 6455 opening handshake: the request conndoctor writes and the pure
 * verifier of the server's answer, which checks in the fixed order of RFC 6455 §4.1 (status 101,
 * Upgrade, Connection, Sec-WebSocket-Accept, Sec-WebSocket-Extensions, Sec-WebSocket-Protocol)
 * and names the first field that fails, as Netty's {@code WebSocketClientHandshaker13.verify} does.
 */
public final class WebSocketHandshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /** The field of the answer that failed, in the order they are checked. */
    public enum Field {
        STATUS, UPGRADE, CONNECTION, ACCEPT,
        /** An extension the client never offered: conndoctor offers none. */
        EXTENSIONS,
        /** A subprotocol the client never offered. */
        PROTOCOL;

        public String id() {
            return switch (this) {
                case STATUS -> "status";
                case UPGRADE -> "Upgrade";
                case CONNECTION -> "Connection";
                case ACCEPT -> "Sec-WebSocket-Accept";
                case EXTENSIONS -> "Sec-WebSocket-Extensions";
                case PROTOCOL -> "Sec-WebSocket-Protocol";
            };
        }

        /** Whether the field failed because the server chose something the client did not offer. */
        public boolean unoffered() {
            return this == EXTENSIONS || this == PROTOCOL;
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

    /**
     * The opening handshake request, as a browser would write it. The path is sent as
     * {@link Requests#requestTarget}; the origin and subprotocols must be valid header values
     * ({@code Options} checks them), since they are written as they are.
     */
    public static String request(String hostHeader, String path, String key, Optional<String> origin,
                                 List<String> subprotocols) {
        return request(hostHeader, path, key, origin, subprotocols, List.of());
    }

    /** The same, with {@code extraHeaders} after the browser's own, in their order. */
    public static String request(String hostHeader, String path, String key, Optional<String> origin,
                                 List<String> subprotocols, List<RequestHeader> extraHeaders) {
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(Requests.requestTarget(path)).append(" HTTP/1.1\r\n")
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

    /**
     * Checks the server's answer to a request sent with {@code key} and no extension, without
     * judging its subprotocol: {@link #verify(HttpResponseHead, String, List)} does, knowing what
     * was offered.
     */
    public static Verification verify(HttpResponseHead head, String key) {
        return verify(head, key, Optional.empty());
    }

    /**
     * Checks the server's answer to a request sent with {@code key}, {@code offeredSubprotocols}
     * and no extension. RFC 6455 §4.1: a client must fail the connection when the server selects
     * an extension or a subprotocol it did not offer, and browsers do.
     */
    public static Verification verify(HttpResponseHead head, String key, List<String> offeredSubprotocols) {
        return verify(head, key, Optional.of(offeredSubprotocols));
    }

    private static Verification verify(HttpResponseHead head, String key, Optional<List<String>> offeredSubprotocols) {
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
        // conndoctor offers no extension, so any the server says it uses is one it was not offered
        Optional<String> extensions = head.header("Sec-WebSocket-Extensions").filter(v -> !v.isBlank());
        if (extensions.isPresent()) {
            return Verification.failed(Field.EXTENSIONS, "", extensions.get());
        }
        if (offeredSubprotocols.isPresent()) {
            // the server selects one of the offered values, exactly: a list or another value is not one of them
            List<String> selected = head.headers().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")).map(Map.Entry::getValue).toList();
            List<String> offered = offeredSubprotocols.get();
            if (!selected.isEmpty() && (selected.size() > 1 || !offered.contains(selected.get(0)))) {
                return Verification.failed(Field.PROTOCOL, String.join(", ", offered), String.join(", ", selected));
            }
        }
        return Verification.passed();
    }
}
