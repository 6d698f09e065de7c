package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real loopback peer that writes terminal escapes where it controls the text
 * (a 101's headers, a banner, a server report): the human report shows them as text. And what
 * conndoctor itself puts on the wire: a percent-encoded path, only valid Origin and subprotocols.
 */
class HostilePeerIT {

    private static final String TITLE = "\u001b]0;pwned\u0007";
    private static final String IN_A_HEADER = TITLE + "\u001b[2J\r\u001b[2K\u009b31m\u202eskrow\u202c";

    @Test
    void a101WithEscapesInUpgradeIsAFailedHandshakeShownAsText() throws Exception {
        try (Peer peer = Peer.answering(request -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket"
                + IN_A_HEADER + "\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept(request) + "\r\n\r\n")) {
            CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:" + peer.port() + "/", "--no-color", "--timeout", "2s");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("websocket-handshake-invalid").contains("\\x1b]0;pwned\\x07");
            assertSafe(run.out());
            assertSafe(run.err());
        }
    }

    @Test
    void escapesInConnectionAcceptAndServerHeadersAreShownAsText() throws Exception {
        try (Peer connection = Peer.answering(request -> "HTTP/1.1 101 Switching Protocols\r\nServer: x" + IN_A_HEADER
                + "\r\nUpgrade: websocket\r\nConnection: keep-alive" + IN_A_HEADER + "\r\nSec-WebSocket-Accept: "
                + accept(request) + "\r\n\r\n");
             Peer acceptValue = Peer.answering(request -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + IN_A_HEADER + "\r\n\r\n")) {
            CliRun first = CliRun.of("diagnose", "ws://127.0.0.1:" + connection.port() + "/", "--timeout", "2s", "-v");
            CliRun second = CliRun.of("diagnose", "ws://127.0.0.1:" + acceptValue.port() + "/", "--timeout", "2s", "-v");

            assertThat(first.out()).contains("field Connection");
            assertThat(second.out()).contains("field Sec-WebSocket-Accept");
            for (CliRun run : List.of(first, second)) {
                assertSafe(run.out());
                assertSafe(run.err());
            }
        }
    }

    @Test
    void aTextServersAnswerWithEscapesIsShownAsText() throws Exception {
        try (Peer peer = Peer.answering(request -> "hello" + IN_A_HEADER + "\r\n\u001b[1A\u001b[2K✓ forged\n")) {
            CliRun run = CliRun.of("diagnose", "text://127.0.0.1:" + peer.port(), "--no-color", "--timeout", "2s");

            assertSafe(run.out());
            assertThat(run.out().lines().skip(1)).noneMatch(l -> l.startsWith("✓"));
        }
    }

    @Test
    void aServerReportWithEscapesIsShownAsText(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        Path report = dir.resolve("server.json");
        Files.writeString(report, "{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":" + port
                + ",\"listeners\":[{\"address\":\"0.0.0.0\",\"port\":" + port + "}],\"firewall\":[{\"source\":"
                + "\"iptables\\u001b]0;pwned\\u0007\",\"decision\":\"dropped\",\"decidedByPolicy\":false,"
                + "\"rules\":[{\"rule\":\"-A INPUT -j DROP\\r\\n\\u001b[2J\\u009b31m\\u202e\"}]}]}]}");

        CliRun run = CliRun.of("diagnose", "127.0.0.1:" + port, "--server-report", report.toString(), "--no-color",
                "--timeout", "2s");

        assertThat(run.out()).contains("iptables\\x1b]0;pwned\\x07");
        assertSafe(run.out());
        assertSafe(run.err());
    }

    // --- item 3: RFC 6455 §4.1

    @Test
    void a101ThatSelectsAnExtensionTheClientNeverOfferedFails() throws Exception {
        try (Peer peer = Peer.answering(request -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept(request) + "\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")) {
            CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:" + peer.port() + "/", "--json", "--timeout", "2s");

            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(json.path("symptom").asText()).isEqualTo("handshake-failed");
            assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("websocket-handshake-invalid");
            assertThat(json.path("causes").get(0).path("evidence").toString()).contains("did not offer");
        }
    }

    // --- what goes on the wire

    @Test
    void aNonAsciiPathGoesOnTheWireAsPercentEncodedUtf8() throws Exception {
        try (Peer peer = Peer.answering(request -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
            CliRun.of("diagnose", "http://127.0.0.1:" + peer.port() + "/café/中文?q=ü", "--timeout", "2s");

            assertThat(peer.requests()).isNotEmpty();
            assertThat(peer.requests().get(0)).startsWith("GET /caf%C3%A9/%E4%B8%AD%E6%96%87?q=%C3%BC HTTP/1.1\r\n");
        }
    }

    @Test
    void aValidOriginAndSubprotocolGoOutAsGivenAndTheOfferedSubprotocolIsAccepted() throws Exception {
        try (Peer peer = Peer.answering(request -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept(request) + "\r\n"
                + "Sec-WebSocket-Protocol: chat\r\n\r\n")) {
            CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:" + peer.port() + "/", "--origin", "https://app.example",
                    "--subprotocol", "chat", "--subprotocol", "v2.chat", "--json", "--timeout", "2s");

            assertThat(peer.requests().get(0)).contains("\r\nOrigin: https://app.example\r\n")
                    .contains("\r\nSec-WebSocket-Protocol: chat, v2.chat\r\n");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void anOriginOrSubprotocolWithCrLfIsExitTwoInOneLineAndNothingGoesOnTheWire() throws Exception {
        try (Peer peer = Peer.answering(request -> "HTTP/1.1 400 Bad Request\r\n\r\n")) {
            String target = "ws://127.0.0.1:" + peer.port() + "/";
            CliRun origin = CliRun.of("diagnose", target, "--origin", "https://a.example\r\nX-Injected: 1\r\n\r\nGET /admin",
                    "--timeout", "2s");
            CliRun subprotocol = CliRun.of("diagnose", target, "--subprotocol", "chat\r\nCookie: stolen", "--timeout", "2s");

            for (CliRun run : List.of(origin, subprotocol)) {
                assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).endsWith("\n").doesNotContain("\r");
                assertThat(run.err().strip()).doesNotContain("\n").contains("control character");
            }
            assertThat(origin.err()).startsWith("conndoctor: --origin 'https://a.example\\x0d\\x0aX-Injected");
            assertThat(subprotocol.err()).startsWith("conndoctor: --subprotocol 'chat\\x0d\\x0aCookie");
            assertThat(peer.connections()).isZero();
        }
    }

    private static String accept(String request) {
        Matcher key = Pattern.compile("(?i)Sec-WebSocket-Key: (\\S+)").matcher(request);
        return key.find() ? WebSocketHandshake.acceptFor(key.group(1)) : "none";
    }

    private static void assertSafe(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean unsafe = c < 0x20 && c != '\n' || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            assertThat(unsafe).as("character U+%04X at %d in:%n%s", (int) c, i, out).isFalse();
        }
    }

    /**
     * A loopback peer that reads each request head (or the first line of a text client) and
     * answers it with what the test says, one char a byte, then closes; it records what came.
     */
    private static final class Peer implements AutoCloseable {
        private final ServerSocket server;
        private final UnaryOperator<String> answer;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private volatile int connections;
        private final Thread thread;

        private Peer(UnaryOperator<String> answer) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            this.answer = answer;
            this.thread = new Thread(this::serve, "hostile-peer");
            thread.setDaemon(true);
            thread.start();
        }

        static Peer answering(UnaryOperator<String> answer) throws IOException {
            return new Peer(answer);
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> requests() {
            return requests;
        }

        int connections() {
            return connections;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections++;
                    socket.setSoTimeout(3000);
                    String request = readHead(socket.getInputStream());
                    if (request.isEmpty()) {
                        continue; // a bare connect, as a liveness or port check makes
                    }
                    requests.add(request);
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.apply(request).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // the client went away, or the peer is closing
                }
            }
        }

        /** Up to the blank line ending an HTTP head, or the first line of anything else; at most 16 KB. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try {
                int b;
                while (seen.size() < 16384 && (b = in.read()) >= 0) {
                    seen.write(b);
                    String text = seen.toString(StandardCharsets.ISO_8859_1);
                    if (text.endsWith("\r\n\r\n") || b == '\n' && !text.startsWith("GET ")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // what came is all there is
            }
            return seen.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
