package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** /proc/net/netstat as a namespace with an overflowing listener left it (fixtures/server/proc-net-netstat). */
class ProcNetNetstatTest {

    private final String netstat = server("proc-net-netstat");

    static String server(String name) {
        try (InputStream in = ProcNetNetstatTest.class.getResourceAsStream("/fixtures/server/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/server/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void listenOverflowsAndDropsAreReadFromTheRealSample() {
        assertThat(ProcNetNetstat.counter(netstat, "TcpExt", "ListenOverflows")).contains(11L);
        assertThat(ProcNetNetstat.counter(netstat, "TcpExt", "ListenDrops")).contains(11L);
    }

    @Test
    void countersOfTheSecondProtocolBlockAreReadToo() {
        assertThat(ProcNetNetstat.counter(netstat, "IpExt", "InOctets")).hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(ProcNetNetstat.counter(netstat, "TcpExt", "SyncookiesSent")).contains(0L);
    }

    @Test
    void anUnknownCounterOrPrefixIsEmpty() {
        assertThat(ProcNetNetstat.counter(netstat, "TcpExt", "NoSuchCounter")).isEmpty();
        assertThat(ProcNetNetstat.counter(netstat, "Nope", "ListenOverflows")).isEmpty();
        assertThat(ProcNetNetstat.counter("", "TcpExt", "ListenOverflows")).isEmpty();
    }

    @Test
    void aValueThatIsNotANumberIsEmpty() {
        String odd = "TcpExt: ListenOverflows ListenDrops\nTcpExt: many 3\n";

        assertThat(ProcNetNetstat.counter(odd, "TcpExt", "ListenOverflows")).isEmpty();
        assertThat(ProcNetNetstat.counter(odd, "TcpExt", "ListenDrops")).contains(3L);
    }

    @Test
    void aNamesLineWithoutItsValuesLineIsEmpty() {
        assertThat(ProcNetNetstat.counter("TcpExt: ListenOverflows ListenDrops\n", "TcpExt", "ListenDrops")).isEmpty();
    }
}
