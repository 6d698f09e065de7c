package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connect round's plan, and when it may end, from hand-built outcomes: no sockets. */
class PlanTest {

    private static final InetAddress REMOTE = ip("192.0.2.10");
    private static final InetAddress OTHER = ip("192.0.2.11");
    private static final InetAddress LOOPBACK = ip("127.0.0.1");
    private static final InetAddress OURS = ip("198.51.100.7");
    private static final List<LocalInterface> INTERFACES = List.of(new LocalInterface("eth0", OURS, 24));

    @Test
    void everyAddressIsAMainAttemptAndOnlyRemoteOnesGetFollowUps() {
        Plan plan = Plan.of(resolved(REMOTE, LOOPBACK, OURS), 8282, List.of(22, 80), INTERFACES);

        assertThat(plan.main()).containsExactly(new Endpoint(REMOTE, 8282), new Endpoint(LOOPBACK, 8282),
                new Endpoint(OURS, 8282));
        assertThat(plan.followUps()).containsExactly(new Endpoint(REMOTE, 22), new Endpoint(REMOTE, 80));
        assertThat(plan.all()).startsWith(plan.main().toArray(Endpoint[]::new)).hasSize(5);
    }

    @Test
    void aLocalAddressGetsRoundTripProbesThatAreNotDialledAtOnceNorLiveness() {
        Plan plan = Plan.of(resolved(LOOPBACK), 8282, List.of(22, 80), INTERFACES);

        assertThat(plan.followUps()).isEmpty();
        assertThat(plan.rttProbes()).containsExactly(new Endpoint(LOOPBACK, 22), new Endpoint(LOOPBACK, 80));
        assertThat(plan.all()).containsExactly(new Endpoint(LOOPBACK, 8282));
    }

    @Test
    void everyMainAttemptWithAnotherPortOfItsHostInTheRoundMayBeJudgedSilentEarly() {
        Plan plan = Plan.of(resolved(REMOTE, LOOPBACK), 8282, List.of(22), INTERFACES);

        assertThat(plan.judgedEarly()).containsExactly(new Endpoint(REMOTE, 8282), new Endpoint(LOOPBACK, 8282));
        assertThat(Plan.of(resolved(REMOTE), 8282, List.of(), INTERFACES).judgedEarly())
                .as("no other port: nothing can give the host's round trip").isEmpty();
    }

    @Test
    void theTargetPortIsNeverItsOwnFollowUp() {
        Plan plan = Plan.of(resolved(REMOTE), 80, List.of(22, 80, 443), INTERFACES);

        assertThat(plan.followUps()).containsExactly(new Endpoint(REMOTE, 22), new Endpoint(REMOTE, 443));
    }

    @Test
    void theRoundGoesOnWhileAMainAttemptIsPending() {
        Plan plan = Plan.of(resolved(REMOTE, OTHER), 8282, List.of(22), INTERFACES);

        assertThat(plan.enough(done(attempt(REMOTE, 8282, ConnectOutcome.CONNECTED)))).isFalse();
    }

    @Test
    void aConnectionOrARefusalEndsTheRoundWithoutLiveness() {
        Plan plan = Plan.of(resolved(REMOTE, OTHER), 8282, List.of(22), INTERFACES);

        assertThat(plan.enough(done(attempt(REMOTE, 8282, ConnectOutcome.CONNECTED),
                attempt(OTHER, 8282, ConnectOutcome.REFUSED)))).isTrue();
    }

    @Test
    void aTimeoutWaitsForItsHostsFollowUps() {
        Plan plan = Plan.of(resolved(REMOTE), 8282, List.of(22, 80), INTERFACES);

        assertThat(plan.enough(done(attempt(REMOTE, 8282, ConnectOutcome.TIMEOUT),
                attempt(REMOTE, 22, ConnectOutcome.TIMEOUT)))).isFalse();
        assertThat(plan.enough(done(attempt(REMOTE, 8282, ConnectOutcome.TIMEOUT),
                attempt(REMOTE, 22, ConnectOutcome.TIMEOUT), attempt(REMOTE, 80, ConnectOutcome.TIMEOUT)))).isTrue();
    }

    @Test
    void oneFollowUpThatProvesTheHostUpIsEnough() {
        Plan plan = Plan.of(resolved(REMOTE), 8282, List.of(22, 80), INTERFACES);

        assertThat(plan.enough(done(attempt(REMOTE, 8282, ConnectOutcome.TIMEOUT),
                attempt(REMOTE, 80, ConnectOutcome.REFUSED)))).isTrue();
    }

    @Test
    void aSilenceJudgedOnAnAnswerToNeighbourDiscoveryNeedsNoFollowUps() {
        Plan plan = Plan.of(resolved(REMOTE), 8282, List.of(22, 80), INTERFACES);
        Map<Endpoint, ConnectAttempt> done = done(attempt(REMOTE, 8282, ConnectOutcome.TIMEOUT));
        java.util.function.IntFunction<Map<Endpoint, dev.conndoctor.evidence.Silence>> silentWithRttFrom = port ->
                Map.of(new Endpoint(REMOTE, 8282), new dev.conndoctor.evidence.Silence(REMOTE, 8282, 3,
                        java.time.Duration.ofMillis(1), port, java.time.Duration.ofMillis(1060),
                        java.time.Duration.ofSeconds(1)));

        assertThat(plan.enough(done, silentWithRttFrom.apply(dev.conndoctor.evidence.Silence.NEIGHBOUR))).isTrue();
        assertThat(plan.enough(done, silentWithRttFrom.apply(22))).as("a port's answer is itself a follow-up").isFalse();
    }

    @Test
    void livenessIsKeptOnlyForAttemptsThatNeedExplaining() {
        Plan plan = Plan.of(resolved(REMOTE, OTHER), 8282, List.of(22), INTERFACES);
        Map<Endpoint, ConnectAttempt> results = done(attempt(REMOTE, 8282, ConnectOutcome.TIMEOUT),
                attempt(OTHER, 8282, ConnectOutcome.CONNECTED), attempt(REMOTE, 22, ConnectOutcome.CONNECTED),
                attempt(OTHER, 22, ConnectOutcome.CONNECTED));

        assertThat(plan.attempts(results)).extracting(ConnectAttempt::address).containsExactly(REMOTE, OTHER);
        assertThat(plan.liveness(results)).singleElement().extracting(HostLiveness::address).isEqualTo(REMOTE);
    }

    @Test
    void onlyMainAttemptsAreMain() {
        Plan plan = Plan.of(resolved(REMOTE), 8282, List.of(22), INTERFACES);

        assertThat(plan.isMain(attempt(REMOTE, 8282, ConnectOutcome.REFUSED))).isTrue();
        assertThat(plan.isMain(attempt(REMOTE, 22, ConnectOutcome.REFUSED))).isFalse();
    }

    private static List<ResolvedAddress> resolved(InetAddress... addresses) {
        return List.of(addresses).stream().map(ResolvedAddress::of).toList();
    }

    private static ConnectAttempt attempt(InetAddress address, int port, ConnectOutcome outcome) {
        return new ConnectAttempt(address, port, outcome, 1, outcome.name());
    }

    private static Map<Endpoint, ConnectAttempt> done(ConnectAttempt... attempts) {
        Map<Endpoint, ConnectAttempt> done = new LinkedHashMap<>();
        for (ConnectAttempt a : attempts) {
            done.put(new Endpoint(a.address(), a.port()), a);
        }
        return done;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no look-up
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
