package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The likely-port scan on 127.0.0.1, with a fake protocol speaker: real connects, scripted exchanges. */
class PortScannerIT {

    private final ProbeExecutor executor = new ProbeExecutor();

    @AfterEach
    void closeTheExecutor() {
        executor.close();
    }

    @Test
    void aSpeakerThatFailsOnOnePortDoesNotLoseTheOthersExchange() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket failing = new ServerSocket(0, 50, loopback);
             ServerSocket slow = new ServerSocket(0, 50, loopback)) {
            int failingPort = failing.getLocalPort();
            int slowPort = slow.getLocalPort();
            // the failing port is spoken to first, and fails at once; the other answers a moment later
            PortScanner.Speaker speaker = (target, address, options) -> {
                if (target.port() == failingPort) {
                    throw new IllegalStateException("a probe that broke");
                }
                if (target.port() == slowPort) {
                    sleep(Duration.ofMillis(300));
                }
                return exchange(target, address);
            };
            Options options = Options.builder().timeout(Duration.ofSeconds(2))
                    .scanPorts(List.of(failingPort, slowPort)).build();

            PortScan scan = new PortScanner(new Connector(), speaker, executor)
                    .scan(Target.parse("http://127.0.0.1:" + closedPort()), loopback, options, DiagnosisListener.NONE);

            assertThat(scan.attempts()).filteredOn(a -> a.port() == failingPort || a.port() == slowPort)
                    .extracting(a -> a.outcome()).containsOnly(ConnectOutcome.CONNECTED);
            assertThat(scan.spoken()).doesNotContainKey(failingPort);
            assertThat(scan.spoken()).containsKey(slowPort);
            assertThat(scan.spoken().get(slowPort).reply()).isEqualTo(Reply.EOF);
        }
    }

    @Test
    @Timeout(60)
    void aSpeakerThatNeverEndsIsLeftOutAfterTheBound() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket stuck = new ServerSocket(0, 50, loopback);
             ServerSocket answering = new ServerSocket(0, 50, loopback)) {
            int stuckPort = stuck.getLocalPort();
            PortScanner.Speaker speaker = (target, address, options) -> {
                if (target.port() == stuckPort) {
                    sleep(Duration.ofMinutes(5)); // a read that ignores its timeout
                }
                return exchange(target, address);
            };
            Options options = Options.builder().timeout(Duration.ofMillis(200))
                    .scanPorts(List.of(stuckPort, answering.getLocalPort())).build();
            long start = System.nanoTime();

            PortScan scan = new PortScanner(new Connector(), speaker, executor)
                    .scan(Target.parse("http://127.0.0.1:" + closedPort()), loopback, options, DiagnosisListener.NONE);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(scan.spoken()).doesNotContainKey(stuckPort).containsKey(answering.getLocalPort());
        }
    }

    /** An exchange that says only that the peer closed. */
    private static ProtocolExchange exchange(Target target, InetAddress address) {
        return new ProtocolExchange(Scheme.HTTP, address, target.port(), Optional.empty(), Optional.empty(),
                "GET / HTTP/1.1", Reply.EOF, Optional.empty(), Optional.empty(), "", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
