package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector when this process has no file descriptor left: no socket is ever opened here. */
class ConnectorTest {

    @Test
    void noDescriptorForTheSelectorIsReportedOnEveryAttemptNotThrown() throws Exception {
        Connector connector = new Connector(FakeSelectorProvider.noDescriptorForTheSelector());
        List<Endpoint> endpoints = List.of(new Endpoint(InetAddress.getByName("192.0.2.10"), 8282),
                new Endpoint(InetAddress.getByName("192.0.2.10"), 22));
        List<ConnectAttempt> told = new ArrayList<>();

        Map<Endpoint, ConnectAttempt> results = connector.connectAll(endpoints, Duration.ofSeconds(1),
                done -> false, told::add);

        assertThat(results.keySet()).containsExactlyElementsOf(endpoints);
        assertThat(results.values()).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(ConnectOutcome.DESCRIPTORS_EXHAUSTED);
            assertThat(a.detail()).contains("Too many open files").contains("file descriptors");
        });
        assertThat(told).hasSize(2);
    }
}
