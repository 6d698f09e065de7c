package dev.conndoctor.listen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.Text;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.protocol.BoundedReader;
import dev.conndoctor.protocol.Proof;
import dev.conndoctor.protocol.WebSocketFrames;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * {@code conndoctor listen}: a small server of one protocol that tells, for every client, what
 * the client spoke and whether it matches. It serves a small correct endpoint (WebSocket echo, an
 * HTTP page, text or byte echo) and, with a token, the end-to-end proof. Hardened for strangers:
 * bounded connections in all and per client address, reads and frames; one absolute deadline from
 * connecting to a whole request (TLS handshake included), an idle timeout, a write timeout and a
 * maximum lifetime, enforced by a watchdog that closes the socket whatever the thread is blocked
 * in; no file or shell access; the token is never sent, printed or logged.
 *
 * <p>A WebSocket listener also serves browsers a check page ({@link BrowserCheckPage}): the page
 * opens the WebSocket from the browser itself and posts what the browser saw, which the listener
 * joins with what reached it and reports as one client line ({@link BrowserVerdicts}). Its
 * state is bounded ({@link BrowserChecks}) and its requests pass the same connection limits.
 */
public final class ListenServer implements AutoCloseable {

    /**
     * How the listener runs. {@code maxClients} 0: no limit. {@code handshakeTimeout}: from
     * connecting to a whole request, TLS handshake included, however the bytes trickle in.
     */
    public record Config(ListenProtocol protocol, InetAddress bind, int port, Optional<SSLContext> tls,
                         Optional<String> token, int maxConnections, Duration handshakeTimeout, Duration idleTimeout,
                         int maxClients, Limits limits) {

        public Config {
            java.util.Objects.requireNonNull(limits, "limits");
        }

        /** A listener with the default {@link Limits}. */
        public Config(ListenProtocol protocol, InetAddress bind, int port, Optional<SSLContext> tls,
                      Optional<String> token, int maxConnections, Duration handshakeTimeout, Duration idleTimeout,
                      int maxClients) {
            this(protocol, bind, port, tls, token, maxConnections, handshakeTimeout, idleTimeout, maxClients,
                    Limits.DEFAULTS);
        }
    }

    /**
     * What one client may hold: connections at once from its address (an IPv6 /64 counts as one
     * address), how long a connection lives at most, how long a write may stall (a client that
     * never reads).
     */
    public record Limits(int maxPerPeer, Duration maxLifetime, Duration writeTimeout) {
        public Limits {
            if (maxPerPeer < 1 || maxLifetime.isNegative() || maxLifetime.isZero() || writeTimeout.isNegative()
                    || writeTimeout.isZero()) {
                throw new IllegalArgumentException("limits must be positive: " + maxPerPeer + ", " + maxLifetime + ", "
                        + writeTimeout);
            }
        }

        /** 16 per address (a browser opens 6, a diagnosis a few), 10 minutes, 10 seconds. */
        public static final Limits DEFAULTS = new Limits(16, Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    /** How often the watchdog looks for connections past their deadline. */
    static final Duration WATCHDOG_TICK = Duration.ofMillis(100);
    /** How long after the head's deadline the watchdog closes a socket whose read has not returned by itself. */
    static final Duration HEAD_GRACE = Duration.ofSeconds(1);

    /** A request head larger than this is not a handshake: the client is cut off. */
    static final int MAX_HEAD = 16 * 1024;
    /** WebSocket frames and text lines larger than this are not echoed: the connection is closed. */
    static final int MAX_MESSAGE = 65_535;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final Consumer<ClientReport> reports;
    private final Clock clock;
    private final ServerSocket server;
    private final ConnectionTable table;
    private final AtomicInteger clients = new AtomicInteger();
    /** Port checks and the browser check's own page and sockets: connections that are not clients. */
    private final AtomicInteger uncounted = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ClientClassifier classifier;
    private final BrowserChecks checks = new BrowserChecks();
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    private ListenServer(Config config, Consumer<ClientReport> reports, Clock clock, ServerSocket server) {
        this.config = config;
        this.reports = reports;
        this.clock = clock;
        this.server = server;
        // a fifth of the handshake deadline (1 s by default): several round trips of any real network
        this.table = new ConnectionTable(config.maxConnections(), config.limits().maxPerPeer(),
                config.limits().writeTimeout().toNanos(), config.handshakeTimeout().toNanos() / 5);
        this.classifier = new ClientClassifier(config.protocol(), config.tls().isPresent(), config.token().isPresent(),
                String.valueOf(server.getLocalPort()));
    }

    /** Binds and starts accepting; every client is reported to {@code reports} (from its own thread). */
    public static ListenServer start(Config config, Consumer<ClientReport> reports, Clock clock) throws IOException {
        if (config.token().filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("an empty token proves nothing");
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(config.bind(), config.port()), 128);
        ListenServer listener = new ListenServer(config, reports, clock, socket);
        Thread acceptor = new Thread(listener::acceptLoop, "conndoctor-listen");
        acceptor.setDaemon(true);
        acceptor.start();
        Thread watchdog = new Thread(listener::watchdogLoop, "conndoctor-listen-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return listener;
    }

    /** The port bound (the chosen one when started with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    /** Blocks until the listener stops: closed, or {@code maxClients} served. */
    public boolean awaitStop(Duration limit) throws InterruptedException {
        return stopped.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket: nothing left to release
        }
        stopped.countDown();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                break; // closed
            }
            long now = System.nanoTime();
            // the watchdog's backstop for the head: a little after the read's own deadline, which reports what came
            Optional<ConnectionTable.Connection> admitted = table.admit(ConnectionTable.peerKey(client.getInetAddress()),
                    now, now + config.handshakeTimeout().toNanos() + HEAD_GRACE.toNanos(), () -> closeQuietly(client));
            if (admitted.isEmpty()) {
                closeQuietly(client); // over a limit: turned away at once, never queued
                continue;
            }
            ConnectionTable.Connection connection = admitted.get();
            Thread worker = new Thread(() -> {
                try {
                    serve(client, connection);
                } finally {
                    table.release(connection);
                    closeQuietly(client);
                }
            }, "conndoctor-listen-client");
            worker.setDaemon(true);
            worker.start();
        }
        stopped.countDown();
    }

    /**
     * Ends the connections past their deadline or stalled in a write, until the listener is closed
     * and its last connection is over: closing stops new clients, not the limits of those still served.
     */
    private void watchdogLoop() {
        while (stopped.getCount() > 0 || table.size() > 0) {
            table.endOverdue(System.nanoTime());
            try {
                Thread.sleep(WATCHDOG_TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void serve(Socket raw, ConnectionTable.Connection connection) {
        String peer = Endpoints.format(raw.getInetAddress(), raw.getPort());
        try {
            byte[] buffer = new byte[MAX_HEAD];
            long opened = connection.openedNanos();
            long deadline = opened + config.handshakeTimeout().toNanos();
            int count = readFirst(raw, raw.getInputStream(), buffer, deadline);
            boolean closedAtOnce = count == 0
                    && System.nanoTime() - opened < config.handshakeTimeout().toNanos() / 2;
            boolean clientTls = ClientHello.looksLikeClientHello(buffer, count);
            Socket socket = raw;
            byte[] first = buffer;
            int firstCount = count;
            boolean tlsDone = false;
            if (clientTls && config.tls().isPresent()) {
                // the ClientHello is already read: hand it to the TLS layer along with the socket
                SSLSocket tls = (SSLSocket) config.tls().get().getSocketFactory()
                        .createSocket(raw, new ByteArrayInputStream(buffer, 0, count), true);
                tls.setUseClientMode(false);
                // the handshake reads with a per-read timeout only: the watchdog holds it to the deadline itself
                connection.expireAt(deadline);
                try {
                    tls.startHandshake();
                } catch (IOException e) {
                    if (connection.evicted()) {
                        return; // its place went to a newcomer: nothing it said is worth a report
                    }
                    // most often the client does not trust this certificate: say so, it is the client's next step
                    String why = connection.ended() ? "no complete handshake within " + config.handshakeTimeout().toMillis()
                            + " ms of connecting" : String.valueOf(e.getMessage());
                    report(ClientClassifier.handshakeFailed(clock.instant(), peer, buffer, count, why));
                    return;
                }
                connection.expireAt(deadline + HEAD_GRACE.toNanos());
                socket = tls;
                tlsDone = true;
                first = new byte[MAX_HEAD];
                // the same deadline as the handshake: one deadline from connecting to a whole request
                firstCount = readFirst(socket, socket.getInputStream(), first, deadline);
            }
            if (connection.evicted()) {
                return; // its place went to a newcomer before it finished: not a client worth a report
            }
            connection.served(opened + config.limits().maxLifetime().toNanos());
            ClientClassifier.Verdict verdict = classifier.classify(buffer, count, tlsDone, first, firstCount, closedAtOnce);
            RequestReading reading = verdict.reading();
            String seenAs = peer;
            BrowserRoute route = verdict.route();
            if (route == BrowserRoute.SOCKET || route == BrowserRoute.STRIPPED) {
                // noted before it is answered: the page reports only after its socket has ended
                BrowserRoute.SocketPath socketPath = BrowserRoute.socket(reading.path().orElseThrow()).orElseThrow();
                checks.sighted(socketPath.check(), new BrowserChecks.Sighting(socketPath.attempt(), peer, tlsDone,
                        route == BrowserRoute.SOCKET, Optional.ofNullable(reading.headers().get("origin"))),
                        System.nanoTime());
            }
            Optional<String> pageCheck = route == BrowserRoute.PAGE
                    ? Optional.of(checks.issue(System.nanoTime(), tlsDone)) : Optional.empty();
            if (route != BrowserRoute.REPORT) {
                // a report's line comes once its body is read and judged
                ClientReport line = verdict.report(clock.instant(), peer);
                report(pageCheck.map(c -> withBrowser(line, BrowserCheck.page(c))).orElse(line));
            }
            if (!verdict.counted()) {
                uncounted.incrementAndGet(); // not a client: it does not count toward --max-clients
            }
            OutputStream out = new WatchedOutput(socket.getOutputStream(), connection);
            if (verdict.headTooLarge()) {
                write(out, "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n");
                return;
            }
            if (!verdict.answered()) {
                return; // nothing to answer in a language the client does not speak
            }
            socket.setSoTimeout((int) config.idleTimeout().toMillis());
            answer(socket, out, reading, first, firstCount, seenAs, route, pageCheck, deadline, tlsDone);
        } catch (IOException e) {
            // a client that leaves or misbehaves mid-way, or that the watchdog cut: its report is out, or it said nothing
        } finally {
            if (!connection.evicted()) {
                finishOne(); // a connection that lost its place to a newcomer was never served: not a client
            }
        }
    }

    private void finishOne() {
        int served = clients.incrementAndGet() - uncounted.get();
        if (config.maxClients() > 0 && served >= config.maxClients()) {
            close();
        }
    }

    private void report(ClientReport report) {
        synchronized (reports) {
            reports.accept(report);
        }
    }

    /**
     * Reads the client's first bytes before {@code deadline}: an HTTP head whole (bytes that may
     * still become a request line are waited for), otherwise what the first read brings. One
     * deadline for the whole head: a client sending a byte at a time does not get more.
     */
    private static int readFirst(Socket socket, InputStream in, byte[] buffer, long deadline) throws IOException {
        // silent until the deadline: what came so far (maybe nothing) is the answer
        BoundedReader.Read read = BoundedReader.read(in, socket::setSoTimeout, buffer, deadline,
                ListenServer::requestOrHead);
        if (read.failure().isPresent()) {
            throw read.failure().get(); // a client that leaves mid-way is not reported
        }
        return read.count();
    }

    /**
     * Enough of a client's first bytes: a TLS record whole (so the server name is read even from
     * a ClientHello in two segments), not a request line that may still come, or an HTTP head whole.
     */
    static boolean requestOrHead(byte[] buffer, int count) {
        if (count > 0 && (buffer[0] & 0xff) == 0x16) {
            if (count < 5) {
                return false; // a TLS record header not yet whole
            }
            int record = 5 + (((buffer[3] & 0xff) << 8) | (buffer[4] & 0xff));
            // half the buffer at most: a record claiming 16 KB must not fill it and pass for an oversized HTTP head
            return count >= Math.min(record, buffer.length / 2);
        }
        String start = new String(buffer, 0, Math.min(count, 8), StandardCharsets.ISO_8859_1);
        boolean maybeMethod = start.matches("^[A-Z]{1,7}$"); // "GE": the rest of "GET " may follow
        boolean http = start.matches("^[A-Z]{3,7} .*");
        return !maybeMethod && (!http || RequestReading.headComplete(buffer, count));
    }

    private String proofHeaders(RequestReading reading, String seenAs) {
        Optional<String> nonce = Optional.ofNullable(reading.headers().get(Proof.NONCE_HEADER.toLowerCase(java.util.Locale.ROOT)));
        if (config.token().isEmpty() || nonce.isEmpty() || nonce.get().length() > 128) {
            return ""; // nothing is revealed without the token, or to an oversized nonce
        }
        return Proof.SEEN_AS_HEADER + ": " + seenAs + "\r\n" + Proof.PROOF_HEADER + ": "
                + Proof.compute(config.token().get(), nonce.get(), seenAs) + "\r\n";
    }

    private void answer(Socket socket, OutputStream out, RequestReading reading, byte[] first, int count, String seenAs,
                        BrowserRoute route, Optional<String> pageCheck, long deadline, boolean tls) throws IOException {
        switch (config.protocol()) {
            case WEBSOCKET -> {
                if (reading.spoke() == ClientSpeech.WEBSOCKET) {
                    String key = reading.headers().getOrDefault("sec-websocket-key", "");
                    write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + WebSocketHandshake.acceptFor(key) + "\r\n"
                            + proofHeaders(reading, seenAs) + "\r\n");
                    echoFrames(socket.getInputStream(), out);
                } else if (reading.spoke() == ClientSpeech.HTTP && route == BrowserRoute.PAGE) {
                    checkPage(out, pageCheck.orElseThrow());
                } else if (reading.spoke() == ClientSpeech.HTTP && route == BrowserRoute.REPORT) {
                    takeReport(socket, out, reading, first, count, seenAs, tls, deadline);
                } else if (reading.spoke() == ClientSpeech.HTTP) {
                    page(out, "426 Upgrade Required", "Sec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n"
                            + proofHeaders(reading, seenAs), "This is a WebSocket endpoint (conndoctor listen): "
                            + "connect with a WebSocket client, ws://HOST:" + port() + "/\n"
                            + "From a browser, open " + BrowserRoute.PREFIX + " on this port: the page opens the "
                            + "WebSocket from the browser itself and this listener reports what it saw.\n");
                }
                // text or binary to a WebSocket listener: no HTTP answer; the client sees the close
            }
            case HTTP -> {
                if (reading.spoke() == ClientSpeech.HTTP || reading.spoke() == ClientSpeech.WEBSOCKET) {
                    // a WebSocket upgrade gets the ordinary page a plain HTTP server gives: the client's own error shows
                    page(out, "200 OK", proofHeaders(reading, seenAs), "conndoctor listen: this port serves HTTP. "
                            + "You spoke " + reading.spoke().id() + ".\n");
                }
            }
            case TEXT, TCP -> {
                String start = new String(first, 0, count, StandardCharsets.ISO_8859_1);
                if (start.startsWith(Proof.LINE_PREFIX) && config.token().isPresent()) {
                    String nonce = start.substring(Proof.LINE_PREFIX.length()).strip();
                    if (nonce.length() <= 128 && !nonce.isEmpty()) {
                        write(out, Proof.LINE_PREFIX + seenAs + " " + Proof.compute(config.token().get(), nonce, seenAs)
                                + "\n");
                    }
                    return;
                }
                out.write(first, 0, count); // the echo starts with what the client already sent
                echoBytes(socket.getInputStream(), out);
            }
        }
    }

    private static ClientReport withBrowser(ClientReport r, BrowserCheck check) {
        return new ClientReport(r.at(), r.peer(), r.spoke(), r.tls(), r.matches(), r.sni(), r.path(), r.preview(), r.fix(),
                r.proofGiven(), Optional.of(check));
    }

    private void checkPage(OutputStream out, String check) throws IOException {
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        byte[] body = BrowserCheckPage.render(check, nonce, config.tls().isPresent());
        write(out, "HTTP/1.1 200 OK\r\nServer: conndoctor-listen\r\n" + BrowserCheckPage.headers(nonce)
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
        out.write(body);
        out.flush();
    }

    /**
     * Reads the check page's report (a bounded body, before the request's deadline), joins it with
     * what reached this listener of that check, reports the client line and answers the page with
     * the verdict. Reports past the rate get 429 and no line: that is the limit's purpose.
     */
    private void takeReport(Socket socket, OutputStream out, RequestReading reading, byte[] first, int count,
                            String peer, boolean tls, long deadline) throws IOException {
        long now = System.nanoTime();
        if (!checks.allowReport(now)) {
            page(out, "429 Too Many Requests", "Retry-After: 1\r\n", "too many browser reports at once\n");
            return;
        }
        String lengthHeader = reading.headers().getOrDefault("content-length", "");
        if (!lengthHeader.matches("\\d{1,5}") || Integer.parseInt(lengthHeader) > BrowserReport.MAX_BYTES
                || reading.headers().containsKey("transfer-encoding")) {
            refusedReport(peer, reading, tls, Text.of("listen.report-refused.length", BrowserReport.MAX_BYTES));
            page(out, "413 Content Too Large", "", "a browser report is at most " + BrowserReport.MAX_BYTES
                    + " bytes, with a Content-Length\n");
            return;
        }
        byte[] body = new byte[Integer.parseInt(lengthHeader)];
        int headEnd = headEnd(first, count);
        int have = Math.min(count - headEnd, body.length);
        System.arraycopy(first, headEnd, body, 0, have);
        if (have < body.length) {
            byte[] rest = new byte[body.length - have];
            // the rest of the body within the request's one deadline: a trickler gets no more time here either
            BoundedReader.Read read = BoundedReader.read(socket.getInputStream(), socket::setSoTimeout, rest, deadline,
                    (b, c) -> false);
            if (read.count() < rest.length) {
                refusedReport(peer, reading, tls, Text.of("listen.report-refused.incomplete", body.length));
                return;
            }
            System.arraycopy(rest, 0, body, have, rest.length);
        }
        Optional<BrowserReport> parsed = BrowserReport.parse(body);
        if (parsed.isEmpty()) {
            refusedReport(peer, reading, tls, Text.of("listen.report-refused.malformed"));
            page(out, "400 Bad Request", "", "not a browser report\n");
            return;
        }
        Optional<BrowserChecks.Issued> issued = checks.take(parsed.get().check(), System.nanoTime());
        if (issued.isEmpty()) {
            refusedReport(peer, reading, tls, Text.of("listen.report-refused.unknown"));
            page(out, "404 Not Found", "", "no such browser check: open the check page again\n");
            return;
        }
        BrowserVerdicts.Verdict verdict = BrowserVerdicts.judge(parsed.get(), issued.get(), config.tls().isPresent());
        BrowserCheck check = verdict.check();
        report(new ClientReport(clock.instant(), peer, ClientSpeech.HTTP, tls, check.works(), Optional.empty(),
                reading.path(), reading.preview(), verdict.fix(), false, Optional.of(check)));
        // the page shows the verdict as text (textContent): the same sentences as the listener's line, in English
        ObjectNode answer = JSON.createObjectNode().put("works", check.works());
        check.cause().ifPresent(c -> answer.put("cause", c.id()));
        ArrayNode lines = answer.putArray("lines");
        check.attempts().forEach(a -> lines.add(a.summary().render(java.util.Locale.ROOT)));
        verdict.fix().ifPresent(f -> lines.add("fix: " + f.render(java.util.Locale.ROOT)));
        byte[] bytes = JSON.writeValueAsBytes(answer);
        write(out, "HTTP/1.1 200 OK\r\nServer: conndoctor-listen\r\nContent-Type: application/json\r\n"
                + "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n");
        out.write(bytes);
        out.flush();
    }

    private void refusedReport(String peer, RequestReading reading, boolean tls, Text why) {
        report(new ClientReport(clock.instant(), peer, ClientSpeech.HTTP, tls, false, Optional.empty(), reading.path(),
                reading.preview(), Optional.of(Text.of("listen.fix.report-refused", why)), false));
    }

    /** Where the body starts: after the blank line that ends the head (CRLF or LF). */
    private static int headEnd(byte[] data, int count) {
        String text = new String(data, 0, count, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 4;
        }
        return lf >= 0 ? lf + 2 : count;
    }

    private static void page(OutputStream out, String status, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        write(out, "HTTP/1.1 " + status + "\r\nServer: conndoctor-listen\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n" + extraHeaders + "\r\n");
        out.write(bytes);
        out.flush();
    }

    private static void echoBytes(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > 16L * MAX_MESSAGE) {
                return; // an echo is for testing, not for carrying bulk data
            }
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /** A minimal RFC 6455 server loop: echo text and binary, pong to ping, close to close. */
    private static void echoFrames(InputStream in, OutputStream out) throws IOException {
        while (true) {
            Optional<WebSocketFrames.Header> read = WebSocketFrames.readHeader(in, MAX_MESSAGE);
            if (read.isEmpty()) {
                return;
            }
            WebSocketFrames.Header header = read.get();
            long length = header.payloadLength();
            if (!header.masked() || length > MAX_MESSAGE || length < 0) {
                // 1008 policy violation, then done
                sendFrame(out, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xF0}, true);
                return;
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                return;
            }
            WebSocketFrames.toggleMask(payload, header.maskKey().getAsInt());
            int opcode = header.opcode();
            switch (opcode) {
                case WebSocketFrames.PING -> sendFrame(out, WebSocketFrames.PONG, payload, true);
                case WebSocketFrames.CLOSE -> {
                    sendFrame(out, WebSocketFrames.CLOSE, Arrays.copyOf(payload, Math.min(payload.length, 2)), true);
                    return;
                }
                // data frames go back as they came: a fragmented message stays one message
                case WebSocketFrames.TEXT, WebSocketFrames.BINARY, WebSocketFrames.CONTINUATION ->
                        sendFrame(out, opcode, payload, header.fin());
                default -> {
                    // pong and reserved opcodes: nothing to answer
                }
            }
        }
    }

    private static void sendFrame(OutputStream out, int opcode, byte[] payload, boolean fin) throws IOException {
        out.write(WebSocketFrames.frame(opcode, fin, payload));
        out.flush();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * A socket's output that tells the connection table when a write is in progress, so that the
     * watchdog can close the socket of a client that does not read: a blocking write has no timeout
     * of its own.
     */
    private static final class WatchedOutput extends java.io.FilterOutputStream {
        private final ConnectionTable.Connection connection;

        WatchedOutput(OutputStream out, ConnectionTable.Connection connection) {
            super(out);
            this.connection = connection;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            connection.writing(System.nanoTime());
            try {
                out.write(b, off, len);
            } finally {
                connection.wrote();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            connection.writing(System.nanoTime());
            try {
                out.flush();
            } finally {
                connection.wrote();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // a client socket that is already gone
        }
    }
}
