package dev.conndoctor.probe;

import dev.conndoctor.net.Endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The non-blocking connector on loopback: many endpoints in one round, each with its own outcome. */
class ConnectorIT {

    private final Connector connector = new Connector();

    @Test
    void aRoundOfManyClosedPortsAndOneOpenPortReportsEachInOrder() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(loopback, 0));
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                endpoints.add(new Endpoint(loopback, closedPort()));
            }
            endpoints.add(new Endpoint(loopback, server.getLocalPort()));

            Map<Endpoint, ConnectAttempt> results = connector.connectAll(endpoints, Duration.ofSeconds(5),
                    done -> false, a -> { });

            assertThat(results.keySet()).containsExactlyElementsOf(endpoints.stream().distinct().toList());
            assertThat(results.get(endpoints.get(200)).outcome()).isEqualTo(ConnectOutcome.CONNECTED);
            assertThat(results.values()).filteredOn(a -> a.port() != server.getLocalPort())
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(ConnectOutcome.REFUSED));
        }
    }

    @Test
    void runningOutOfDescriptorsMidRoundKeepsTheAttemptsAlreadyMade() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Connector oneChannelLeft = new Connector(FakeSelectorProvider.descriptorsForChannels(1));
        Endpoint closed = new Endpoint(loopback, closedPort());
        Endpoint unopened = new Endpoint(loopback, closedPort());

        Map<Endpoint, ConnectAttempt> results = oneChannelLeft.connectAll(List.of(closed, unopened),
                Duration.ofSeconds(5), done -> false, a -> { });

        assertThat(results.get(closed).outcome()).isEqualTo(ConnectOutcome.REFUSED);
        assertThat(results.get(unopened).outcome()).isEqualTo(ConnectOutcome.DESCRIPTORS_EXHAUSTED);
        assertThat(results.get(unopened).detail()).contains("Too many open files");
    }

    @Test
    void enoughEndsTheRoundAndLeavesPendingEndpointsOut() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Endpoint closed = new Endpoint(loopback, closedPort());

        Map<Endpoint, ConnectAttempt> results = connector.connectAll(List.of(closed), Duration.ofSeconds(5),
                done -> true, a -> { });

        // asked before anything finished, "enough" ends the round: nothing is reported as a timeout
        assertThat(results.values()).noneSatisfy(a -> assertThat(a.outcome()).isEqualTo(ConnectOutcome.TIMEOUT));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
