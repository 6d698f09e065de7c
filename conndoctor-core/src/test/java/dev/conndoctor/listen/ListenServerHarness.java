package dev.conndoctor.listen;


import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A {@link ListenServer} on 127.0.0.1, port 0, with its reports collected, and the small raw
 * clients the listener ITs share. Never binds anything but loopback.
 */
final class ListenServerHarness implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Short, so that the abuse tests stay short: no real client needs a second for its first bytes. */
    static final Duration HANDSHAKE = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofSeconds(5);

    /** A self-signed leaf for localhost and 127.0.0.1, shared by the TLS tests. */
    static final TestCertificates.Leaf SELF_SIGNED = TestCertificates.selfSigned("localhost", "127.0.0.1");

    final ListenServer server;
    final List<ClientReport> reports = new CopyOnWriteArrayList<>();

    private ListenServerHarness(ListenServer.Config config) throws IOException {
        this.server = ListenServer.start(config, reports::add, Clock.systemUTC());
    }

    static ListenServerHarness start(ListenProtocol protocol, Optional<String> token) throws IOException {
        return start(config(protocol, Optional.empty(), token, 8, 0));
    }

    static ListenServerHarness startTls(ListenProtocol protocol, Optional<String> token) throws IOException {
        return start(config(protocol, Optional.of(SELF_SIGNED.serverContext()), token, 8, 0));
    }

    static ListenServerHarness start(ListenServer.Config config) throws IOException {
        assertThat(config.bind().isLoopbackAddress()).as("the listener ITs bind loopback only").isTrue();
        return new ListenServerHarness(config);
    }

    static ListenServer.Config config(ListenProtocol protocol, Optional<SSLContext> tls, Optional<String> token,
                                      int maxConnections, int maxClients) {
        return new ListenServer.Config(protocol, LOOPBACK, 0, tls, token, maxConnections, HANDSHAKE, IDLE, maxClients);
    }

    int port() {
        return server.port();
    }

    String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** Waits until {@code count} reports match, and returns those that do. */
    List<ClientReport> await(Predicate<ClientReport> which, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<ClientReport> matching = reports.stream().filter(which).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("wanted " + count + " matching reports within " + within + ", have: " + reports);
    }

    ClientReport awaitOne(Predicate<ClientReport> which) throws InterruptedException {
        return await(which, 1, Duration.ofSeconds(5)).get(0);
    }

    ClientReport awaitSpoke(ClientSpeech spoke) throws InterruptedException {
        return awaitOne(r -> r.spoke() == spoke);
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- conndoctor's own probes

    /** conndoctor run as the library runs it: no proxy variables, the given trust. */
    static Diagnosis diagnose(String target, Options options, Optional<X509ExtendedTrustManager> trust) {
        ConnDoctor.Builder builder = ConnDoctor.builder().environment(Map.of());
        trust.ifPresent(builder::trust);
        return builder.build().run(Target.parse(target), options, DiagnosisListener.NONE);
    }

    static Options options(Optional<String> token) {
        return Options.builder().timeout(Duration.ofSeconds(2)).proxy(Options.ProxyChoice.NONE)
                .token(token.orElse(null)).build();
    }

    /** Trusts the self-signed leaf and nothing else. */
    static X509ExtendedTrustManager trustSelfSigned() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("listen", SELF_SIGNED.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext clientContextTrustingSelfSigned() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustSelfSigned()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- raw clients

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket(LOOPBACK, port);
        socket.setSoTimeout(5000);
        return socket;
    }

    static String upgradeRequest(String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    static String newKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads an HTTP response head (up to the blank line), or what came before the end. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") || head.size() > 64 * 1024) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes, or {@code limit} passes. */
    static byte[] readToEnd(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close within " + limit + "; got " + all.size() + " bytes");
        } catch (java.net.SocketException e) {
            // reset: closed as well
        }
        return all.toByteArray();
    }

    /** Whether the server closes the connection within {@code limit} (EOF or reset), reading and discarding. */
    static boolean closedWithin(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
        byte[] buffer = new byte[8192];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** A masked client frame (RFC 6455 §5.2). */
    static byte[] clientFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        int length = payload.length;
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(length >> 8);
            frame.write(length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) length >> (8 * i)));
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads one unmasked server frame: opcode and payload. */
    static Frame readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("closed before a frame");
        }
        assertThat(b1 & 0x80).as("a server frame is not masked").isZero();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.read() << 8 | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
        }
    }

    /** A WebSocket session over a plain socket: handshake done, ready for frames. */
    static Socket openWebSocket(int port) throws IOException {
        Socket socket = connect(port);
        write(socket, upgradeRequest("/", newKey()));
        String head = readHead(socket.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 101 ");
        return socket;
    }

    /** Echo a text message through a WebSocket listener: the proof that it still serves. */
    static void assertStillServes(int port) throws IOException {
        try (Socket socket = openWebSocket(port)) {
            socket.getOutputStream().write(clientFrame(0x1, "still here".getBytes(StandardCharsets.UTF_8)));
            Frame echo = readFrame(socket.getInputStream());
            assertThat(echo.opcode()).isEqualTo(0x1);
            assertThat(echo.text()).isEqualTo("still here");
        }
    }

    /** Runs a command on this machine; its combined output and exit code. */
    static Result run(Duration limit, String stdin, String... command) throws IOException, InterruptedException {
        List<String> bounded = new ArrayList<>(List.of("timeout", "-k", "2", String.valueOf(limit.toSeconds())));
        bounded.addAll(List.of(command));
        Process process = new ProcessBuilder(bounded).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command does not read its input
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(limit.toMillis() + 3000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + limit);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }

    static boolean hasCommand(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    static List<String> texts(List<ClientReport> reports) {
        List<String> all = new ArrayList<>();
        for (ClientReport r : reports) {
            all.add(r.toString());
            r.fix().ifPresent(f -> all.add(f.render(java.util.Locale.ROOT)));
        }
        return all;
    }
}
