package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A peer that attacks the client instead of serving it, on loopback only: each {@link Behaviour}
 * is one way a hostile server or proxy holds, fools or floods a client, named after what it does.
 * conndoctor's tests hold its bounds against these (every probe ends by its deadline, every
 * field is bounded, no byte from a peer reaches a terminal raw).
 *
 * <pre>{@code
 * try (HostilePeer peer = HostilePeer.start(Behaviour.DRIPPING_TLS)) {
 *     Diagnosis d = doctor.run(Target.parse("wss://127.0.0.1:" + peer.port() + "/"), options, listener);
 * }
 * }</pre>
 *
 * <p>It binds 127.0.0.1 (or {@code ::1}, or another loopback address given to the
 * {@link Builder}) on a free port and refuses any other address, so a test can never aim it at
 * a real network. Each connection runs on its own daemon thread, at most {@link #MAX_CONNECTIONS}
 * at once; {@link #close()} closes the listener and every connection and ends every thread, and
 * a peer whose start fails leaves nothing behind.
 *
 * <p>Every behaviour but {@link Behaviour#ACCEPT_THEN_RESET} can be served inside TLS with
 * {@link Builder#tls(SSLContext)} (certificates from {@link TestCertificates}): the peer completes
 * the handshake, then attacks inside it, for {@code wss}, {@code https} and {@code https://}
 * proxies. A byte dripped inside TLS travels as a record of its own.
 */
public final class HostilePeer implements AutoCloseable {

    /** What the peer does with each connection. */
    public enum Behaviour {
        /**
         * Answers a ClientHello with a TLS handshake record header announcing 16 KB, then one byte
         * of the record every drip interval: a TLS client reading the record waits for hours
         * unless something bounds the whole handshake. To anything that is not a ClientHello (a
         * plain HTTP request) it says nothing, so a plain client's TLS follow-up meets the drip too.
         *
         * <p>Served inside TLS ({@link Builder#tls(SSLContext)}) it completes the handshake, reads
         * the request, and then drips the answer's record the same way: an application-data record
         * header announcing 16 KB, then one byte at a time, so the client's TLS layer waits for the
         * whole record inside a single read.
         */
        DRIPPING_TLS,
        /**
         * An HTTP proxy that answers CONNECT with {@code HTTP/1.1 200 Connection established} and
         * then header lines that never end, all one byte every drip interval: a client reading the
         * answer's head waits for hours unless something bounds the whole answer.
         */
        DRIPPING_PROXY,
        /**
         * Accepts and resets at once (an abortive close, SO_LINGER 0), before reading a byte: the
         * TCP handshake completed, so the host and a listener are there, and nothing else.
         */
        ACCEPT_THEN_RESET,
        /**
         * Answers any request with {@code HTTP/1.1 101 Switching Protocols} and then header bytes
         * that never end, one byte every drip interval: a head that is never complete.
         */
        ENDLESS_HEAD,
        /**
         * Answers any request at once with a complete HTTP {@code 101} head of more than
         * {@link #HUGE_HEAD_BYTES} bytes (filler header lines), then holds the connection open:
         * larger than any client reads for a handshake answer.
         */
        HUGE_HEAD,
        /**
         * Answers a WebSocket upgrade with a {@code 101} whose {@code Upgrade}, {@code Connection}
         * and {@code Sec-WebSocket-Accept} values carry terminal escape sequences (clear the
         * screen, retitle the terminal, move the cursor up and overwrite a line with "works"),
         * then holds the connection open. The exact head is {@link #ESCAPE_LADEN_101}.
         */
        ESCAPE_LADEN_UPGRADE
    }

    /** How many connections are served at once; more are closed on accept. */
    public static final int MAX_CONNECTIONS = 32;
    /** The size {@link Behaviour#HUGE_HEAD}'s head exceeds: 16 KB, the largest reply head a client reads. */
    public static final int HUGE_HEAD_BYTES = 16 * 1024;
    /** The drip interval unless the builder sets one: shorter than any read timeout a test uses. */
    public static final Duration DEFAULT_DRIP = Duration.ofMillis(200);

    /** ESC (0x1b) and BEL (0x07), the bytes that make a terminal act instead of print. */
    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";

    /** The head {@link Behaviour#ESCAPE_LADEN_UPGRADE} sends, in ISO-8859-1. */
    public static final String ESCAPE_LADEN_101 = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket" + ESC + "[2J" + ESC + "[H\r\n"
            + "Connection: Upgrade" + ESC + "]0;pwned" + BEL + "\r\n"
            + "Sec-WebSocket-Accept: " + ESC + "[1A" + ESC + "[2K" + "works" + ESC + "[0m\r\n"
            + "\r\n";

    /** How long the peer reads a client's request before acting anyway. */
    private static final int REQUEST_WAIT_MS = 2000;
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** How long {@link #close()} waits for each thread to end. */
    private static final long JOIN_MS = 2000;

    private final Behaviour behaviour;
    private final Duration drip;
    private final SSLContext tls;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private HostilePeer(Builder builder) throws IOException {
        this.behaviour = builder.behaviour;
        this.drip = builder.drip;
        this.tls = builder.tls;
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(builder.address, 0), 50);
        } catch (IOException | RuntimeException e) {
            socket.close(); // a peer that fails to start leaves nothing behind
            throw e;
        }
        this.server = socket;
        this.acceptor = new Thread(this::acceptLoop, "hostile-peer-" + behaviour.name().toLowerCase(java.util.Locale.ROOT) + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A peer on 127.0.0.1 with the default drip interval. */
    public static HostilePeer start(Behaviour behaviour) throws IOException {
        return builder(behaviour).start();
    }

    public static Builder builder(Behaviour behaviour) {
        return new Builder(behaviour);
    }

    /** The address the peer listens on: a loopback address. */
    public InetAddress address() {
        return server.getInetAddress();
    }

    /** The port the peer listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}, or {@code [::1]:PORT}: the authority of a URL to the peer. */
    public String authority() {
        String host = address().getHostAddress();
        return (host.contains(":") ? "[" + host.replaceFirst("%.*$", "") + "]" : host) + ":" + port();
    }

    /** {@code scheme://authority/}: a target for the peer. */
    public String url(String scheme) {
        return scheme + "://" + authority() + "/";
    }

    /** How many connections the peer has accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Closes the listener and every connection, and waits for every thread of the peer to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(HostilePeer::closeQuietly);
        threads.forEach(Thread::interrupt);
        acceptor.interrupt();
        join(acceptor);
        threads.forEach(HostilePeer::join);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (threads.size() >= MAX_CONNECTIONS || closed) {
                closeQuietly(socket);
                continue;
            }
            sockets.add(socket);
            Thread thread = new Thread(() -> serve(socket), "hostile-peer-" + behaviour.name().toLowerCase(java.util.Locale.ROOT));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(Socket accepted) {
        try (accepted) {
            Socket socket = tls == null ? accepted : handshake(accepted);
            switch (behaviour) {
                case ACCEPT_THEN_RESET -> {
                    socket.setSoLinger(true, 0); // close sends a reset, not a FIN
                }
                case DRIPPING_TLS -> {
                    byte[] first = readRequest(socket);
                    if (tls != null) {
                        // past the handshake: a record header of application data, written beside the TLS layer
                        OutputStream raw = accepted.getOutputStream();
                        raw.write(new byte[] {0x17, 0x03, 0x03, 0x40, 0x00});
                        raw.flush();
                        dripForever(raw, new byte[] {0x5a, (byte) 0xa5});
                    } else if (first.length > 0 && first[0] == 0x16) {
                        // a handshake record, TLS 1.2, 16384 bytes long: the client reads until all have come
                        socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                        socket.getOutputStream().flush();
                        dripForever(socket.getOutputStream(), new byte[] {0x02, 0x00, 0x3f, (byte) 0xfc, 0x03, 0x03});
                    } else {
                        holdSilently(socket);
                    }
                }
                case DRIPPING_PROXY -> {
                    readRequest(socket);
                    drip(socket.getOutputStream(), "HTTP/1.1 200 Connection established\r\n");
                    dripForever(socket.getOutputStream(), "X-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                case ENDLESS_HEAD -> {
                    readRequest(socket);
                    drip(socket.getOutputStream(), "HTTP/1.1 101 Switching Protocols\r\n");
                    dripForever(socket.getOutputStream(), "X-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                case HUGE_HEAD -> {
                    readRequest(socket);
                    socket.getOutputStream().write(hugeHead().getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    holdSilently(socket);
                }
                case ESCAPE_LADEN_UPGRADE -> {
                    readRequest(socket);
                    socket.getOutputStream().write(ESCAPE_LADEN_101.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    holdSilently(socket);
                }
                default -> throw new IllegalStateException("no such behaviour: " + behaviour);
            }
        } catch (IOException e) {
            // the client closed or reset: the attack is over for this connection
        } catch (InterruptedException e) {
            // close(): end at once
        } finally {
            sockets.remove(accepted);
            threads.remove(Thread.currentThread());
        }
    }

    /** The server side of a TLS handshake over {@code raw}; closing {@code raw} ends it. */
    private Socket handshake(Socket raw) throws IOException {
        raw.setSoTimeout(REQUEST_WAIT_MS);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, raw.getInetAddress().getHostAddress(),
                raw.getPort(), false);
        socket.setUseClientMode(false);
        socket.startHandshake();
        return socket;
    }

    /** A complete 101 head of more than {@link #HUGE_HEAD_BYTES} bytes. */
    static String hugeHead() {
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        String filler = "X-Filler: " + "f".repeat(100) + "\r\n";
        while (head.length() <= HUGE_HEAD_BYTES) {
            head.append(filler);
        }
        return head.append("Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n").toString();
    }

    /** What the client sends first: up to a blank line, or whatever came within a moment. */
    private static byte[] readRequest(Socket socket) throws IOException {
        socket.setSoTimeout(REQUEST_WAIT_MS);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[MAX_REQUEST_BYTES];
        int count = 0;
        try {
            while (count < buffer.length) {
                int n = in.read(buffer, count, buffer.length - count);
                if (n < 0) {
                    break;
                }
                count += n;
                // a ClientHello has no blank line: its first record is enough
                if (buffer[0] == 0x16 || new String(buffer, 0, count, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // the client said all it will: act on it
        }
        return java.util.Arrays.copyOf(buffer, count);
    }

    /** Reads and discards until the client closes or the peer does. */
    private void holdSilently(Socket socket) throws IOException {
        socket.setSoTimeout(0);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (!closed && in.read(sink) >= 0) {
            // discard
        }
    }

    private void drip(OutputStream out, String text) throws IOException, InterruptedException {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            dripOne(out, b);
        }
    }

    private void dripForever(OutputStream out, byte[] pattern) throws IOException, InterruptedException {
        for (int i = 0; !closed; i = (i + 1) % pattern.length) {
            dripOne(out, pattern[i]);
        }
    }

    private void dripOne(OutputStream out, byte b) throws IOException, InterruptedException {
        if (closed) {
            throw new InterruptedException("closed");
        }
        out.write(b);
        out.flush();
        Thread.sleep(drip.toMillis());
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that was asked
        }
    }

    /** A hostile peer to start: its behaviour, and optionally its loopback address and drip interval. */
    public static final class Builder {
        private final Behaviour behaviour;
        private InetAddress address;
        private Duration drip = DEFAULT_DRIP;
        private SSLContext tls;

        private Builder(Behaviour behaviour) {
            this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
            try {
                this.address = InetAddress.getByName("127.0.0.1");
            } catch (UnknownHostException e) {
                throw new IllegalStateException("127.0.0.1 is always an address", e);
            }
        }

        /** The loopback address to listen on ({@code ::1} for IPv6); any other address is refused. */
        public Builder address(InetAddress value) {
            if (!value.isLoopbackAddress()) {
                throw new IllegalArgumentException(value.getHostAddress()
                        + " is not a loopback address: a hostile peer never listens on a real network");
            }
            this.address = value;
            return this;
        }

        /** The time between two dripped bytes: keep it under the client's read timeout, so only a deadline ends the drip. */
        public Builder drip(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("a drip interval must be positive: " + value);
            }
            this.drip = value;
            return this;
        }

        /**
         * Serves the behaviour inside TLS with this server context; not for
         * {@link Behaviour#ACCEPT_THEN_RESET}, which resets before any TLS could begin.
         */
        public Builder tls(SSLContext value) {
            if (behaviour == Behaviour.ACCEPT_THEN_RESET) {
                throw new IllegalArgumentException(behaviour + " acts before any TLS handshake: it cannot be served inside one");
            }
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        public HostilePeer start() throws IOException {
            return new HostilePeer(this);
        }
    }
}
