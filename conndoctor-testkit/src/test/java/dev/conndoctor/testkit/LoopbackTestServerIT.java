package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test server's behaviours on loopback, each seen from a plain socket client. */
class LoopbackTestServerIT {

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.socketAddress(), 2_000);
        socket.setSoTimeout(2_000);
        return socket;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    @Test
    void portZeroHandsBackTheRealPortAndAddress() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            assertThat(server.port()).isPositive();
            assertThat(server.address()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(server.hostAndPort()).isEqualTo("127.0.0.1:" + server.port());
        }
    }

    @Test
    void acceptHoldsTheConnectionOpenWithoutWritingUntilTheServerCloses() throws Exception {
        TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT);
        try (Socket socket = connect(server)) {
            send(socket, "anything at all\n");
            socket.setSoTimeout(200);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            waitFor(() -> server.openCount() == 1);
            server.close();
            socket.setSoTimeout(2_000);
            assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void silentAcceptsAndNeverAnswers() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.SILENT); Socket socket = connect(server)) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closeImmediatelyEndsTheStreamWithoutAByte() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.CLOSE_IMMEDIATELY); Socket socket = connect(server)) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void http200AnswersAWebSocketUpgradeWithAPlainPage() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.HTTP_200); Socket socket = connect(server)) {
            send(socket, "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String reply = readAll(socket.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html").contains("<html>");
            int length = Integer.parseInt(reply.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            assertThat(reply.substring(reply.indexOf("\r\n\r\n") + 4)).hasSize(length);
        }
    }

    @Test
    void http200RefusesAnOversizedHead() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.HTTP_200); Socket socket = connect(server)) {
            send(socket, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(TestServer.MAX_HEAD_BYTES) + "\r\n\r\n");
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void textEchoSendsEveryLineBack() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.TEXT_ECHO); Socket socket = connect(server)) {
            send(socket, "hello\nworld\n");
            byte[] reply = socket.getInputStream().readNBytes("hello\nworld\n".length());
            assertThat(new String(reply, StandardCharsets.ISO_8859_1)).isEqualTo("hello\nworld\n");
        }
    }

    @Test
    void http200AnswersBytesThatCannotStartARequestWith400AtOnce() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.HTTP_200); Socket socket = connect(server)) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05});
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void bannerGreetsAtOnceWithTwentyHexDigitsThenEchoes() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.BANNER); Socket socket = connect(server)) {
            byte[] greeting = socket.getInputStream().readNBytes("Hello ".length() + 20 + 2);
            assertThat(new String(greeting, StandardCharsets.ISO_8859_1)).matches("Hello [0-9a-f]{20}\r\n");
            send(socket, "{\"type\":\"ping\"}");
            assertThat(new String(socket.getInputStream().readNBytes(15), StandardCharsets.ISO_8859_1))
                    .isEqualTo("{\"type\":\"ping\"}");
        }
    }


    @Test
    void closeAfterReadTakesTheRequestThenEndsTheStreamWithoutAByte() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.CLOSE_AFTER_READ); Socket socket = connect(server)) {
            socket.setSoTimeout(300);
            // nothing before the client speaks
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            socket.setSoTimeout(2_000);
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closeStopsListeningAndLaterConnectsAreRefused() throws Exception {
        TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT);
        InetSocketAddress address = server.socketAddress();
        server.close();
        server.close(); // idempotent
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(address, 1_000)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnce() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.ACCEPT).maxConnections(1).start();
                Socket first = connect(server)) {
            waitFor(() -> server.openCount() == 1);
            try (Socket second = connect(server)) {
                assertThat(readOrReset(second.getInputStream())).isEqualTo(-1);
            }
            assertThat(server.turnedAwayCount()).isEqualTo(1);
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void idleTimeoutClosesAQuietConnection() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.TEXT_ECHO).idleTimeout(Duration.ofMillis(200)).start();
                Socket socket = connect(server)) {
            assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void bindsAnExplicitIpv6Loopback() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.TEXT_ECHO).address("::1").start()) {
            assertThat(server.hostAndPort()).isEqualTo("[0:0:0:0:0:0:0:1]:" + server.port());
            try (Socket socket = connect(server)) {
                send(socket, "six\n");
                assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("six\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }




    @Test
    void mainReportsAPortItCannotBindWithExitCodeOne() throws Exception {
        try (TestServer taken = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = TestServer.run(new String[] {"--behaviour", "accept", "--port", String.valueOf(taken.port())},
                    new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot listen on 127.0.0.1:" + taken.port());
        }
    }

    /** A read that ends the stream, or a reset (which Linux may send when unread data was discarded). */
    static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 2 s");
            }
            Thread.sleep(10);
        }
    }
}
