package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ContainerContext;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.rules.Rule;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopbackInContainerRuleTest {

    private final Rule<Evidence> rule = new LoopbackInContainerRule();

    private static ContainerContext docker() throws Exception {
        return new ContainerContext("docker", List.of("/.dockerenv", "root file system overlay"),
                Optional.of("3f4e5a1b2c3d4e5f60718293a4b5c6d7e8f9012345678901234567890abcdef0"),
                Optional.of(InetAddress.getByName("172.17.0.1")));
    }

    @Test
    void aRefusedLoopbackPortInAContainerWhereNothingListensIsConfirmedWithTheHostsAddresses() throws Exception {
        Cause cause = found(rule.evaluate(target("127.0.0.1:8282").refused("127.0.0.1", 0)
                .localListeners("127.0.0.1").inContainer(docker()).build()));

        assertThat(cause.id()).isEqualTo(CauseId.LOOPBACK_IN_CONTAINER);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("127.0.0.1:8282");
        assertThat(evidence(cause)).contains("docker: /.dockerenv, root file system overlay; id 3f4e5a1b2c3d")
                .contains("no listener on port 8282");
        assertThat(fixes(cause)).contains("--add-host=host.docker.internal:host-gateway")
                .contains("172.17.0.1:8282").contains("--network host");
    }

    @Test
    void inKubernetesTheFixIsTheServicesNameNotTheHost() {
        Cause cause = found(rule.evaluate(target("127.0.0.1:8282").refused("127.0.0.1", 0)
                .localListeners("127.0.0.1")
                .inContainer(new ContainerContext("kubernetes", List.of("/var/run/secrets/kubernetes.io"),
                        Optional.empty(), Optional.empty()))
                .build()));

        assertThat(fixes(cause)).contains("svc.cluster.local:8282").doesNotContain("host-gateway");
    }

    @Test
    void outsideAContainerOrWithSomethingListeningItSaysNothing() throws Exception {
        assertSilent(rule.evaluate(target("127.0.0.1:8282").refused("127.0.0.1", 0)
                .localListeners("127.0.0.1").build()));
        SocketEntry other = new SocketEntry(true, InetAddress.getByName("::1"), 8282, InetAddress.getByName("::"), 0,
                TcpState.LISTEN, 0, 1);
        assertSilent(rule.evaluate(target("127.0.0.1:8282").refused("127.0.0.1", 0)
                .localListeners("127.0.0.1", other).inContainer(docker()).build()));
    }
}
