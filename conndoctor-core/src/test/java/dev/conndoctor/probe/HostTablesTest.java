package dev.conndoctor.probe;

import static dev.conndoctor.TestResources.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.TestResources;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.Routing;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's tables read from a fixture tree standing for {@code /}. */
class HostTablesTest {

    @TempDir
    Path root;

    private final List<String> inspected = new ArrayList<>();
    private final DiagnosisListener recording = new DiagnosisListener() {
        @Override
        public void inspecting(String what) {
            inspected.add(what);
        }
    };

    @BeforeEach
    void procTree() throws IOException {
        Path net = Files.createDirectories(root.resolve("proc/net"));
        for (String table : List.of("tcp", "tcp6", "route", "ipv6_route")) {
            Files.writeString(net.resolve(table), TestResources.text("/fixtures/proc/" + table));
        }
    }

    @Test
    void listenersAreTheListeningSocketsOfThatPortOnly() {
        List<SocketEntry> listeners = new HostTables(new HostFiles(root), recording).listeners(8282);

        assertThat(listeners).isNotEmpty().allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(TcpState.LISTEN);
            assertThat(e.localPort()).isEqualTo(8282);
        });
        assertThat(inspected).containsExactly("/proc/net/tcp");
    }

    @Test
    void portUsageCountsTheSocketsToTheDestinationAndTheRange() throws IOException {
        Path ipv4 = Files.createDirectories(root.resolve("proc/sys/net/ipv4"));
        Files.writeString(ipv4.resolve("ip_local_port_range"), "40000\t40003\n");
        Files.writeString(ipv4.resolve("tcp_tw_reuse"), "2\n");
        ConnectAttempt failed = new ConnectAttempt(ip("198.51.100.7"), 443, ConnectOutcome.ADDRESS_UNAVAILABLE, 0,
                "Cannot assign requested address");

        PortUsage usage = new HostTables(new HostFiles(root), recording).portUsage(failed).orElseThrow();

        assertThat(usage.rangeSize()).isEqualTo(4);
        assertThat(usage.tcpTwReuse()).isEqualTo(2);
        assertThat(usage.count(TcpState.ESTABLISHED)).isPositive();
        assertThat(inspected).containsExactly("/proc/sys/net/ipv4/ip_local_port_range", "/proc/net/tcp");
    }

    @Test
    void withoutAPortRangeThereIsNoPortUsageAndTheMissingFileIsNoted() {
        HostFiles files = new HostFiles(root);
        ConnectAttempt failed = new ConnectAttempt(ip("198.51.100.7"), 443, ConnectOutcome.ADDRESS_UNAVAILABLE, 0, "");

        assertThat(new HostTables(files, recording).portUsage(failed)).isEmpty();
        assertThat(files.unreadable()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("/proc/sys/net/ipv4/ip_local_port_range"));
    }

    @Test
    void routingReadsBothFamiliesAndSaysWhichItRead() throws IOException {
        Files.delete(root.resolve("proc/net/ipv6_route"));

        Routing routing = new HostTables(new HostFiles(root), recording).routing(List.of());

        assertThat(routing.ipv4Read()).isTrue();
        assertThat(routing.ipv6Read()).isFalse();
        assertThat(routing.routes()).isNotEmpty();
    }
}
