package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection holder against loopback servers (socket tests: failsafe runs them). */
class ConnectionHolderIT {

    @Test
    void holdsUpToMaxConnectionsOpen() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT);
                ConnectionHolder holder = ConnectionHolder.hold(server.socketAddress(), 5, Duration.ofSeconds(2))) {
            assertThat(holder.count()).isEqualTo(5);
            assertThat(holder.lastError()).isEmpty();
            assertThat(holder.statusLine()).isEqualTo("held 5 none");
            assertThat(holder.localPorts()).doesNotHaveDuplicates().hasSize(5);
            LoopbackTestServerIT.waitFor(() -> server.openCount() == 5);
        }
    }

    @Test
    void stopsAtTheFirstFailedConnectAndNamesIt() throws Exception {
        InetSocketAddress closed;
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            closed = server.socketAddress();
        }
        try (ConnectionHolder holder = ConnectionHolder.hold(closed, 3, Duration.ofSeconds(2))) {
            assertThat(holder.count()).isZero();
            assertThat(holder.statusLine()).startsWith("held 0 Connection refused");
            assertThat(holder.portsExhausted()).isFalse();
        }
    }

    @Test
    void mainPrintsTheStatusLine() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = ConnectionHolder.run(new String[] {"--to", server.hostAndPort(), "--max", "2"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()),
                    false);
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("held 2 none" + System.lineSeparator());
        }
    }



}
