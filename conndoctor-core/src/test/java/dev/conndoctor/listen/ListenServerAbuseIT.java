package dev.conndoctor.listen;


import static dev.conndoctor.listen.ListenServerHarness.HANDSHAKE;
import static dev.conndoctor.listen.ListenServerHarness.assertStillServes;
import static dev.conndoctor.listen.ListenServerHarness.clientFrame;
import static dev.conndoctor.listen.ListenServerHarness.closedWithin;
import static dev.conndoctor.listen.ListenServerHarness.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener is for strangers: slow clients, oversized heads and frames, floods of
 * connections, random bytes, silence. Every test ends by checking the listener still serves and
 * that no client thread died of an exception. The handshake timeout is 1 s to keep them short.
 */
class ListenServerAbuseIT {

    private static final String TOKEN = "abuse-token-51d0";
    /** Past the handshake timeout, how late a cut may be seen: generous, the machine is shared. */
    private static final Duration CUT_MARGIN = Duration.ofSeconds(3);
    /** How long a trickling client keeps on before the test gives up on the server cutting it. */
    private static final Duration TRICKLE_LIMIT = Duration.ofSeconds(10);
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void watchClientThreads() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (thread.getName().startsWith("conndoctor-listen")) {
                uncaught.add(e);
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            }
        });
    }

    @AfterEach
    void noClientThreadDied() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertThat(uncaught).as("exceptions out of the listener's threads").isEmpty();
    }

    private static ListenServerHarness websocket() throws IOException {
        return ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN));
    }

    @Test
    void aClientThatSendsOneBytePerSecondIsCutAtTheHandshakeTimeout() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket slow = connect(listener.port())) {
            String request = ListenServerHarness.upgradeRequest("/", ListenServerHarness.newKey());

            OptionalLong cutAfterMs = trickleUntilClosed(slow, request, Duration.ofSeconds(1));

            assertThat(cutAfterMs).as("the server closed the slow client").isPresent();
            assertThat(cutAfterMs.getAsLong()).as("cut within the handshake timeout and a margin")
                    .isLessThan(HANDSHAKE.plus(CUT_MARGIN).toMillis());
            assertThat(listener.reports).hasSize(1).noneMatch(r -> r.matches());
            assertStillServes(listener.port());
        }
    }

    @Test
    void aHeadTrickledFasterThanTheTimeoutIsStillCutAtTheHandshakeTimeout() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket slow = connect(listener.port())) {
            slow.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            String rest = "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + "X-Pad: a\r\n".repeat(20)
                    + "\r\n";

            OptionalLong cutAfterMs = trickleUntilClosed(slow, rest, Duration.ofMillis(300));

            assertThat(cutAfterMs).as("the server closed the trickling client").isPresent();
            assertThat(cutAfterMs.getAsLong()).isLessThan(HANDSHAKE.plus(CUT_MARGIN).toMillis());
            assertStillServes(listener.port());
        }
    }

    /**
     * Writes {@code text} one byte at a time, waiting up to {@code pause} after each for the
     * server to close: the milliseconds until it did, or empty if it had not within
     * {@link #TRICKLE_LIMIT} (a server that never cuts must not keep the test for minutes).
     */
    private static OptionalLong trickleUntilClosed(Socket socket, String text, Duration pause) throws IOException {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < text.length(); i++) {
            try {
                out.write(text.charAt(i));
                out.flush();
            } catch (IOException e) {
                return OptionalLong.of(millisSince(start)); // the server closed, and the write found out first
            }
            if (closedWithin(socket, pause)) {
                return OptionalLong.of(millisSince(start));
            }
            if (millisSince(start) > TRICKLE_LIMIT.toMillis()) {
                break;
            }
        }
        return OptionalLong.empty();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void aRequestLineThatArrivesInPiecesIsStillAWebSocketUpgrade() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket client = connect(listener.port())) {
            String request = ListenServerHarness.upgradeRequest("/split", "dGhlIHNhbXBsZSBub25jZQ==");
            client.setTcpNoDelay(true);
            ListenServerHarness.write(client, request.substring(0, 2));
            Thread.sleep(150);
            ListenServerHarness.write(client, request.substring(2));

            assertThat(ListenServerHarness.readHead(client.getInputStream())).startsWith("HTTP/1.1 101 ");
            ClientReport report = listener.awaitOne(r -> true);
            assertThat(report.spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
            assertThat(report.path()).contains("/split");
        }
    }

    @Test
    void aHeadInTwoPiecesIsReadWhole() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket client = connect(listener.port())) {
            String request = ListenServerHarness.upgradeRequest("/two", "dGhlIHNhbXBsZSBub25jZQ==");
            client.setTcpNoDelay(true);
            ListenServerHarness.write(client, request.substring(0, 30));
            Thread.sleep(150);
            ListenServerHarness.write(client, request.substring(30));

            assertThat(ListenServerHarness.readHead(client.getInputStream())).startsWith("HTTP/1.1 101 ");
            assertThat(listener.awaitSpoke(ClientSpeech.WEBSOCKET).path()).contains("/two");
        }
    }

    @Test
    void anOversizedHeadIsCutOffWithoutAHandshake() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket client = connect(listener.port())) {
            StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            while (head.length() < 20 * 1024) {
                head.append("X-Pad: ").append("a".repeat(100)).append("\r\n");
            }
            head.append("\r\n");
            try {
                ListenServerHarness.write(client, head.toString());
            } catch (IOException e) {
                // cut off while still sending: fine
            }

            byte[] answer = ListenServerHarness.readToEnd(client, Duration.ofSeconds(3));
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/1.1 101");
            assertStillServes(listener.port());
        }
    }

    @Test
    void anOversizedFrameIsClosedWithPolicyViolation() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket ws = ListenServerHarness.openWebSocket(listener.port())) {
            // a header that announces 1 MiB: the server must not wait for it, nor allocate it
            byte[] header = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4};
            ws.getOutputStream().write(header);

            ListenServerHarness.Frame close = ListenServerHarness.readFrame(ws.getInputStream());
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(closedWithin(ws, Duration.ofSeconds(2))).isTrue();
            assertStillServes(listener.port());
        }
    }

    @Test
    void aFrameJustOverTheLimitIsClosedAndOneAtTheLimitIsEchoed() throws Exception {
        try (ListenServerHarness listener = websocket()) {
            try (Socket ws = ListenServerHarness.openWebSocket(listener.port())) {
                byte[] atLimit = new byte[ListenServer.MAX_MESSAGE];
                ws.getOutputStream().write(clientFrame(0x2, atLimit));
                ListenServerHarness.Frame echo = ListenServerHarness.readFrame(ws.getInputStream());
                assertThat(echo.opcode()).isEqualTo(0x2);
                assertThat(echo.payload()).hasSize(ListenServer.MAX_MESSAGE);
            }
            try (Socket ws = ListenServerHarness.openWebSocket(listener.port())) {
                ws.getOutputStream().write(clientFrame(0x2, new byte[ListenServer.MAX_MESSAGE + 1]));
                ListenServerHarness.Frame close = ListenServerHarness.readFrame(ws.getInputStream());
                assertThat(close.opcode()).isEqualTo(0x8);
                assertThat(close.closeCode()).isEqualTo(1008);
            }
        }
    }

    @Test
    void anUnmaskedClientFrameIsClosedWithPolicyViolation() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket ws = ListenServerHarness.openWebSocket(listener.port())) {
            ws.getOutputStream().write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
            ListenServerHarness.Frame close = ListenServerHarness.readFrame(ws.getInputStream());
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void aFloodOfConnectionsIsTurnedAwayAtOnceBeyondTheLimitAndTheServerSurvives() throws Exception {
        int maxConnections = 8;
        int flood = 200;
        try (ListenServerHarness listener = ListenServerHarness.start(ListenServerHarness.config(ListenProtocol.WEBSOCKET,
                Optional.empty(), Optional.of(TOKEN), maxConnections, 0))) {
            ExecutorService pool = Executors.newFixedThreadPool(flood);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Long>> closedAfterMs = new ArrayList<>();
            try {
                for (int i = 0; i < flood; i++) {
                    closedAfterMs.add(pool.submit(() -> {
                        go.await();
                        try (Socket s = new Socket()) {
                            s.connect(new java.net.InetSocketAddress(ListenServerHarness.LOOPBACK, listener.port()), 5000);
                            long start = System.nanoTime();
                            // silent clients: the admitted ones are held for the handshake timeout
                            return closedWithin(s, Duration.ofSeconds(4)) ? (System.nanoTime() - start) / 1_000_000 : -1L;
                        } catch (ConnectException e) {
                            return -2L;
                        }
                    }));
                }
                go.countDown(); // all at once
                List<Long> results = new ArrayList<>();
                for (Future<Long> f : closedAfterMs) {
                    results.add(f.get(30, TimeUnit.SECONDS));
                }
                long turnedAwayAtOnce = results.stream().filter(ms -> ms >= 0 && ms < 300).count();
                long neverClosed = results.stream().filter(ms -> ms == -1L).count();
                assertThat(neverClosed).as("every connection is closed by the server in the end").isZero();
                assertThat(results).as("no connection refused: the backlog holds, the acceptor drains it")
                        .doesNotContain(-2L);
                assertThat(turnedAwayAtOnce).as("all but the admitted ones turned away at once: %s", results)
                        .isGreaterThanOrEqualTo(flood - 4L * maxConnections);
            } finally {
                pool.shutdownNow();
            }
            // the admitted ones were reported (they said nothing); the turned-away ones were not served at all
            Thread.sleep(HANDSHAKE.toMillis() + 200);
            assertThat(listener.reports).allMatch(r -> r.spoke() == ClientSpeech.NOTHING)
                    .hasSizeLessThanOrEqualTo(4 * maxConnections);
            assertStillServes(listener.port());
        }
    }

    @Test
    void randomBytesAreReportedAndTheServerSurvives() throws Exception {
        Random random = new Random(2024);
        for (ListenProtocol protocol : ListenProtocol.values()) {
            try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
                for (int i = 0; i < 25; i++) {
                    byte[] garbage = new byte[1 + random.nextInt(4000)];
                    random.nextBytes(garbage);
                    if (i % 5 == 0) {
                        garbage[0] = 0x16; // looks like TLS for a moment
                        if (garbage.length > 5) {
                            garbage[1] = 0x03;
                            garbage[5] = 0x01;
                        }
                    }
                    try (Socket s = connect(listener.port())) {
                        try {
                            s.getOutputStream().write(garbage);
                        } catch (IOException e) {
                            // closed while we were still writing: fine
                        }
                        // a WebSocket or HTTP listener has nothing to say to garbage and closes; text and tcp echo it
                        // until the client is done. Either way the connection ends before the next one opens: a
                        // client that closes while its echo is under way would hold one of the 8 slots, and the
                        // listener turns the clients beyond them away unreported, by design
                        boolean echoes = protocol == ListenProtocol.TEXT || protocol == ListenProtocol.TCP;
                        if (echoes && !s.isOutputShutdown()) {
                            try {
                                s.shutdownOutput();
                            } catch (IOException e) {
                                // the listener already closed: nothing more to say
                            }
                        }
                        assertThat(closedWithin(s, Duration.ofSeconds(3))).as("%s closes on garbage", protocol.id())
                                .isTrue();
                    }
                }
                listener.await(r -> true, 25, Duration.ofSeconds(10));
                assertThat(listener.reports).allSatisfy(r -> {
                    assertThat(r.spoke()).isIn(ClientSpeech.BINARY, ClientSpeech.TLS, ClientSpeech.TEXT);
                    assertThat(r.preview()).hasSizeLessThanOrEqualTo(121).doesNotContain("\u001b", "\r", "\n");
                    assertThat(r.proofGiven()).isFalse();
                });
            }
        }
        try (ListenServerHarness listener = websocket()) {
            assertStillServes(listener.port());
        }
    }

    @Test
    void aClientThatNeverSpeaksIsReportedAsNothingAtTheHandshakeTimeout() throws Exception {
        try (ListenServerHarness listener = websocket(); Socket silent = connect(listener.port())) {
            long start = System.nanoTime();
            assertThat(closedWithin(silent, HANDSHAKE.plusSeconds(2))).isTrue();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMs).isBetween(HANDSHAKE.toMillis() - 100, HANDSHAKE.toMillis() + 1500);
            ClientReport report = listener.awaitSpoke(ClientSpeech.NOTHING);
            assertThat(report.matches()).isFalse();
            assertThat(report.preview()).isEmpty();
            // it waited the whole timeout: it waits for a banner, not a port check
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.key()).isEqualTo("listen.fix.nothing"));
        }
    }

    @Test
    void anIdleWebSocketIsClosedAtTheIdleTimeout() throws Exception {
        ListenServer.Config config = new ListenServer.Config(ListenProtocol.WEBSOCKET, ListenServerHarness.LOOPBACK, 0,
                Optional.empty(), Optional.empty(), 8, HANDSHAKE, Duration.ofSeconds(1), 0);
        try (ListenServerHarness listener = ListenServerHarness.start(config);
             Socket ws = ListenServerHarness.openWebSocket(listener.port())) {
            assertThat(closedWithin(ws, Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    void maxClientsStopsTheServer() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenServerHarness.config(ListenProtocol.TEXT,
                Optional.empty(), Optional.empty(), 8, 2))) {
            int port = listener.port();
            for (int i = 0; i < 2; i++) {
                try (Socket s = connect(port)) {
                    ListenServerHarness.write(s, "client " + i + "\n");
                    assertThat(s.getInputStream().readNBytes(9)).asString(StandardCharsets.US_ASCII)
                            .isEqualTo("client " + i + "\n");
                }
            }

            assertThat(listener.server.awaitStop(Duration.ofSeconds(5))).as("stopped after 2 clients").isTrue();
            assertThat(listener.reports).hasSize(2);
            assertThat(refusedWithin(port, Duration.ofSeconds(2))).as("nothing listens any more").isTrue();
        }
    }

    @Test
    void aPortCheckDoesNotUseUpMaxClients() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenServerHarness.config(ListenProtocol.WEBSOCKET,
                Optional.empty(), Optional.of(TOKEN), 8, 1))) {
            new Socket(ListenServerHarness.LOOPBACK, listener.port()).close(); // what conndoctor's connect probe does
            listener.awaitSpoke(ClientSpeech.NOTHING);
            Thread.sleep(300); // a cold JVM's gap between the check and the conversation

            assertStillServes(listener.port());
            assertThat(listener.server.awaitStop(Duration.ofSeconds(3))).as("stopped after the one real client").isTrue();
        }
    }

    @Test
    void closeStopsTheServerAndAwaitStopReturns() throws Exception {
        ListenServerHarness listener = websocket();
        int port = listener.port();
        assertThat(listener.server.awaitStop(Duration.ofMillis(200))).isFalse();
        listener.close();
        assertThat(listener.server.awaitStop(Duration.ofSeconds(2))).isTrue();
        assertThat(refusedWithin(port, Duration.ofSeconds(2))).as("nothing listens any more").isTrue();
    }

    /**
     * Whether connecting is refused within {@code limit}: the JDK closes a listening socket that
     * another thread is accepting on only once that thread has left accept(), a moment later.
     */
    private static boolean refusedWithin(int port, Duration limit) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(ListenServerHarness.LOOPBACK, port)) {
                Thread.sleep(50);
            } catch (ConnectException e) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anOversizedNonceGetsNoProofAndTheTokenIsNeverSent() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.HTTP, Optional.of(TOKEN));
             Socket client = connect(listener.port())) {
            ListenServerHarness.write(client, "GET / HTTP/1.1\r\nHost: x\r\nX-Conndoctor-Nonce: " + "a".repeat(500)
                    + "\r\n\r\n");
            String answer = new String(ListenServerHarness.readToEnd(client, Duration.ofSeconds(3)), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("X-Conndoctor-Proof", TOKEN);
        }
    }

    @Test
    void theTokenIsNeverOnTheWireNorInAReport() throws Exception {
        List<String> seen = new ArrayList<>();
        for (ListenProtocol protocol : ListenProtocol.values()) {
            try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
                for (String request : List.of("GET / HTTP/1.1\r\nHost: x\r\nX-Conndoctor-Nonce: 00ff\r\n\r\n",
                        ListenServerHarness.upgradeRequest("/", ListenServerHarness.newKey()).replace("\r\n\r\n",
                                "\r\nX-Conndoctor-Nonce: 00ff\r\n\r\n"),
                        "CONNDOCTOR-PROOF 00ff\n", "CONNDOCTOR-PROOF " + "f".repeat(300) + "\n", "hello\n")) {
                    try (Socket s = connect(listener.port())) {
                        ListenServerHarness.write(s, request);
                        s.shutdownOutput();
                        seen.add(new String(ListenServerHarness.readToEnd(s, Duration.ofSeconds(6)), StandardCharsets.ISO_8859_1));
                    }
                }
                Thread.sleep(100);
                seen.addAll(ListenServerHarness.texts(listener.reports));
            }
        }
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("X-Conndoctor-Proof: "))
                .anySatisfy(s -> assertThat(s).startsWith("CONNDOCTOR-PROOF 127.0.0.1:"))
                .allSatisfy(s -> assertThat(s).doesNotContain(TOKEN));
    }
}
