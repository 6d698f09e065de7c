package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.AddressOrder;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dual-stack name on loopback: {@code localhost} as ::1 and 127.0.0.1, in the order a fake
 * system resolver gives (the classic: ::1 first, as getaddrinfo sorts it), against servers that
 * listen on one family or both. One connect record per address, in that order.
 */
class DualStackLoopbackIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    /** No nameserver is asked: the names here are the fake resolver's, and no query leaves loopback. */
    private static final DnsClient NO_NAMESERVER = (server, name, type, timeout) -> new NameserverAnswer(
            server.getHostAddress(), type, Optional.empty(), List.of(), 0, Optional.of("not asked in this test"));

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The system resolver as getaddrinfo would answer for {@code localhost}: these addresses, in this order. */
    private record FakeSystemResolver(List<String> addresses) implements Resolver {
        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            if (!host.equals("localhost")) {
                throw new UnknownHostException(host + ": Name or service not known");
            }
            List<InetAddress> resolved = new java.util.ArrayList<>();
            for (String literal : addresses) {
                resolved.add(InetAddress.getByName(literal)); // literals: parsed, not looked up
            }
            return resolved;
        }

        @Override
        public AddressOrder order() {
            return AddressOrder.SYSTEM;
        }
    }

    private static Diagnosis diagnose(String target, String... addresses) {
        ConnDoctor doctor = ConnDoctor.builder().resolver(new FakeSystemResolver(List.of(addresses)))
                .dnsClient(NO_NAMESERVER).build();
        return doctor.run(Target.parse(target), FAST, DiagnosisListener.NONE);
    }

    /** A WebSocket server on 127.0.0.1 whose port is free on ::1 (tries again if another program holds it there). */
    private int startOnIpv4Only() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            TestServer candidate = TestServer.builder(Behaviour.WEBSOCKET).address("127.0.0.1").start();
            if (refuses("::1", candidate.port())) {
                server = candidate;
                return candidate.port();
            }
            candidate.close();
        }
        throw new AssertionError("no port free on ::1 beside a server on 127.0.0.1");
    }

    private static boolean refuses(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String rendered(List<Text> texts) {
        return String.join("\n", texts.stream().map(t -> t.render(Locale.ROOT)).toList());
    }

    @Test
    void localhostAsIpv6FirstWithTheServerOnIpv4OnlyIsAddressFamilyMismatchConfirmed() throws IOException {
        int port = startOnIpv4Only();

        Diagnosis d = diagnose("ws://localhost:" + port + "/", "::1", "127.0.0.1");

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        Cause cause = d.primaryCause().orElseThrow();
        assertThat(cause.id()).isEqualTo(CauseId.ADDRESS_FAMILY_MISMATCH);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(rendered(cause.evidence()))
                .contains("localhost resolves to ::1, 127.0.0.1, in this order (the system's order")
                .contains("[::1]:" + port + " (IPv6) failed")
                .contains("127.0.0.1:" + port + " (IPv4) accepts the connection")
                .contains("127.0.0.1:" + port + " listening, not ::1");
        assertThat(rendered(cause.fixes())).contains("websocket://[::]:" + port).contains("--dns-result-order=ipv4first");
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.SERVER_NOT_LISTENING,
                CauseId.BOUND_TO_OTHER_ADDRESS, CauseId.WRONG_PORT);
        // one record per address, in the resolver's order; the protocol on the address that accepted
        assertThat(d.evidence().reach().attempts()).extracting(ConnectAttempt::outcome)
                .containsExactly(ConnectOutcome.REFUSED, ConnectOutcome.CONNECTED);
        assertThat(d.evidence().exchange().orElseThrow().address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(d.evidence().exchange().orElseThrow().pingAnswered()).contains(true);
        assertThat(d.evidence().portScan()).as("no likely-port scan: the port answers on the other family").isEmpty();
    }

    @Test
    void theSameNameWithIpv4FirstWorksAndWarnsOfTheClientsThatTakeIpv6First() throws IOException {
        int port = startOnIpv4Only();

        Diagnosis d = diagnose("ws://localhost:" + port + "/", "127.0.0.1", "::1");

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.causes()).isEmpty();
        assertThat(rendered(d.warnings())).contains("[::1]:" + port + " failed (refused")
                .contains("Every IPv6 address of the name fails while IPv4 works and comes first here");
    }

    @Test
    void aServerOnBothFamiliesIsOkWithoutAWarning() throws IOException {
        server = TestServer.builder(Behaviour.WEBSOCKET).address("::").start(); // the JDK clears IPV6_V6ONLY: both families

        Diagnosis d = diagnose("ws://localhost:" + server.port() + "/", "::1", "127.0.0.1");

        assertThat(d.outcome()).as("%s", d.causes()).isEqualTo(Outcome.OK);
        assertThat(d.warnings()).isEmpty();
        assertThat(d.evidence().reach().attempts()).extracting(ConnectAttempt::outcome)
                .containsExactly(ConnectOutcome.CONNECTED, ConnectOutcome.CONNECTED);
    }

    @Test
    void anAddressTheResolverGivesTwiceIsDialledOnce() throws IOException {
        int port = startOnIpv4Only();

        Diagnosis d = diagnose("ws://localhost:" + port + "/", "::1", "127.0.0.1", "::1");

        assertThat(d.evidence().reach().resolution().addresses()).hasSize(2);
        assertThat(d.evidence().reach().attempts()).hasSize(2);
    }
}
