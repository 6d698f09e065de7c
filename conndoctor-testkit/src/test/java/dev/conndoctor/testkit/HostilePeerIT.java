package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.testkit.HostilePeer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each hostile peer does what its behaviour says, on loopback only, and leaves nothing behind when closed. */
class HostilePeerIT {

    private static final String UPGRADE = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

    /** What arrives within {@code wait}: at most {@code max} bytes. */
    private static byte[] readFor(Socket socket, Duration wait, int max) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long end = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[4096];
        try {
            while (out.size() < max && System.nanoTime() < end) {
                int n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came is what counts
        }
        return out.toByteArray();
    }

    private static Socket connect(HostilePeer peer) throws IOException {
        return new Socket(peer.address(), peer.port());
    }

    @Test
    void aDrippingTlsPeerAnswersAClientHelloWithARecordHeaderAndThenOneByteAtATime() throws IOException {
        try (HostilePeer peer = HostilePeer.builder(Behaviour.DRIPPING_TLS).drip(Duration.ofMillis(100)).start();
             Socket socket = connect(peer)) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0});

            byte[] got = readFor(socket, Duration.ofMillis(700), 64);

            assertThat(got).startsWith(0x16, 0x03, 0x03, 0x40, 0x00);
            assertThat(got.length).as("a few dripped bytes, never the 16 KB announced").isBetween(6, 20);
        }
    }

    @Test
    void aDrippingTlsPeerSaysNothingToAPlainRequest() throws IOException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.DRIPPING_TLS); Socket socket = connect(peer)) {
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));

            assertThat(readFor(socket, Duration.ofMillis(500), 64)).isEmpty();
        }
    }

    @Test
    void aDrippingProxyDripsItsConnectAnswer() throws IOException {
        try (HostilePeer peer = HostilePeer.builder(Behaviour.DRIPPING_PROXY).drip(Duration.ofMillis(50)).start();
             Socket socket = connect(peer)) {
            socket.getOutputStream().write("CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

            String got = new String(readFor(socket, Duration.ofMillis(600), 1024), StandardCharsets.ISO_8859_1);

            assertThat(got).startsWith("HTTP/1.1 2").doesNotContain("\r\n\r\n");
        }
    }

    @Test
    void anAcceptThenResetPeerResetsBeforeAByte() throws IOException, InterruptedException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.ACCEPT_THEN_RESET); Socket socket = connect(peer)) {
            Thread.sleep(100); // the reset is on its way
            assertThatThrownBy(() -> {
                socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                socket.getInputStream().read();
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void aHugeHeadIsOverSixteenKilobytesAndEnds() throws IOException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.HUGE_HEAD); Socket socket = connect(peer)) {
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));

            String got = new String(readFor(socket, Duration.ofSeconds(2), 64 * 1024), StandardCharsets.ISO_8859_1);

            assertThat(got).startsWith("HTTP/1.1 101 ").endsWith("\r\n\r\n");
            assertThat(got.indexOf("\r\n\r\n")).isGreaterThan(HostilePeer.HUGE_HEAD_BYTES);
        }
    }

    @Test
    void anEndlessHeadNeverEnds() throws IOException {
        try (HostilePeer peer = HostilePeer.builder(Behaviour.ENDLESS_HEAD).drip(Duration.ofMillis(10)).start();
             Socket socket = connect(peer)) {
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));

            String got = new String(readFor(socket, Duration.ofMillis(800), 4096), StandardCharsets.ISO_8859_1);

            assertThat(got).startsWith("HTTP/1.1 1").doesNotContain("\r\n\r\n");
        }
    }

    @Test
    void anEscapeLadenUpgradeSendsTerminalEscapesInItsHandshakeFields() throws IOException {
        try (HostilePeer peer = HostilePeer.start(Behaviour.ESCAPE_LADEN_UPGRADE); Socket socket = connect(peer)) {
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));

            String got = new String(readFor(socket, Duration.ofSeconds(1), 4096), StandardCharsets.ISO_8859_1);

            assertThat(got).isEqualTo(HostilePeer.ESCAPE_LADEN_101);
            assertThat(got).contains("Upgrade: websocket\u001b[2J", "\u001b]0;pwned\u0007", "\u001b[1A\u001b[2Kworks");
        }
    }

    @Test
    void anEscapeLadenUpgradeCanBeServedInsideTls() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority("HostilePeerIT CA");
        try (HostilePeer peer = HostilePeer.builder(Behaviour.ESCAPE_LADEN_UPGRADE)
                .tls(ca.issue("127.0.0.1").serverContext()).start()) {
            javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
            client.init(null, new javax.net.ssl.TrustManager[] {ca.trustManager()}, null);
            try (Socket socket = client.getSocketFactory().createSocket(peer.address(), peer.port())) {
                socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));

                String got = new String(readFor(socket, Duration.ofSeconds(2), 4096), StandardCharsets.ISO_8859_1);

                assertThat(got).isEqualTo(HostilePeer.ESCAPE_LADEN_101);
            }
        }
    }

    @Test
    void aPeerThatActsBeforeTlsCannotBeServedInsideIt() {
        TestCertificates ca = TestCertificates.newAuthority("HostilePeerIT CA");

        assertThatThrownBy(() -> HostilePeer.builder(Behaviour.ACCEPT_THEN_RESET).tls(ca.issue("127.0.0.1").serverContext()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPeerNeverListensOnAnAddressThatIsNotLoopback() throws IOException {
        InetAddress documentation = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 10});

        assertThatThrownBy(() -> HostilePeer.builder(Behaviour.HUGE_HEAD).address(documentation))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
    }

    @Test
    void closingThePeerEndsItsConnectionsAndThreads() throws Exception {
        HostilePeer peer = HostilePeer.builder(Behaviour.ENDLESS_HEAD).drip(Duration.ofMillis(50)).start();
        Socket one = connect(peer);
        Socket two = connect(peer);
        one.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        two.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        readFor(one, Duration.ofMillis(200), 16);

        peer.close();

        assertThat(readUntilEnd(one)).isTrue();
        assertThat(readUntilEnd(two)).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("hostile-peer-endless_head"));
        one.close();
        two.close();
    }

    /** Whether the peer's side ended (end of stream or reset) within a few seconds. */
    private static boolean readUntilEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // what was dripped before the close
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
