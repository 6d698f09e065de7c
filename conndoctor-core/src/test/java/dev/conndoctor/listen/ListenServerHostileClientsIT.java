package dev.conndoctor.listen;

import static dev.conndoctor.listen.ListenServerHarness.HANDSHAKE;
import static dev.conndoctor.listen.ListenServerHarness.LOOPBACK;
import static dev.conndoctor.listen.ListenServerHarness.assertStillServes;
import static dev.conndoctor.listen.ListenServerHarness.clientFrame;
import static dev.conndoctor.listen.ListenServerHarness.readFrame;
import static dev.conndoctor.listen.ListenServerHarness.readHead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that try to hold the listener's connections (issue 12): a dripped TLS handshake,
 * tricklers that fill every slot and reconnect when cut, a client that never reads, a session
 * kept busy forever, a header smuggled behind a lone CR. Each test failed on the listener before
 * its limits; time bounds are generous (the machine is shared), never tight.
 */
class ListenServerHostileClientsIT {

    /** How late past a deadline a cut may be seen: generous, the machine is shared. */
    private static final Duration MARGIN = Duration.ofSeconds(4);
    private static final InetAddress CORRECT_CLIENT = address("127.0.0.2");
    private static final byte[] TRICKLED_REQUEST = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" + "X-Pad: aaaaaaaa\r\n".repeat(40) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void watchListenerThreads() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (thread.getName().startsWith("conndoctor-listen")) {
                uncaught.add(e);
            }
        });
    }

    @AfterEach
    void noListenerThreadDied() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertThat(uncaught).as("exceptions out of the listener's threads").isEmpty();
    }

    @Test
    void aClientHelloDrippedAfterItsRecordHeaderIsCutAtTheHandshakeDeadline() throws Exception {
        byte[] hello = CapturedHellos.OPENSSL_SNI;
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.empty());
             Socket dripper = ListenServerHarness.connect(listener.port())) {
            // a whole record header and the handshake type, then a byte every 400 ms: each read is quick
            // enough for a per-read timeout, the whole hello would take two minutes
            OptionalLong cutAfterMs = HostileClients.dripUntilClosed(dripper, Arrays.copyOf(hello, 6),
                    Arrays.copyOfRange(hello, 6, hello.length), Duration.ofMillis(400), Duration.ofSeconds(20));

            assertThat(cutAfterMs).as("the listener cut the dripping handshake").isPresent();
            assertThat(cutAfterMs.getAsLong()).isLessThan(HANDSHAKE.plus(MARGIN).toMillis());
            ClientReport report = listener.awaitSpoke(ClientSpeech.TLS);
            assertThat(report.matches()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.args().toString()).contains("within"));
        }
    }

    @Test
    void aRequestDrippedInsideACompletedTlsHandshakeIsCutAtTheSameDeadline() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.empty());
             javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ListenServerHarness.clientContextTrustingSelfSigned()
                     .getSocketFactory().createSocket(LOOPBACK, listener.port())) {
            tls.startHandshake();

            OptionalLong cutAfterMs = HostileClients.dripUntilClosed(tls, new byte[0], TRICKLED_REQUEST,
                    Duration.ofMillis(300), Duration.ofSeconds(20));

            assertThat(cutAfterMs).as("the listener cut the request trickled inside TLS").isPresent();
            assertThat(cutAfterMs.getAsLong()).isLessThan(HANDSHAKE.plus(MARGIN).toMillis());
        }
    }

    @Test
    void aCorrectClientFromAnotherAddressIsServedWhileTricklersFromOneAddressTryToTakeEverySlot() throws Exception {
        int maxConnections = 64;
        try (ListenServerHarness listener = ListenServerHarness.start(ListenServerHarness.config(ListenProtocol.WEBSOCKET,
                Optional.empty(), Optional.empty(), maxConnections, 0));
             HostileClients tricklers = HostileClients.tricklers(maxConnections, LOOPBACK,
                     new InetSocketAddress(LOOPBACK, listener.port()), TRICKLED_REQUEST, Duration.ofMillis(200),
                     HANDSHAKE)) {
            awaitConnections(tricklers, maxConnections);

            assertCorrectClientServed(listener.port());
            assertThat(tricklers.turnedAway()).as("tricklers over their address's share are turned away")
                    .isPositive();
        }
    }

    @Test
    void aCorrectClientIsServedWhenTricklersFromManyAddressesHoldEverySlot() throws Exception {
        int maxConnections = 8;
        try (ListenServerHarness listener = ListenServerHarness.start(ListenServerHarness.config(ListenProtocol.WEBSOCKET,
                Optional.empty(), Optional.empty(), maxConnections, 0));
             TricklersFromManyAddresses tricklers = new TricklersFromManyAddresses(maxConnections, listener.port())) {
            tricklers.awaitConnections(2 * maxConnections);

            // every slot is held by a trickler: the newcomer takes the place of the one handshaking longest
            assertCorrectClientServed(listener.port());
        }
    }

    @Test
    void aClientThatNeverReadsTheEchoIsClosedAtTheWriteTimeout() throws Exception {
        Duration writeTimeout = Duration.ofSeconds(1);
        ListenServer.Config config = new ListenServer.Config(ListenProtocol.WEBSOCKET, LOOPBACK, 0, Optional.empty(),
                Optional.empty(), 8, HANDSHAKE, Duration.ofSeconds(30), 0,
                new ListenServer.Limits(16, Duration.ofMinutes(10), writeTimeout));
        try (ListenServerHarness listener = ListenServerHarness.start(config); Socket greedy = new Socket()) {
            greedy.setReceiveBufferSize(4096); // its window fills quickly: the listener's echo has nowhere to go
            greedy.connect(new InetSocketAddress(LOOPBACK, listener.port()), 5000);
            ListenServerHarness.write(greedy, ListenServerHarness.upgradeRequest("/", ListenServerHarness.newKey()));
            assertThat(readHead(greedy.getInputStream())).startsWith("HTTP/1.1 101 ");

            OptionalLong failedAfterMs = HostileClients.writeWithoutReading(greedy,
                    clientFrame(0x2, new byte[60_000]), Duration.ofSeconds(30));

            assertThat(failedAfterMs).as("the listener closed the connection of a client that never reads").isPresent();
            assertStillServes(listener.port());
        }
    }

    @Test
    void aSessionKeptBusyForeverIsClosedAtTheMaximumLifetime() throws Exception {
        Duration lifetime = Duration.ofSeconds(2);
        ListenServer.Config config = new ListenServer.Config(ListenProtocol.WEBSOCKET, LOOPBACK, 0, Optional.empty(),
                Optional.empty(), 8, HANDSHAKE, Duration.ofSeconds(5), 0,
                new ListenServer.Limits(16, lifetime, Duration.ofSeconds(10)));
        try (ListenServerHarness listener = ListenServerHarness.start(config);
             Socket busy = ListenServerHarness.openWebSocket(listener.port())) {
            long start = System.nanoTime();
            boolean closed = false;
            // a ping every 200 ms: the idle timeout never fires, only the lifetime ends it
            while (!closed && System.nanoTime() - start < lifetime.plus(MARGIN).plus(MARGIN).toNanos()) {
                try {
                    busy.getOutputStream().write(clientFrame(0x9, "x".getBytes(StandardCharsets.US_ASCII)));
                    ListenServerHarness.Frame pong = readFrame(busy.getInputStream());
                    assertThat(pong.opcode()).isEqualTo(0xA);
                    Thread.sleep(200);
                } catch (IOException e) {
                    closed = true;
                }
            }

            assertThat(closed).as("the listener ended the session at its lifetime").isTrue();
            assertStillServes(listener.port());
        }
    }

    @Test
    void anUpgradeHeaderBehindALoneCrIsNotAnUpgrade() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty());
             Socket smuggler = ListenServerHarness.connect(listener.port())) {
            ListenServerHarness.write(smuggler, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Note: a\rUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + ListenServerHarness.newKey() + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");

            String answer = new String(ListenServerHarness.readToEnd(smuggler, Duration.ofSeconds(10)),
                    StandardCharsets.ISO_8859_1);

            assertThat(answer).doesNotStartWith("HTTP/1.1 101");
            assertThat(listener.awaitOne(r -> true).spoke()).isNotIn(ClientSpeech.WEBSOCKET, ClientSpeech.HTTP);
        }
    }

    /** A WebSocket upgrade from 127.0.0.2, once: it gets its 101 and its echo. */
    private static void assertCorrectClientServed(int port) throws IOException {
        try (Socket correct = new Socket()) {
            correct.bind(new InetSocketAddress(CORRECT_CLIENT, 0));
            correct.connect(new InetSocketAddress(LOOPBACK, port), 5000);
            correct.setSoTimeout(10_000);
            ListenServerHarness.write(correct, ListenServerHarness.upgradeRequest("/", ListenServerHarness.newKey()));
            assertThat(readHead(correct.getInputStream())).as("the correct client's answer").startsWith("HTTP/1.1 101 ");
            correct.getOutputStream().write(clientFrame(0x1, "served".getBytes(StandardCharsets.UTF_8)));
            assertThat(readFrame(correct.getInputStream()).text()).isEqualTo("served");
        }
    }

    private static void awaitConnections(HostileClients tricklers, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tricklers.connections() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(tricklers.connections()).as("tricklers connected").isGreaterThanOrEqualTo(count);
        Thread.sleep(HANDSHAKE.toMillis()); // long enough for every one of them to be trickling
    }

    /** One trickler from each of {@code count} addresses (127.0.0.10 onwards), started a little apart. */
    private static final class TricklersFromManyAddresses implements AutoCloseable {
        private final List<HostileClients> clients = new CopyOnWriteArrayList<>();

        TricklersFromManyAddresses(int count, int port) {
            for (int i = 0; i < count; i++) {
                clients.add(HostileClients.tricklers(1, address("127.0.0." + (10 + i)),
                        new InetSocketAddress(LOOPBACK, port), TRICKLED_REQUEST, Duration.ofMillis(200), Duration.ZERO));
                sleepQuietly(HANDSHAKE.toMillis() / count); // spread out: they are not all cut at the same moment
            }
        }

        void awaitConnections(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (clients.stream().mapToInt(HostileClients::connections).sum() < count
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(clients.stream().mapToInt(HostileClients::connections).sum()).isGreaterThanOrEqualTo(count);
        }

        @Override
        public void close() throws InterruptedException {
            for (HostileClients c : clients) {
                c.close();
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
