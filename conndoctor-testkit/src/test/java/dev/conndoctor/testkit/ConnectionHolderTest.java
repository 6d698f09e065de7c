package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The connection holder without a socket: the destinations and arguments it accepts. */
class ConnectionHolderTest {

    @Test
    void mainRejectsBadArgumentsWithExitCodeTwo() throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConnectionHolder.run(new String[] {"--max", "2"}, sink, sink, false)).isEqualTo(2);
        assertThat(ConnectionHolder.run(new String[] {"--to", "example.com:80", "--max", "2"}, sink, sink, false))
                .isEqualTo(2);
    }

    @Test
    void destinationsAreLiteralAddressesWithPorts() {
        assertThat(ConnectionHolder.parseDestination("192.0.2.10:8282"))
                .isEqualTo(new InetSocketAddress(TestServer.parseLiteral("192.0.2.10"), 8282));
        assertThat(ConnectionHolder.parseDestination("[2001:db8:a::10]:8282").getPort()).isEqualTo(8282);
        assertThatThrownBy(() -> ConnectionHolder.parseDestination("2001:db8::1:80")).hasMessageContaining("[ADDR]:PORT");
        assertThatThrownBy(() -> ConnectionHolder.parseDestination("192.0.2.10:0")).hasMessageContaining("out of range");
    }
}
