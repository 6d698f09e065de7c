package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Target;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.ProxyAttempt.Result;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy probe against fake proxies on 127.0.0.1: HTTP CONNECT and SOCKS5, answering, refusing, silent, absent. */
class ProxyProbeLoopbackIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Target TARGET = Target.parse("ws://service.test:8282/chat");

    /** Proxies here are loopback literals; a name would fail loudly instead of reaching a real resolver. */
    private static final Resolver NO_LOOKUPS = host -> {
        throw new java.net.UnknownHostException(host + ": no lookups in this test");
    };
    private final ProbeExecutor executor = new ProbeExecutor("proxy-probe-it");
    private final ProxyProbe probe = new ProxyProbe(NO_LOOKUPS, Optional.empty(), executor);

    @AfterEach
    void closeTheExecutor() {
        executor.close();
    }

    @Test
    void anHttpProxyThatAnswers200OpensTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_200)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("http"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_OPEN);
            assertThat(attempt.opened()).isTrue();
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.detail()).isEqualTo("HTTP/1.1 200 Connection established");
            assertThat(proxy.received()).singleElement().satisfies(head -> assertThat(head)
                    .startsWith("CONNECT service.test:8282 HTTP/1.1\r\n")
                    .contains("\r\nHost: service.test:8282\r\n")
                    .endsWith("\r\n\r\n"));
        }
    }

    @Test
    void anIpv6TargetIsConnectedToInBrackets() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_200)) {
            probe.tunnel(proxy.url("http"), Target.parse("[2001:db8::10]:8282"), TIMEOUT);

            assertThat(proxy.received()).singleElement()
                    .satisfies(head -> assertThat(head).startsWith("CONNECT [2001:db8::10]:8282 HTTP/1.1\r\n"));
        }
    }

    @Test
    void credentialsInTheProxySettingNeverReachTheWire() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_200)) {
            ProxyUrl url = ProxyUrl.parse("http://alice:s3cret@127.0.0.1:" + proxy.port()).orElseThrow();

            ProxyAttempt attempt = probe.tunnel(url, TARGET, TIMEOUT);

            assertThat(attempt.opened()).isTrue();
            assertThat(proxy.received()).singleElement().satisfies(head -> assertThat(head).doesNotContain("s3cret"));
        }
    }

    @Test
    void anHttpProxyThatAnswers403RefusesTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_403)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("http"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.status()).isEqualTo(403);
            assertThat(attempt.detail()).isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void aSilentProxyIsNamedSilentAfterTheTimeout() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SILENT)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("http"), TARGET, Duration.ofMillis(300));

            assertThat(attempt.result()).isEqualTo(Result.PROXY_SILENT);
            assertThat(attempt.status()).isEqualTo(-1);
            assertThat(attempt.detail()).isEqualTo("no answer within 300 ms");
            assertThat(attempt.elapsedMs()).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void aClosedProxyPortIsUnreachable() throws IOException {
        ProxyUrl closed = ProxyUrl.parse("http://127.0.0.1:" + closedPort()).orElseThrow();

        ProxyAttempt attempt = probe.tunnel(closed, TARGET, TIMEOUT);

        assertThat(attempt.result()).isEqualTo(Result.PROXY_UNREACHABLE);
        assertThat(attempt.status()).isEqualTo(-1);
        assertThat(attempt.detail()).startsWith("refused");
        assertThat(attempt.proxy()).isEqualTo(closed);
    }

    @Test
    void aProxyThatClosesWithoutAWordRefusesTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CLOSE)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("http"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.detail()).isEqualTo("closed without an answer");
        }
    }

    @Test
    void aProxyThatAnswersSomethingElseThanHttpRefusesTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.BANNER)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("http"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.detail()).isEqualTo("not an HTTP answer");
        }
    }

    @Test
    void aSocks5ProxyThatSucceedsOpensTheTunnelWithTheTargetsName() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SOCKS_OK)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("socks5h"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_OPEN);
            assertThat(attempt.status()).isZero();
            assertThat(attempt.detail()).isEqualTo("SOCKS5 reply 0 (succeeded)");
            byte[] name = "service.test".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(new byte[] {5, 1, 0}, 0, 3); // greeting: no authentication
            expected.write(new byte[] {5, 1, 0, 3, (byte) name.length}, 0, 5); // CONNECT to a domain name
            expected.write(name, 0, name.length);
            expected.write(new byte[] {(byte) (8282 >> 8), (byte) (8282 & 0xff)}, 0, 2);
            assertThat(proxy.receivedBytes()).singleElement()
                    .satisfies(bytes -> assertThat(bytes).isEqualTo(expected.toByteArray()));
        }
    }

    @Test
    void aSocks5ProxyAnsweringConnectionRefusedRefusesTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SOCKS_REFUSED)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("socks5"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.status()).isEqualTo(5);
            assertThat(attempt.detail()).isEqualTo("SOCKS5 reply 5 (connection refused)");
        }
    }

    @Test
    void aSocks5ProxyThatWantsAuthenticationRefusesTheTunnel() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SOCKS_AUTH)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("socks5"), TARGET, TIMEOUT);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.detail()).isEqualTo("wants authentication or is not SOCKS5");
        }
    }

    @Test
    void aSilentSocksProxyIsSilent() throws IOException {
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.SILENT)) {
            ProxyAttempt attempt = probe.tunnel(proxy.url("socks5"), TARGET, Duration.ofMillis(300));

            assertThat(attempt.result()).isEqualTo(Result.PROXY_SILENT);
        }
    }

    @Test
    void aClosedSocksPortIsUnreachable() throws IOException {
        ProxyAttempt attempt = probe.tunnel(ProxyUrl.parse("socks5://127.0.0.1:" + closedPort()).orElseThrow(),
                TARGET, TIMEOUT);

        assertThat(attempt.result()).isEqualTo(Result.PROXY_UNREACHABLE);
    }

    @Test
    void anHttpsProxyIsSpokenToOverTlsAndTheConnectGoesInsideIt() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("proxy test CA");
        ProxyProbe trusting = new ProxyProbe(NO_LOOKUPS, Optional.of(ca.trustManager()), executor);
        try (FakeProxy proxy = FakeProxy.startTls(FakeProxy.Mode.CONNECT_200, ca.issue("127.0.0.1").serverContext())) {
            ProxyAttempt attempt = trusting.tunnel(proxy.url("https"), TARGET, TIMEOUT, false);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_OPEN);
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(proxy.received()).singleElement()
                    .satisfies(head -> assertThat(head).startsWith("CONNECT service.test:8282 HTTP/1.1\r\n"));
        }
    }

    @Test
    void anHttpsProxyWithACertificateNobodyTrustsRefusesTheTunnelAndSaysItWasTls() throws IOException {
        TestCertificates ca = TestCertificates.newAuthority("proxy test CA");
        ProxyProbe trustingAnotherCa = new ProxyProbe(NO_LOOKUPS,
                Optional.of(TestCertificates.newAuthority("another CA").trustManager()), executor);
        try (FakeProxy proxy = FakeProxy.startTls(FakeProxy.Mode.CONNECT_200, ca.issue("127.0.0.1").serverContext())) {
            ProxyAttempt attempt = trustingAnotherCa.tunnel(proxy.url("https"), TARGET, TIMEOUT, false);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_REFUSED);
            assertThat(attempt.status()).isEqualTo(-1);
            assertThat(attempt.detail()).startsWith("TLS with the proxy failed: untrusted");
            assertThat(proxy.received()).isEmpty();
        }
    }

    @Test
    void insecureAcceptsAnHttpsProxysSelfSignedCertificate() throws IOException {
        ProxyProbe systemTrust = new ProxyProbe(NO_LOOKUPS, Optional.empty(), executor);
        try (FakeProxy proxy = FakeProxy.startTls(FakeProxy.Mode.CONNECT_200,
                TestCertificates.selfSigned("proxy.example.test").serverContext())) {
            ProxyAttempt attempt = systemTrust.tunnel(proxy.url("https"), TARGET, TIMEOUT, true);

            assertThat(attempt.result()).isEqualTo(Result.TUNNEL_OPEN);
            assertThat(proxy.received()).singleElement()
                    .satisfies(head -> assertThat(head).startsWith("CONNECT service.test:8282 HTTP/1.1\r\n"));
        }
    }

    @Test
    void anHttpProxyIsStillSpokenToInPlaintext() throws IOException {
        ProxyProbe systemTrust = new ProxyProbe(NO_LOOKUPS, Optional.empty(), executor);
        try (FakeProxy proxy = FakeProxy.start(FakeProxy.Mode.CONNECT_200)) {
            assertThat(systemTrust.tunnel(proxy.url("http"), TARGET, TIMEOUT, false).opened()).isTrue();
        }
    }

    @Test
    void socksReplyCodesHaveTheirRfcNames() {
        assertThat(ProxyProbe.socksReply(1)).isEqualTo("general failure");
        assertThat(ProxyProbe.socksReply(2)).isEqualTo("connection not allowed by ruleset");
        assertThat(ProxyProbe.socksReply(8)).isEqualTo("address type not supported");
        assertThat(ProxyProbe.socksReply(42)).isEqualTo("unknown");
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A proxy on 127.0.0.1 that behaves one way, and records what each client sent it. */
    static final class FakeProxy implements AutoCloseable {

        /** What the proxy does with each connection. */
        enum Mode {
            /** HTTP: reads the CONNECT head, answers {@code 200 Connection established}, holds the tunnel. */
            CONNECT_200,
            /** HTTP: reads the CONNECT head, answers {@code 403 Forbidden}, closes. */
            CONNECT_403,
            /** Reads and never writes. */
            SILENT,
            /** Reads the request head, closes without a byte. */
            CLOSE,
            /** Reads the request head, answers an SSH banner, closes. */
            BANNER,
            /** SOCKS5: no authentication, CONNECT succeeds. */
            SOCKS_OK,
            /** SOCKS5: no authentication, CONNECT answered with reply 5 (connection refused). */
            SOCKS_REFUSED,
            /** SOCKS5: no acceptable method (0xFF). */
            SOCKS_AUTH
        }

        private final Mode mode;
        private final ServerSocket server;
        private final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> clients = Collections.synchronizedList(new ArrayList<>());

        private FakeProxy(Mode mode, ServerSocket server) {
            this.mode = mode;
            this.server = server;
        }

        static FakeProxy start(Mode mode) throws IOException {
            return serve(mode, new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        }

        /** A proxy that speaks TLS with {@code context}'s certificate first, as an https:// proxy does. */
        static FakeProxy startTls(Mode mode, SSLContext context) throws IOException {
            return serve(mode, context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getByName("127.0.0.1")));
        }

        private static FakeProxy serve(Mode mode, ServerSocket server) {
            FakeProxy proxy = new FakeProxy(mode, server);
            Thread acceptor = new Thread(proxy::acceptLoop, "fake-proxy-" + mode);
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        }

        int port() {
            return server.getLocalPort();
        }

        ProxyUrl url(String scheme) {
            return ProxyUrl.parse(scheme + "://127.0.0.1:" + port()).orElseThrow();
        }

        /** What each client sent before the proxy answered, as text. */
        List<String> received() {
            synchronized (received) {
                return received.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
            }
        }

        List<byte[]> receivedBytes() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    clients.add(client);
                    Thread handler = new Thread(() -> handle(client), "fake-proxy-client");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void handle(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                switch (mode) {
                    case CONNECT_200 -> {
                        received.add(readHead(in));
                        out.write(ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
                        out.flush();
                        drain(in);
                    }
                    case CONNECT_403 -> {
                        received.add(readHead(in));
                        out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
                        out.flush();
                    }
                    case SILENT -> drain(in);
                    case CLOSE -> received.add(readHead(in));
                    case BANNER -> {
                        received.add(readHead(in));
                        out.write(ascii("SSH-2.0-OpenSSH_9.2\r\n"));
                        out.flush();
                    }
                    case SOCKS_OK, SOCKS_REFUSED, SOCKS_AUTH -> socks(in, out);
                    default -> throw new IllegalStateException(mode.name());
                }
            } catch (IOException e) {
                // the client went away: nothing to record
            }
        }

        private void socks(InputStream in, OutputStream out) throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] greeting = in.readNBytes(2);
            seen.write(greeting);
            byte[] methods = in.readNBytes(greeting.length == 2 ? greeting[1] & 0xff : 0);
            seen.write(methods);
            if (mode == Mode.SOCKS_AUTH) {
                received.add(seen.toByteArray());
                out.write(new byte[] {5, (byte) 0xff});
                out.flush();
                return;
            }
            out.write(new byte[] {5, 0});
            out.flush();
            byte[] head = in.readNBytes(4);
            seen.write(head);
            if (head.length == 4 && head[3] == 3) {
                int length = in.read();
                seen.write(length);
                seen.write(in.readNBytes(length + 2));
            }
            received.add(seen.toByteArray());
            int code = mode == Mode.SOCKS_OK ? 0 : 5;
            out.write(new byte[] {5, (byte) code, 0, 1, 127, 0, 0, 1, 0x1f, (byte) 0x90});
            out.flush();
            if (code == 0) {
                drain(in);
            }
        }

        private static byte[] readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (head.size() < 16 * 1024 && (b = in.read()) >= 0) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    break;
                }
            }
            return head.toByteArray();
        }

        private static void drain(InputStream in) throws IOException {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // discard until the client closes
            }
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (clients) {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
