package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small TCP server whose {@link Behaviour} reproduces one thing a client can meet on the
 * other end of a connection, for conndoctor's socket tests and its network-namespace lab.
 *
 * <p>It binds an explicit address and port ({@code 0} picks a free port; {@link #port()} hands
 * back the real one), serves each connection on its own daemon thread up to a cap, and
 * {@link #close()} stops the listener and every open connection. Every read is bounded in
 * size, and the protocol behaviours bound it in time as well, so a misbehaving client cannot
 * hold the server's memory or threads forever.
 *
 * <p>{@link #main} runs one server as a separate process (inside a namespace, for the lab):
 * <pre>
 * java -cp conndoctor-testkit.jar dev.conndoctor.testkit.TestServer --bind 192.0.2.10 --port 8282 --behaviour websocket
 * </pre>
 * prints one line {@code listening 192.0.2.10:8282} (IPv6: {@code listening [2001:db8:a::10]:8282})
 * when it accepts connections and runs until it is killed.
 *
 * <p>Any behaviour can be served over TLS: {@link Builder#tls(SSLContext)} (certificates from
 * {@link TestCertificates}), or {@code --tls-keystore FILE.p12 [--tls-password PASS]} for the
 * process. The server then completes a TLS handshake first and behaves inside it; a client that
 * speaks plain to it sees what it sees at a real TLS-only port: the connection closed without a
 * byte, or a TLS alert ({@link PlainClientAnswer}).
 */
public final class TestServer implements AutoCloseable {

    /**
     * What the server does with each connection, named after what the client sees (in the
     * spirit of OkHttp's {@code SocketPolicy}).
     */
    public enum Behaviour {
        /**
         * Accepts and holds the connection open until the client closes it, reading and
         * discarding whatever arrives. The client sees a successful TCP connect and nothing
         * else; a pile of these holds the client's ephemeral ports.
         */
        ACCEPT,
        /**
         * A correct RFC 6455 WebSocket server: answers a valid upgrade with {@code 101} and the
         * right {@code Sec-WebSocket-Accept}, then echoes data frames, answers ping with pong
         * and close with close. The client sees a working WebSocket. A plain HTTP request (no
         * {@code Upgrade} header) gets what Workerman 5.2 and later send: {@code 400 Bad Request}
         * with {@code Sec-WebSocket-Version: 13} and no body, so an http:// client or a browser
         * tab sees a bare 400; a malformed upgrade gets {@code 400}, a wrong version {@code 426}.
         */
        WEBSOCKET,
        /**
         * A broken WebSocket server: answers a valid upgrade with {@code 101}, {@code Upgrade} and
         * {@code Connection} right, but a {@code Sec-WebSocket-Accept} computed without the
         * RFC 6455 GUID. Browsers drop the connection ("Error during WebSocket handshake:
         * Incorrect 'Sec-WebSocket-Accept' header value"); the server itself goes on echoing.
         */
        WEBSOCKET_WRONG_ACCEPT,
        /**
         * A WebSocket server with one endpoint, {@value TestServer#WEBSOCKET_PATH}: an upgrade to
         * that path (any query) works like {@link #WEBSOCKET}, an upgrade to any other path gets
         * {@code 404 Not Found}. A client at the wrong path sees "Unexpected response code: 404".
         */
        WEBSOCKET_ONE_PATH,
        /**
         * A WebSocket server like {@link #WEBSOCKET} that buffers its request until the blank line
         * ending the head before it judges a byte of it, as servers that read a whole head (or a
         * whole first line: Go's net/http, Python's http.server) first do. A ws:// client sees a
         * working WebSocket; a wss:// client's ClientHello, which holds no such line, is never
         * answered: its TLS handshake times out (then the connection is dropped at the head timeout).
         */
        WEBSOCKET_SILENT_TO_TLS,
        /**
         * Answers any HTTP request, an upgrade included, with a plain {@code HTTP/1.1 200 OK}
         * HTML page and closes. A WebSocket client sees
         * "Error during WebSocket handshake: Unexpected response code: 200".
         */
        HTTP_200,
        /**
         * A line-based text server: echoes every line back. A WebSocket or HTTP client sees a
         * reply that is not HTTP ({@code net::ERR_INVALID_HTTP_RESPONSE}).
         */
        TEXT_ECHO,
        /**
         * A banner-first TCP gateway (like GatewayWorker's): on accept it sends
         * {@code "Hello " + 20 hex digits + "\r\n"} at once, before the client says anything,
         * then echoes whatever arrives. A tcp:// client sees a working connection with a
         * greeting; an HTTP or WebSocket client reads the greeting as a broken answer
         * ({@code net::ERR_INVALID_HTTP_RESPONSE}).
         */
        BANNER,
        /**
         * Accepts and never writes a byte (it reads and discards). The client sees the connect
         * succeed and then waits for a reply until its own timeout.
         */
        SILENT,
        /**
         * Accepts and closes at once, without a byte. The client sees the connect succeed and
         * then an immediate end of stream (or a reset if it had sent data).
         */
        CLOSE_IMMEDIATELY,
        /**
         * Reads the client's first bytes, then closes without writing one, like a length-prefixed
         * frame listener that reads a length it cannot accept (an HTTP request line read as a
         * 4-byte length is a gigabyte). The client sees its request sent and then the end of the
         * stream: "connection closed before receiving a handshake response".
         */
        CLOSE_AFTER_READ,
        /**
         * A WebSocket server like {@link #WEBSOCKET} that ends each session {@link Builder#after} the
         * handshake (1 s by default) with a close frame carrying {@link Builder#closeCode} and
         * {@link Builder#closeReason} (1001 "going away" by default), then closes. A held client sees
         * the code: 1008 a policy, 1011 a server error, 1012 a restart, 4000-4999 the application's own.
         */
        WEBSOCKET_CLOSE_AFTER,
        /**
         * A WebSocket server like {@link #WEBSOCKET} that closes each session's TCP connection
         * {@link Builder#after} the handshake without a close frame, like a process that exits or a
         * proxy timing out: the client sees a FIN, and browsers report 1006.
         */
        WEBSOCKET_FIN_AFTER,
        /**
         * A WebSocket server like {@link #WEBSOCKET} that resets each session {@link Builder#after}
         * the handshake (SO_LINGER 0), like a killed process or a middlebox dropping the flow: the
         * client sees "connection reset" in the middle of its session.
         */
        WEBSOCKET_RESET_AFTER,
        /**
         * A WebSocket server like {@link #WEBSOCKET} whose pongs stop {@link Builder#after} the
         * handshake, like a stuck event loop: the connection stays open, frames are read, pings are
         * never answered again.
         */
        WEBSOCKET_STOPS_PONGING;

        /** Parses {@code websocket}, {@code http-200}, {@code HTTP_200} and the like. */
        public static Behaviour parse(String text) {
            String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Behaviour behaviour : values()) {
                if (behaviour.name().equals(name)) {
                    return behaviour;
                }
            }
            throw new IllegalArgumentException("unknown behaviour '" + text + "': use one of "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /**
     * What a TLS server does with a client that speaks plain to it (an HTTP request, a WebSocket
     * upgrade, a text line): TLS servers differ here, and so do the diagnoses.
     */
    public enum PlainClientAnswer {
        /**
         * Closes the connection without a byte, as OpenSSL-based servers (Workerman's ssl
         * transport, Node's tls) do for an HTTP request. The client sees its request answered by
         * an end of stream or a reset.
         */
        CLOSE,
        /**
         * Lets JSSE answer, which sends a TLS alert record and closes. The client sees a few
         * bytes that are not HTTP, starting {@code 15 03}.
         */
        TLS_ALERT
    }

    /** The content type of a TLS handshake record, the first byte of every ClientHello. */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    /** The largest HTTP request head (request line and headers) the server reads. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    /** Keeps {@link #receivedHeads()} bounded for a server that lives long in a lab. */
    static final int MAX_RECORDED_HEADS = 100;

    /** The one path that {@link Behaviour#WEBSOCKET_ONE_PATH} upgrades. */
    public static final String WEBSOCKET_PATH = "/ws";

    /**
     * How long CLOSE_AFTER_READ keeps reading after the first bytes (per read, and at most four
     * times that in all), so that it closes with a FIN rather than a reset.
     */
    private static final int DRAIN_MS = 50;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Behaviour behaviour;
    private final SSLContext tls;
    private final PlainClientAnswer plainClients;
    private final ServerSocket serverSocket;
    private final int maxConnections;
    private final Duration headTimeout;
    private final Duration idleTimeout;
    private final Duration after;
    private final int closeCode;
    private final String closeReason;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger turnedAway = new AtomicInteger();
    private final List<String> receivedHeads = new CopyOnWriteArrayList<>();
    private final Thread acceptThread;
    private volatile boolean closed;

    private TestServer(Builder builder) throws IOException {
        this.behaviour = builder.behaviour;
        this.tls = builder.tls;
        this.plainClients = builder.plainClients;
        this.maxConnections = builder.maxConnections;
        this.headTimeout = builder.headTimeout;
        this.idleTimeout = builder.idleTimeout != null ? builder.idleTimeout : defaultIdleTimeout(builder.behaviour);
        this.after = builder.after;
        this.closeCode = builder.closeCode;
        this.closeReason = builder.closeReason;
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(builder.address, builder.port), builder.backlog);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + format(builder.address, builder.port) + ": " + e.getMessage(), e);
        }
        this.serverSocket = socket;
        this.acceptThread = new Thread(this::acceptLoop, "test-server-" + behaviour.name().toLowerCase(Locale.ROOT)
                + "-" + socket.getLocalPort());
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** What a timed behaviour does {@link Builder#after} the handshake. */
    private static WebSocketConnection.Action timedAction(Behaviour behaviour) {
        return switch (behaviour) {
            case WEBSOCKET_CLOSE_AFTER -> WebSocketConnection.Action.CLOSE_FRAME;
            case WEBSOCKET_FIN_AFTER -> WebSocketConnection.Action.FIN;
            case WEBSOCKET_RESET_AFTER -> WebSocketConnection.Action.RESET;
            default -> WebSocketConnection.Action.STOP_PONGS;
        };
    }

    /** Holding behaviours wait for the client to leave; the protocol ones give up after a while. */
    private static Duration defaultIdleTimeout(Behaviour behaviour) {
        return behaviour == Behaviour.ACCEPT || behaviour == Behaviour.SILENT ? Duration.ZERO : Duration.ofSeconds(60);
    }

    /** Starts a server with the given behaviour on {@code address:port} ({@code port} 0: any free port). */
    public static TestServer start(Behaviour behaviour, InetAddress address, int port) throws IOException {
        return builder(behaviour).address(address).port(port).start();
    }

    /** Starts a server with the given behaviour on a free port of 127.0.0.1. */
    public static TestServer startOnLoopback(Behaviour behaviour) throws IOException {
        return builder(behaviour).start();
    }

    public static Builder builder(Behaviour behaviour) {
        return new Builder(behaviour);
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** Whether the behaviour is served inside TLS. */
    public boolean usesTls() {
        return tls != null;
    }

    /** The address the server is bound to. */
    public InetAddress address() {
        return serverSocket.getInetAddress();
    }

    /** The port the server really listens on (the chosen one when it was started with port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address(), port());
    }

    /** {@code 192.0.2.10:8282} or {@code [2001:db8:a::10]:8282}. */
    public String hostAndPort() {
        return format(address(), port());
    }

    /** Connections accepted so far, those turned away at the cap included. */
    public int acceptedCount() {
        return accepted.get();
    }

    /** Connections closed at once because {@code maxConnections} were already open. */
    public int turnedAwayCount() {
        return turnedAway.get();
    }

    /**
     * The HTTP request heads the HTTP and WebSocket behaviours received, oldest first (the first
     * {@value #MAX_RECORDED_HEADS}): the request line, then one {@code Name: value} line per
     * header, as the server parsed them. What a proxy in front really forwards.
     */
    public List<String> receivedHeads() {
        return List.copyOf(receivedHeads);
    }

    void record(HttpHead head) {
        if (receivedHeads.size() < MAX_RECORDED_HEADS) {
            receivedHeads.add(head.describe());
        }
    }

    /** Connections open right now. */
    public int openCount() {
        return open.size();
    }

    /** Stops listening and closes every open connection; idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        try {
            acceptThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the server is closed (used by {@link #main}). */
    public void awaitClose() throws InterruptedException {
        acceptThread.join();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed || serverSocket.isClosed()) {
                    return;
                }
                continue; // a connection that died in the queue; keep serving the others
            }
            accepted.incrementAndGet();
            if (open.size() >= maxConnections) {
                // over the cap the connection is closed at once rather than queued: bounded threads
                turnedAway.incrementAndGet();
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            Thread worker = new Thread(() -> serve(socket), "test-server-conn-" + socket.getPort());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket raw) {
        try (raw) {
            Socket socket = tls == null ? raw : handshake(raw);
            try (socket) {
                switch (behaviour) {
                    case ACCEPT, SILENT -> discardUntilEof(socket);
                    case WEBSOCKET -> new WebSocketConnection(this, socket, headTimeout, idleTimeout,
                            WebSocketConnection.Mode.CORRECT).run();
                    case WEBSOCKET_WRONG_ACCEPT -> new WebSocketConnection(this, socket, headTimeout, idleTimeout,
                            WebSocketConnection.Mode.WRONG_ACCEPT).run();
                    case WEBSOCKET_ONE_PATH -> new WebSocketConnection(this, socket, headTimeout, idleTimeout,
                            WebSocketConnection.Mode.ONE_PATH).run();
                    case WEBSOCKET_SILENT_TO_TLS -> new WebSocketConnection(this, socket, headTimeout, idleTimeout,
                            WebSocketConnection.Mode.WHOLE_HEAD_FIRST).run();
                    case HTTP_200 -> answerHttp200(socket);
                    case TEXT_ECHO -> echoLines(socket);
                    case BANNER -> bannerThenEcho(socket);
                    case CLOSE_IMMEDIATELY -> { /* try-with-resources closes without a byte */ }
                    case CLOSE_AFTER_READ -> readThenClose(socket);
                    case WEBSOCKET_CLOSE_AFTER, WEBSOCKET_FIN_AFTER, WEBSOCKET_RESET_AFTER, WEBSOCKET_STOPS_PONGING ->
                            new WebSocketConnection(this, socket, headTimeout, idleTimeout, WebSocketConnection.Mode.CORRECT)
                                    .after(after, timedAction(behaviour), closeCode, closeReason).run();
                }
            }
        } catch (IOException e) {
            // the client left or timed out: nothing to report, the connection is simply over
        } finally {
            open.remove(raw);
        }
    }

    /**
     * The server side of the TLS handshake, bounded by the head timeout. A client whose first
     * byte cannot start a TLS record gets what {@link PlainClientAnswer} says.
     */
    private Socket handshake(Socket raw) throws IOException {
        raw.setSoTimeout(millis(headTimeout));
        int first = raw.getInputStream().read();
        if (first < 0) {
            throw new java.io.EOFException("the client left before its ClientHello");
        }
        if (first != TLS_HANDSHAKE_RECORD && plainClients == PlainClientAnswer.CLOSE) {
            throw new javax.net.ssl.SSLException("not a TLS record: closing without a byte, as OpenSSL does");
        }
        // the byte read to look is handed back to JSSE, which then sees the client's bytes whole
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw,
                new java.io.ByteArrayInputStream(new byte[] {(byte) first}), true);
        ssl.setUseClientMode(false);
        ssl.setSoTimeout(millis(headTimeout));
        ssl.startHandshake();
        return ssl;
    }

    private void discardUntilEof(Socket socket) throws IOException {
        socket.setSoTimeout(millis(idleTimeout));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // read and forget, so a client that sends is never blocked by a full window
            }
        } catch (SocketTimeoutException e) {
            // idle for too long: give the thread back
        }
    }

    private void answerHttp200(Socket socket) throws IOException {
        socket.setSoTimeout(millis(headTimeout));
        HttpHead head;
        try {
            head = HttpHead.read(socket.getInputStream(), MAX_HEAD_BYTES);
            if (head != null) {
                record(head);
            }
        } catch (HttpHead.TooLargeException e) {
            writeAscii(socket.getOutputStream(), "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        } catch (HttpHead.NotHttpException e) {
            writeAscii(socket.getOutputStream(), BAD_REQUEST);
            return;
        }
        if (head == null) {
            return;
        }
        String body = "<!DOCTYPE html>\n<html><head><title>It works</title></head>"
                + "<body><h1>It works</h1><p>A plain HTTP server (conndoctor testkit).</p></body></html>\n";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder response = new StringBuilder()
                .append("HTTP/1.1 200 OK\r\n")
                .append("Server: conndoctor-testkit\r\n")
                .append("Content-Type: text/html; charset=utf-8\r\n")
                .append("Content-Length: ").append(bodyBytes.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        writeAscii(out, response.toString());
        if (!"HEAD".equals(head.method())) {
            out.write(bodyBytes);
        }
        out.flush();
        if (!(socket instanceof SSLSocket)) {
            socket.shutdownOutput(); // TLS has no half-close: its close_notify comes with the close
        }
    }

    private void bannerThenEcho(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        writeAscii(out, bannerLine(RANDOM));
        socket.setSoTimeout(millis(idleTimeout));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            // idle for too long
        }
    }

    /** {@code Hello <20 hex digits>\r\n}: a gateway's greeting with the client's new id. */
    static String bannerLine(SecureRandom random) {
        byte[] id = new byte[10];
        random.nextBytes(id);
        StringBuilder line = new StringBuilder("Hello ");
        for (byte b : id) {
            line.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return line.append("\r\n").toString();
    }

    private void readThenClose(Socket socket) throws IOException {
        socket.setSoTimeout(millis(headTimeout));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[MAX_HEAD_BYTES];
        if (in.read(buffer) < 0) {
            return;
        }
        // read what else is already on its way: unread data at close would turn the FIN into a reset
        socket.setSoTimeout(DRAIN_MS);
        long deadline = System.nanoTime() + 4L * DRAIN_MS * 1_000_000;
        try {
            while (in.read(buffer) >= 0 && System.nanoTime() < deadline) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // nothing more came: close now, without a byte
        }
    }

    private void echoLines(Socket socket) throws IOException {
        socket.setSoTimeout(millis(idleTimeout));
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] line = new byte[MAX_HEAD_BYTES];
        int length = 0;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    out.write(line, 0, length);
                    out.write('\n');
                    out.flush();
                    length = 0;
                } else if (length == line.length) {
                    return; // a line longer than any text protocol would send: drop the client
                } else {
                    line[length++] = (byte) b;
                }
            }
        } catch (SocketTimeoutException e) {
            // idle for too long
        }
    }

    /**
     * What HTTP servers such as nginx answer at once to bytes that cannot start a request (a TLS
     * ClientHello among them), rather than waiting for a head that never comes.
     */
    static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 12\r\nConnection: close\r\n\r\nBad Request\n";

    static void writeAscii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing on the way out: nothing useful to do with the error
        }
    }

    static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = host.indexOf('%');
            return "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]:" + port;
        }
        return host + ":" + port;
    }

    /** Configures a {@link TestServer}; by default 127.0.0.1, a free port, 1024 connections. */
    public static final class Builder {
        private final Behaviour behaviour;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private int backlog = 128;
        private int maxConnections = 1024;
        private Duration headTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout;
        private Duration after = Duration.ofSeconds(1);
        private int closeCode = 1001;
        private String closeReason = "going away";
        private SSLContext tls;
        private PlainClientAnswer plainClients = PlainClientAnswer.CLOSE;
        /** From the command line: loaded in {@link #run}, where a bad file is exit code 1, not 2. */
        private Path tlsKeystore;
        private String tlsPassword;

        private Builder(Behaviour behaviour) {
            this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        }

        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** A literal address such as {@code 192.0.2.10}, {@code ::1} or {@code 0.0.0.0}; never a DNS lookup. */
        public Builder address(String literal) {
            this.address = parseLiteral(literal);
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
            }
            this.port = port;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** Connections served at once; more are accepted and closed at once. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long a client may take to send its HTTP request head (HTTP_200, WEBSOCKET). */
        public Builder headTimeout(Duration headTimeout) {
            this.headTimeout = positive(headTimeout, "headTimeout");
            return this;
        }

        /**
         * How long a connection may stay without a byte from the client before the server
         * closes it; {@link Duration#ZERO} waits forever. Default: forever for ACCEPT and
         * SILENT, 60 s for the others.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** When the timed WebSocket behaviours ({@code WEBSOCKET_*_AFTER}, {@code WEBSOCKET_STOPS_PONGING}) act: 1 s after the handshake by default. */
        public Builder after(Duration after) {
            this.after = positive(after, "after");
            return this;
        }

        /** The code of {@link Behaviour#WEBSOCKET_CLOSE_AFTER}'s close frame (1001 by default); any number, valid or not. */
        public Builder closeCode(int code) {
            if (code < 0 || code > 0xFFFF) {
                throw new IllegalArgumentException("a close code is two bytes: " + code);
            }
            this.closeCode = code;
            return this;
        }

        /** The reason of that close frame, at most 123 bytes of UTF-8 ("going away" by default). */
        public Builder closeReason(String reason) {
            if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
                throw new IllegalArgumentException("a close reason is at most 123 bytes");
            }
            this.closeReason = reason;
            return this;
        }

        /**
         * Serves the behaviour inside TLS with this server-side context (e.g.
         * {@link TestCertificates.Leaf#serverContext()}); {@code null} serves it in plain.
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** What the TLS server does with a plain client; by default {@link PlainClientAnswer#CLOSE}. */
        public Builder plainClients(PlainClientAnswer answer) {
            this.plainClients = Objects.requireNonNull(answer, "answer");
            return this;
        }

        /** Serves over TLS with the key and chain of a PKCS#12 file (what {@code --tls-keystore} does). */
        public Builder tls(Path pkcs12, String password) throws IOException {
            try (InputStream in = Files.newInputStream(pkcs12)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password.toCharArray());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(factory.getKeyManagers(), null, RANDOM);
                this.tls = context;
                return this;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot use " + pkcs12 + " as a PKCS#12 key store: " + e.getMessage(), e);
            }
        }

        public TestServer start() throws IOException {
            return new TestServer(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }
    }

    /** Parses an IP literal without ever asking DNS (brackets around IPv6 allowed). */
    static InetAddress parseLiteral(String literal) {
        String text = literal.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not a valid IP address", e);
        }
    }

    /**
     * Runs one server until killed. Options: {@code --bind ADDR} (default 127.0.0.1),
     * {@code --port N} (default 0), {@code --behaviour NAME} (required),
     * {@code --max-connections N}, {@code --idle-timeout-ms N}, {@code --after-ms N}, {@code --close-code N},
     * {@code --close-reason TEXT} (the timed WebSocket behaviours), {@code --tls-keystore FILE.p12}
     * (serve over TLS with that key and chain; {@link TestCertificates.Leaf#writePkcs12} writes one)
     * with {@code --tls-password PASS} (default {@value TestCertificates#DEFAULT_PASSWORD}).
     * Exit code 2 on bad arguments, 1 when the port cannot be bound or the key store not read.
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Builder builder;
        try {
            builder = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("TestServer: " + e.getMessage());
            err.println("usage: TestServer --behaviour " + behaviourNames()
                    + " [--bind ADDR] [--port N] [--max-connections N] [--idle-timeout-ms N]"
                    + " [--after-ms N] [--close-code N] [--close-reason TEXT]"
                    + " [--tls-keystore FILE.p12 [--tls-password PASS]]");
            return 2;
        }
        TestServer server;
        try {
            if (builder.tlsKeystore != null) {
                builder.tls(builder.tlsKeystore, builder.tlsPassword);
            }
            server = builder.start();
        } catch (IOException e) {
            err.println("TestServer: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-server-shutdown"));
        out.println("listening " + server.hostAndPort());
        out.flush();
        server.awaitClose();
        return 0;
    }

    static Builder parseArgs(String[] args) {
        String bind = "127.0.0.1";
        int port = 0;
        Behaviour behaviour = null;
        Integer maxConnections = null;
        Long idleMillis = null;
        Long afterMillis = null;
        Integer closeCode = null;
        String closeReason = null;
        Path keystore = null;
        String password = TestCertificates.DEFAULT_PASSWORD;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--")
                        ? option + " needs a value" : "unexpected argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--bind" -> bind = value;
                case "--port" -> port = parseInt(option, value);
                case "--behaviour", "--behavior" -> behaviour = Behaviour.parse(value);
                case "--max-connections" -> maxConnections = parseInt(option, value);
                case "--idle-timeout-ms" -> idleMillis = (long) parseInt(option, value);
                case "--after-ms" -> afterMillis = (long) parseInt(option, value);
                case "--close-code" -> closeCode = parseInt(option, value);
                case "--close-reason" -> closeReason = value;
                case "--tls-keystore" -> keystore = Path.of(value);
                case "--tls-password" -> password = value;
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (behaviour == null) {
            throw new IllegalArgumentException("--behaviour is required");
        }
        Builder builder = builder(behaviour).address(bind).port(port);
        if (maxConnections != null) {
            builder.maxConnections(maxConnections);
        }
        if (idleMillis != null) {
            builder.idleTimeout(Duration.ofMillis(idleMillis));
        }
        if (afterMillis != null) {
            builder.after(Duration.ofMillis(afterMillis));
        }
        if (closeCode != null) {
            builder.closeCode(closeCode);
        }
        if (closeReason != null) {
            builder.closeReason(closeReason);
        }
        builder.tlsKeystore = keystore;
        builder.tlsPassword = password;
        return builder;
    }

    static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a number, not '" + value + "'");
        }
    }

    static String behaviourNames() {
        return String.join("|", java.util.Arrays.stream(Behaviour.values())
                .map(b -> b.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    @Override
    public String toString() {
        return "TestServer[" + behaviour + (tls == null ? "" : " over TLS") + " on " + hostAndPort() + "]";
    }
}
