package dev.conndoctor.listen;

import static dev.conndoctor.listen.ListenServerHarness.hasCommand;
import static dev.conndoctor.listen.ListenServerHarness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The listener against the clients on this machine: curl, openssl s_client, the JDK's HttpClient
 * WebSocket, a raw text client. Each one gets one report with its peer, what it spoke and whether
 * that matches; the commands are skipped where they are not installed.
 */
class ListenServerRealClientsIT {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Test
    void curlAtAnHttpListenerGetsThePageAndMatches() throws Exception {
        assumeTrue(hasCommand("curl"), "curl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.HTTP, Optional.empty())) {
            var result = run(LIMIT, "", "curl", "-sS", "-i", "--max-time", "5", "http://" + listener.hostAndPort() + "/status");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).startsWith("HTTP/1.1 200").contains("this port serves HTTP", "You spoke http");
            ClientReport report = listener.awaitSpoke(ClientSpeech.HTTP);
            assertThat(report.matches()).isTrue();
            assertThat(report.path()).contains("/status");
            assertThat(report.peer()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(report.preview()).contains("User-Agent: curl/");
            assertThat(report.fix()).isEmpty();
            assertThat(listener.reports).hasSize(1);
        }
    }

    @Test
    void curlAtAWebSocketListenerIsAnHttpMismatchWithTheFix() throws Exception {
        assumeTrue(hasCommand("curl"), "curl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            var result = run(LIMIT, "", "curl", "-sS", "-i", "--max-time", "5", "http://" + listener.hostAndPort() + "/");

            assertThat(result.output()).startsWith("HTTP/1.1 426").contains("Upgrade: websocket", "WebSocket endpoint");
            ClientReport report = listener.awaitSpoke(ClientSpeech.HTTP);
            assertThat(report.matches()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("plain HTTP", "websocket listener", String.valueOf(listener.port())));
            assertThat(listener.reports).hasSize(1);
        }
    }

    @Test
    void curlOverTlsAtATlsHttpListenerMatchesWithItsSni() throws Exception {
        assumeTrue(hasCommand("curl"), "curl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.HTTP, Optional.empty())) {
            var result = run(LIMIT, "", "curl", "-sS", "-k", "--max-time", "5", "https://localhost:" + listener.port() + "/");

            assertThat(result.output()).as("exit " + result.exitCode()).contains("this port serves HTTP");
            ClientReport report = listener.awaitSpoke(ClientSpeech.HTTP);
            assertThat(report.tls()).isTrue();
            assertThat(report.matches()).isTrue();
            assertThat(report.sni()).contains("localhost");
        }
    }

    @Test
    void plainCurlAtATlsListenerIsToldToUseTls() throws Exception {
        assumeTrue(hasCommand("curl"), "curl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.HTTP, Optional.empty())) {
            var result = run(LIMIT, "", "curl", "-sS", "--max-time", "5", "http://" + listener.hostAndPort() + "/");

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            ClientReport report = listener.awaitSpoke(ClientSpeech.HTTP);
            assertThat(report.matches()).isFalse();
            assertThat(report.tls()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("plain http", "TLS http", "https://"));
        }
    }

    @Test
    void opensslAtAPlainListenerSpokeTlsWithItsSniAndGetsTheFix() throws Exception {
        assumeTrue(hasCommand("openssl"), "openssl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            var result = run(LIMIT, "", "openssl", "s_client", "-connect", listener.hostAndPort(),
                    "-servername", "example.test");

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            ClientReport report = listener.awaitSpoke(ClientSpeech.TLS);
            assertThat(report.sni()).contains("example.test");
            assertThat(report.matches()).isFalse();
            assertThat(report.tls()).isFalse();
            assertThat(report.preview()).startsWith("\\x16\\x03");
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("TLS ClientHello", "SNI example.test", "plain websocket listener", "wss://",
                            "serve TLS here (--tls)", "ws://", String.valueOf(listener.port())));
            assertThat(listener.reports).hasSize(1);
        }
    }

    @Test
    void opensslAtATlsWebSocketListenerUpgradesInsideTls() throws Exception {
        assumeTrue(hasCommand("openssl"), "openssl is not installed");
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String upgrade = ListenServerHarness.upgradeRequest("/tls-chat", "dGhlIHNhbXBsZSBub25jZQ==");
            var result = run(LIMIT, upgrade, "openssl", "s_client", "-quiet", "-connect", listener.hostAndPort(),
                    "-servername", "example.test");

            assertThat(result.output()).contains("HTTP/1.1 101", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            ClientReport report = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            assertThat(report.tls()).isTrue();
            assertThat(report.sni()).contains("example.test");
            assertThat(report.path()).contains("/tls-chat");
            assertThat(report.matches()).isTrue();
        }
    }

    @Test
    void theJdkWebSocketClientMatchesAndItsMessagesComeBack() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            Received received = new Received();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://" + listener.hostAndPort() + "/jdk"), received).get(5, TimeUnit.SECONDS);

            ws.sendText("héllo, listener", true).get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("text:héllo, listener");
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}), true).get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("binary:010203ff");
            ws.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.US_ASCII))).get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("pong:p");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("close:1000");

            ClientReport report = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            assertThat(report.matches()).isTrue();
            assertThat(report.path()).contains("/jdk");
            assertThat(report.fix()).isEmpty();
            assertThat(listener.reports).hasSize(1);
        }
    }

    @Test
    void aMessageTheJdkSendsInFragmentsComesBackWhole() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            Received received = new Received();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + listener.hostAndPort() + "/"), received).get(5, TimeUnit.SECONDS);

            String big = "x".repeat(60_000); // under MAX_MESSAGE, sent by the JDK as 16 KiB fragments
            ws.sendText(big, true).get(5, TimeUnit.SECONDS);
            String echo = received.next();
            assertThat(echo.length()).as("one message of %d characters", big.length()).isEqualTo("text:".length() + big.length());
        }
    }

    @Test
    void theJdkWebSocketClientOverTlsMatches() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.empty())) {
            Received received = new Received();
            WebSocket ws = HttpClient.newBuilder().sslContext(ListenServerHarness.clientContextTrustingSelfSigned()).build()
                    .newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + listener.port() + "/"), received)
                    .get(5, TimeUnit.SECONDS);

            ws.sendText("over tls", true).get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("text:over tls");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);

            ClientReport report = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            assertThat(report.tls()).isTrue();
            assertThat(report.matches()).isTrue();
            assertThat(report.sni()).contains("localhost");
        }
    }

    @Test
    void theJdkWebSocketClientAtAnHttpListenerFailsAndIsAWebSocketMismatch() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.HTTP, Optional.empty())) {
            CompletableFuture<WebSocket> ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + listener.hostAndPort() + "/"), new Received());

            assertThat(ws).failsWithin(Duration.ofSeconds(5));
            ClientReport report = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            assertThat(report.matches()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("WebSocket upgrade", "http listener", "websocket://0.0.0.0:" + listener.port()));
        }
    }

    @Test
    void aRawTextClientAtAWebSocketListenerIsATextMismatch() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty());
             Socket client = ListenServerHarness.connect(listener.port())) {
            ListenServerHarness.write(client, "{\"cmd\":\"login\",\"user\":\"ana\"}\n");

            byte[] answer = ListenServerHarness.readToEnd(client, Duration.ofSeconds(3));
            assertThat(answer).as("no HTTP answer to a text client").isEmpty();
            ClientReport report = listener.awaitSpoke(ClientSpeech.TEXT);
            assertThat(report.matches()).isFalse();
            assertThat(report.peer()).isEqualTo("127.0.0.1:" + client.getLocalPort());
            assertThat(report.preview()).isEqualTo("{\"cmd\":\"login\",\"user\":\"ana\"}\\n");
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("text without an HTTP handshake", "websocket listener", "text://"));
        }
    }

    @Test
    void aRawTextClientAtATextListenerIsEchoed() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.TEXT, Optional.empty());
             Socket client = ListenServerHarness.connect(listener.port())) {
            ListenServerHarness.write(client, "ping 1\n");
            byte[] first = client.getInputStream().readNBytes(7);
            assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("ping 1\n");
            ListenServerHarness.write(client, "ping 2\n");
            byte[] second = client.getInputStream().readNBytes(7);
            assertThat(new String(second, StandardCharsets.US_ASCII)).isEqualTo("ping 2\n");

            ClientReport report = listener.awaitSpoke(ClientSpeech.TEXT);
            assertThat(report.matches()).isTrue();
            assertThat(report.peer()).isEqualTo("127.0.0.1:" + client.getLocalPort());
        }
    }

    @Test
    void binaryAtATcpListenerMatchesAndIsEchoed() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.TCP, Optional.empty());
             Socket client = ListenServerHarness.connect(listener.port())) {
            byte[] bytes = {0x00, 0x01, (byte) 0xfe, 0x7f, 0x10};
            client.getOutputStream().write(bytes);
            assertThat(client.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);

            ClientReport report = listener.awaitSpoke(ClientSpeech.BINARY);
            assertThat(report.matches()).isTrue();
            assertThat(report.preview()).isEqualTo("\\x00\\x01\\xfe\\x7f\\x10");
        }
    }

    /** What the JDK WebSocket received, as "kind:value" strings in order. */
    private static final class Received implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text:" + text);
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            StringBuilder hex = new StringBuilder();
            while (data.hasRemaining()) {
                hex.append(String.format("%02x", data.get()));
            }
            events.add("binary:" + hex);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            events.add("pong:" + StandardCharsets.US_ASCII.decode(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add("close:" + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add("error:" + error);
        }

        String next() throws InterruptedException {
            String event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("a message from the listener within 5 s").isNotNull();
            return event;
        }
    }
}
