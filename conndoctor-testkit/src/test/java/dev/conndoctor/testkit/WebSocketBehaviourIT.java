package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WEBSOCKET behaviour: the RFC 6455 handshake and frames, on raw bytes and with the JDK's client. */
class WebSocketBehaviourIT {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";


    @Test
    void upgradeIsAnsweredWith101AndTheRightAccept() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            String head = upgrade(socket, "/chat");
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Upgrade: websocket\r\n")
                    .contains("Connection: Upgrade\r\n")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        }
    }

    @Test
    void framesAreEchoedPingGetsPongAndCloseGetsClose() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            upgrade(socket, "/");
            DataInputStream in = new DataInputStream(socket.getInputStream());

            writeMaskedFrame(socket, 0x1, "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(in)).isEqualTo(new Frame(0x1, "hello"));

            byte[] big = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8);
            writeMaskedFrame(socket, 0x2, big);
            assertThat(readFrame(in)).isEqualTo(new Frame(0x2, new String(big, StandardCharsets.UTF_8)));

            writeMaskedFrame(socket, 0x9, "are you there".getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(in)).isEqualTo(new Frame(0xA, "are you there"));

            writeMaskedFrame(socket, 0x8, new byte[] {0x03, (byte) 0xE8}); // 1000, normal closure
            Frame close = readFrame(in);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.payload().getBytes(StandardCharsets.ISO_8859_1)).containsExactly(0x03, 0xE8);
            assertThat(LoopbackTestServerIT.readOrReset(in)).isEqualTo(-1);
        }
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolError() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            upgrade(socket, "/");
            socket.getOutputStream().write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
            Frame close = readFrame(new DataInputStream(socket.getInputStream()));
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.payload().charAt(0) << 8 | close.payload().charAt(1)).isEqualTo(1002);
        }
    }

    @Test
    void aPlainHttpRequestGetsWorkermansBare400WithTheVersionAndNoBody() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).isEqualTo("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n");
        }
    }

    @Test
    void aWrongVersionGets426NamingThirteen() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 8\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 426 Upgrade Required\r\n").contains("Sec-WebSocket-Version: 13\r\n");
        }
    }

    @Test
    void bytesThatCannotStartARequestGet400AtOnce() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            // the first bytes of a TLS ClientHello: a TLS client must not wait for a head that never ends
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void silentToTlsUpgradesAPlainClientByTheBook() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET_SILENT_TO_TLS); Socket socket = open(server)) {
            assertThat(upgrade(socket, "/chat")).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        }
    }

    @Test
    void silentToTlsLeavesAClientHelloUnansweredUntilTheHeadTimeout() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_SILENT_TO_TLS).headTimeout(Duration.ofMillis(400))
                .start(); Socket socket = open(server)) {
            // a ClientHello's first bytes and more: no blank line, so the server waits for the rest of a head
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03});
            socket.setSoTimeout(250);
            assertThatThrownBy(() -> socket.getInputStream().read()).as("nothing within 250 ms")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            socket.setSoTimeout(3_000);
            assertThat(LoopbackTestServerIT.readOrReset(socket.getInputStream())).as("dropped without a byte").isEqualTo(-1);
        }
    }

    @Test
    void silentToTlsAnswersAWholeHeadThatIsNotHttpWith400() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET_SILENT_TO_TLS); Socket socket = open(server)) {
            socket.getOutputStream().write("\u0016garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void wrongAcceptAnswers101WithTheHashOfTheKeyAlone() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET_WRONG_ACCEPT); Socket socket = open(server)) {
            String head = upgrade(socket, "/");
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Upgrade: websocket\r\n")
                    .contains("Connection: Upgrade\r\n")
                    .contains("Sec-WebSocket-Accept: " + WebSocketConnection.wrongAcceptKey(KEY) + "\r\n")
                    .doesNotContain("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void theJdkClientRefusesTheWrongAccept() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET_WRONG_ACCEPT)) {
            CompletableFuture<WebSocket> ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create("ws://" + server.hostAndPort() + "/"), new WebSocket.Listener() { });
            assertThatThrownBy(() -> ws.get(3, TimeUnit.SECONDS)).rootCause()
                    .hasMessageContaining("Sec-WebSocket-Accept");
        }
    }

    @Test
    void onePathUpgradesItsPathWithAnyQueryAnd404sTheOthers() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET_ONE_PATH)) {
            try (Socket socket = open(server)) {
                assertThat(upgrade(socket, TestServer.WEBSOCKET_PATH + "?room=1"))
                        .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                        .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
            }
            try (Socket socket = open(server)) {
                assertThat(upgrade(socket, "/chat")).startsWith("HTTP/1.1 404 Not Found\r\n");
            }
        }
    }

    @Test
    void anUpgradeWithoutAKeyGets400() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET); Socket socket = open(server)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void aClientThatNeverFinishesItsHeadIsDroppedAfterTheHeadTimeout() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET).headTimeout(Duration.ofMillis(200)).start();
                Socket socket = open(server)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(LoopbackTestServerIT.readOrReset(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void theJdkWebSocketClientConnectsAndGetsItsEcho() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create("ws://" + server.hostAndPort() + "/echo"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    })
                    .get(3, TimeUnit.SECONDS);
            ws.sendText("ping me back", true);
            assertThat(echoed.get(3, TimeUnit.SECONDS)).isEqualTo("ping me back");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(3, TimeUnit.SECONDS);
        }
    }

    private static Socket open(TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.socketAddress(), 2_000);
        socket.setSoTimeout(3_000);
        return socket;
    }

    /** Sends the upgrade and returns the response head. */
    private static String upgrade(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: lab\r\nUpgrade: websocket\r\n"
                + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void writeMaskedFrame(Socket socket, int opcode, byte[] payload) throws IOException {
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        socket.getOutputStream().write(frame.toByteArray());
    }

    record Frame(int opcode, String payload) {
        Frame(int opcode, byte[] payload) {
            this(opcode, new String(payload, StandardCharsets.ISO_8859_1));
        }
    }

    private static Frame readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("a server frame is never masked").isZero();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }
}
