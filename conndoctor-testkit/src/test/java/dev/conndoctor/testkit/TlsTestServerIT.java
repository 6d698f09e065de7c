package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviours served inside TLS, with certificates of the test CA. */
class TlsTestServerIT {

    private static TestCertificates ca;
    private static TestCertificates.Leaf leaf;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.newAuthority("testkit TLS CA");
        leaf = ca.issue("localhost", "127.0.0.1");
    }

    private static SSLContext clientTrustingTheCa() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {ca.trustManager()}, null);
        return context;
    }

    private static SSLSocket tlsClient(TestServer server) throws Exception {
        Socket raw = new Socket();
        raw.connect(server.socketAddress(), 2_000);
        SSLSocket socket = (SSLSocket) clientTrustingTheCa().getSocketFactory()
                .createSocket(raw, "127.0.0.1", server.port(), true);
        socket.setSoTimeout(3_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    void aWebSocketOverTlsEchoesForTheJdkClientThatTrustsTheCa() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET).tls(leaf.serverContext()).start()) {
            assertThat(server.usesTls()).isTrue();
            assertThat(server).hasToString("TestServer[WEBSOCKET over TLS on " + server.hostAndPort() + "]");
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newBuilder().sslContext(clientTrustingTheCa()).build().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create("wss://" + server.hostAndPort() + "/"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    })
                    .get(3, TimeUnit.SECONDS);
            ws.sendText("over tls", true);
            assertThat(echoed.get(3, TimeUnit.SECONDS)).isEqualTo("over tls");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(3, TimeUnit.SECONDS);
        }
    }

    @Test
    void http200OverTlsAnswersItsPageInsideTls() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.HTTP_200).tls(leaf.serverContext()).start();
                SSLSocket socket = tlsClient(server)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").contains("<h1>It works</h1>");
        }
    }

    @Test
    void aPlainClientAtATlsPortSeesTheConnectionClosedWithoutAByteAsOpenSslDoes() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.HTTP_200).tls(leaf.serverContext()).start()) {
            assertThat(plainRequest(server)).isEmpty();
        }
    }

    @Test
    void aJsseStyleTlsPortAnswersAPlainClientWithAnAlertRecord() throws Exception {
        try (TestServer server = TestServer.builder(Behaviour.HTTP_200).tls(leaf.serverContext())
                .plainClients(TestServer.PlainClientAnswer.TLS_ALERT).start()) {
            byte[] reply = plainRequest(server);
            assertThat(reply).hasSizeGreaterThanOrEqualTo(7);
            assertThat(reply[0]).as("an alert record").isEqualTo((byte) 0x15);
            assertThat(reply[1]).as("TLS major version 3").isEqualTo((byte) 0x03);
        }
    }

    private static byte[] plainRequest(TestServer server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.socketAddress(), 2_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return readUntilClosed(socket);
        }
    }

    @Test
    void aPkcs12FileServesTheSameAsTheContext(@TempDir Path dir) throws Exception {
        Path p12 = leaf.writePkcs12(dir.resolve("server.p12"), "pw");
        try (TestServer server = TestServer.builder(Behaviour.TEXT_ECHO).tls(p12, "pw").start();
                SSLSocket socket = tlsClient(server)) {
            socket.getOutputStream().write("over tls\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().readNBytes(9)).isEqualTo("over tls\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(leaf.certificate());
        }
    }


    private static byte[] readUntilClosed(Socket socket) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset ends it too
        }
        return bytes.toByteArray();
    }
}
