package dev.conndoctor.testkit;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * The server side of one RFC 6455 WebSocket connection: the opening handshake, then an echo
 * of data frames, pong for ping and close for close; or one of the handshake faults that
 * {@link Mode} names.
 */
final class WebSocketConnection {

    /** How the handshake is answered. */
    enum Mode {
        /** By the book. */
        CORRECT,
        /** {@code Sec-WebSocket-Accept} computed without the GUID. */
        WRONG_ACCEPT,
        /** 101 only for {@link TestServer#WEBSOCKET_PATH}, 404 elsewhere. */
        ONE_PATH,
        /** By the book, but the head is read whole before any byte of it is judged: bytes that are not HTTP wait. */
        WHOLE_HEAD_FIRST
    }

    /** Workerman 5.2's answer to a request without an upgrade: a bare 400 naming the version, no body. */
    static final String PLAIN_HTTP_ANSWER = "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** The GUID that RFC 6455 §1.3 appends to the client's key. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Data frames larger than this are refused with status 1009 (message too big). */
    static final int MAX_PAYLOAD = 1 << 20;

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** What a timed session does when its time comes ({@link #after}). */
    enum Action {
        /** Sends a close frame with the configured code and reason, then closes. */
        CLOSE_FRAME,
        /** Closes TCP without a close frame (a FIN). */
        FIN,
        /** Resets the connection (SO_LINGER 0). */
        RESET,
        /** Stops answering pings; everything else goes on. */
        STOP_PONGS
    }

    private final TestServer server;
    private final Socket socket;
    private final Duration headTimeout;
    private final Duration idleTimeout;
    private final Mode mode;
    private Action action;
    private long actAt;
    private int closeCode;
    private String closeReason;
    private boolean pongs = true;

    WebSocketConnection(TestServer server, Socket socket, Duration headTimeout, Duration idleTimeout, Mode mode) {
        this.server = server;
        this.socket = socket;
        this.headTimeout = headTimeout;
        this.idleTimeout = idleTimeout;
        this.mode = mode;
    }

    /** Does {@code what} {@code delay} after the handshake (the code and reason for a close frame). */
    WebSocketConnection after(Duration delay, Action what, int code, String reason) {
        this.action = what;
        this.actAt = delay.toNanos();
        this.closeCode = code;
        this.closeReason = reason;
        return this;
    }

    /** {@code base64(sha1(key + GUID))}, the value of {@code Sec-WebSocket-Accept}. */
    static String acceptKey(String clientKey) {
        return sha1Base64(clientKey.trim() + GUID);
    }

    /** The classic mistake: the hash of the key alone, without the GUID. */
    static String wrongAcceptKey(String clientKey) {
        return sha1Base64(clientKey.trim());
    }

    private static String sha1Base64(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    void run() throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, headTimeout.toMillis()));
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        HttpHead head;
        try {
            head = mode == Mode.WHOLE_HEAD_FIRST ? HttpHead.readWhole(in, TestServer.MAX_HEAD_BYTES)
                    : HttpHead.read(in, TestServer.MAX_HEAD_BYTES);
        } catch (HttpHead.TooLargeException e) {
            reject(out, "431 Request Header Fields Too Large", "");
            return;
        } catch (HttpHead.NotHttpException e) {
            TestServer.writeAscii(out, TestServer.BAD_REQUEST);
            return;
        }
        if (head == null) {
            return;
        }
        server.record(head);
        if (head.method() == null) {
            reject(out, "400 Bad Request", "");
            return;
        }
        if (!handshake(head, out)) {
            return;
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        if (action != null) {
            actAt += System.nanoTime(); // the delay counts from the handshake
        }
        try {
            echoFrames(in, out);
        } catch (SocketTimeoutException e) {
            sendClose(out, 1001, "idle");
        }
    }

    /** Answers the upgrade; returns whether the connection is now a WebSocket. */
    private boolean handshake(HttpHead head, OutputStream out) throws IOException {
        boolean upgrade = head.headerHasToken("Upgrade", "websocket");
        if (!upgrade) {
            // what Workerman 5.2+ says to a plain HTTP request; the connection then closes
            TestServer.writeAscii(out, PLAIN_HTTP_ANSWER);
            return false;
        }
        if (mode == Mode.ONE_PATH && !TestServer.WEBSOCKET_PATH.equals(path(head.target()))) {
            reject(out, "404 Not Found", "");
            return false;
        }
        if (!"GET".equals(head.method()) || !head.headerHasToken("Connection", "upgrade")) {
            reject(out, "400 Bad Request", "");
            return false;
        }
        if (!"13".equals(head.header("Sec-WebSocket-Version").orElse(""))) {
            reject(out, "426 Upgrade Required", "Sec-WebSocket-Version: 13\r\n");
            return false;
        }
        String key = head.header("Sec-WebSocket-Key").orElse("");
        if (!validKey(key)) {
            reject(out, "400 Bad Request", "");
            return false;
        }
        TestServer.writeAscii(out, "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + (mode == Mode.WRONG_ACCEPT ? wrongAcceptKey(key) : acceptKey(key))
                + "\r\n\r\n");
        return true;
    }

    /** The request target's path, without the query. */
    static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** RFC 6455 §4.1: the key is 16 random bytes, base64-encoded. */
    static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void reject(OutputStream out, String status, String extraHeaders) throws IOException {
        String body = status + "\n";
        TestServer.writeAscii(out, "HTTP/1.1 " + status + "\r\n" + extraHeaders
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private void echoFrames(InputStream in, OutputStream out) throws IOException {
        while (true) {
            int b0 = firstByte(in, out);
            if (b0 < 0) {
                return;
            }
            int b1 = readByte(in);
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            if ((b0 & 0x70) != 0 || !masked) {
                // reserved bits without an extension, or an unmasked client frame: protocol error
                sendClose(out, 1002, "protocol error");
                return;
            }
            boolean control = (opcode & 0x8) != 0;
            if (control && (length > 125 || !fin)) {
                sendClose(out, 1002, "bad control frame");
                return;
            }
            if (length > MAX_PAYLOAD || length < 0) {
                sendClose(out, 1009, "message too big");
                return;
            }
            byte[] mask = readFully(in, 4);
            byte[] payload = readFully(in, (int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            switch (opcode) {
                case OP_CONTINUATION, OP_TEXT, OP_BINARY -> writeFrame(out, fin, opcode, payload);
                case OP_PING -> {
                    if (pongs) {
                        writeFrame(out, true, OP_PONG, payload);
                    }
                }
                case OP_PONG -> { /* an unsolicited pong needs no answer */ }
                case OP_CLOSE -> {
                    // echo the status code back (RFC 6455 §5.5.1), then end the connection
                    byte[] status = payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0];
                    writeFrame(out, true, OP_CLOSE, status);
                    return;
                }
                default -> {
                    sendClose(out, 1002, "unknown opcode");
                    return;
                }
            }
        }
    }

    /**
     * Reads the first byte of the next frame; a timed session acts when its time comes while it
     * waits. -1 when the connection is over (the client left, or the action ended it).
     */
    private int firstByte(InputStream in, OutputStream out) throws IOException {
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
        while (action != null) {
            long left = actAt - System.nanoTime();
            if (left <= 0) {
                Action now = action;
                action = null;
                if (act(now, in, out)) {
                    return -1;
                }
                break;
            }
            int wait = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            boolean idleFirst = idleMillis > 0 && idleMillis < wait;
            socket.setSoTimeout(idleFirst ? idleMillis : wait);
            try {
                int b = in.read();
                socket.setSoTimeout(idleMillis);
                return b;
            } catch (SocketTimeoutException e) {
                if (idleFirst) {
                    throw e; // idle for longer than the idle timeout: the usual goodbye
                }
                // the time to act has come: the loop's head acts
            }
        }
        socket.setSoTimeout(idleMillis);
        return in.read();
    }

    /** Does {@code what}; whether the connection is over. */
    private boolean act(Action what, InputStream in, OutputStream out) throws IOException {
        switch (what) {
            case STOP_PONGS -> {
                pongs = false;
                return false;
            }
            case RESET -> {
                socket.setSoLinger(true, 0); // the close that follows sends a reset, not a FIN
                return true;
            }
            case CLOSE_FRAME -> sendClose(out, closeCode, closeReason);
            default -> {
                // FIN: no close frame
            }
        }
        // a FIN, not a reset: stop sending, then read what the client still sends (its close echo, a ping) briefly
        if (!(socket instanceof javax.net.ssl.SSLSocket)) {
            socket.shutdownOutput();
        }
        socket.setSoTimeout(200);
        try {
            byte[] drain = new byte[1024];
            long until = System.nanoTime() + 1_000_000_000L;
            while (in.read(drain) >= 0 && System.nanoTime() < until) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // nothing more came
        }
        return true;
    }

    private static void sendClose(OutputStream out, int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        writeFrame(out, true, OP_CLOSE, payload);
    }

    /** A server frame: never masked (RFC 6455 §5.1). */
    static void writeFrame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
        int headerLength = payload.length < 126 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[headerLength + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) payload.length;
        } else if (payload.length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = 127;
            long length = payload.length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (length >> (8 * (7 - i)));
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        out.write(frame);
        out.flush();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a frame");
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed inside a frame");
        }
        return bytes;
    }
}
