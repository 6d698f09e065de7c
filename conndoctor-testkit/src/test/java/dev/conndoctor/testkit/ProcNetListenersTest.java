package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's reading of /proc/PID/net/tcp and tcp6, from tables captured in containers of a real engine. */
class ProcNetListenersTest {

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";
    /** busybox httpd -p 127.0.0.1:80 in a container. */
    private static final String TCP_LOOPBACK_80 = TCP_HEADER
            + "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12965 1"
            + " 00000000c7e60682 100 0 0 10 0\n";
    /** busybox httpd -p 80: a dual-stack socket, in tcp6 only. */
    private static final String TCP6_ANY_80 = "  sl  local_address                         remote_address"
            + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000"
            + " 00:00000000 00000000     0        0 12846 1 00000000d8d8e62e 100 0 0 10 0\n";
    /** A docker host: four proxies on 0.0.0.0, one on 127.0.0.1, and an established connection. */
    private static final String TCP_HOST = TCP_HEADER
            + "   0: 00000000:46A4 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 14625 1"
            + " 000000000a92f2ca 100 0 0 10 0\n"
            + "   1: 0100007F:46A2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12981 1"
            + " 00000000c9deab97 100 0 0 10 0\n"
            + "   2: 0100007F:46A0 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 12999 1"
            + " 00000000c9deab98 20 4 30 10 -1\n";

    @Test
    void aLoopbackListenerIsReadAs127001() {
        assertThat(ProcNetListeners.parse(TCP_LOOPBACK_80)).extracting(Object::toString).containsExactly("127.0.0.1:80");
    }

    @Test
    void aDualStackListenerIsTheIpv6AnyAddress() {
        assertThat(ProcNetListeners.parse(TCP6_ANY_80)).extracting(Object::toString).containsExactly("[::]:80");
        assertThat(ProcNetListeners.parse(TCP6_ANY_80).get(0).address().isAnyLocalAddress()).isTrue();
    }

    @Test
    void onlyListeningRowsCountAndPortsAreHex() {
        assertThat(ProcNetListeners.parse(TCP_HOST)).extracting(Object::toString)
                .containsExactly("0.0.0.0:18084", "127.0.0.1:18082");
    }

    @Test
    void aNamespaceWithoutTcp6ReadsItsTcpTableAlone(@TempDir Path net) throws Exception {
        Files.writeString(net.resolve("tcp"), TCP_LOOPBACK_80);
        assertThat(ProcNetListeners.read(net)).extracting(Object::toString).containsExactly("127.0.0.1:80");
        Files.writeString(net.resolve("tcp6"), TCP6_ANY_80);
        assertThat(ProcNetListeners.read(net)).extracting(Object::toString).containsExactly("127.0.0.1:80", "[::]:80");
    }
}
