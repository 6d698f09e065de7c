package dev.conndoctor.rules.server;

import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.PortReport;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.server.ContainerEvidence;
import dev.conndoctor.evidence.server.ContainerNamespace;
import dev.conndoctor.evidence.server.ContainerPort;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.Publication;
import dev.conndoctor.evidence.server.PublicationPath;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.firewall.IptablesSave;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.ServerDiagnoser;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The container rules through the whole server engine, on evidence shaped as the container
 * inspector gives it for Docker 20.10's captures: which cause leads, and which host causes step aside.
 */
class ContainerRulesTest {

    private static final long HOST_NS = 4026531840L;
    private static final long WEB_NS = 4026532500L;
    private static final InetAddress CONTAINER = ip("203.0.113.194");
    private final ServerDiagnoser diagnoser = new ServerDiagnoser(new RuleEngine<>(ServerRules.all(), ServerRules.precedence()));

    private final List<Listener> hostListeners = new ArrayList<>();
    private final List<Publication> publications = new ArrayList<>();
    private final List<ContainerPort> ports = new ArrayList<>();
    private String iptables = "";

    @Test
    void aPublishedPortIntoAContainerBoundToLoopbackIsContainerBoundToLoopbackNotNothingWrong() {
        ContainerNamespace loopweb = namespace("loopweb", listener("127.0.0.1", 80));
        proxy("0.0.0.0", 18081, 80);
        published(18081, loopweb);

        Cause cause = primary(18081);
        assertThat(cause.id()).isEqualTo(CauseId.CONTAINER_BOUND_TO_LOOPBACK);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("container loopweb").contains("port 80");
        assertThat(evidence(cause)).contains("0.0.0.0:18081 -> 203.0.113.194:80 (docker-proxy)")
                .contains("listens on 127.0.0.1:80 only");
        assertThat(fixes(cause)).contains("listen on 0.0.0.0:80").contains("websocket://0.0.0.0:80");
    }

    @Test
    void aPublishedContainerWhereNothingListensIsContainerNotListeningAndNamesThePortItDoesListenOn() {
        ContainerNamespace idle = namespace("idle", listener("0.0.0.0", 8080));
        proxy("0.0.0.0", 18083, 80);
        published(18083, idle);

        Cause cause = primary(18083);
        assertThat(cause.id()).isEqualTo(CauseId.CONTAINER_NOT_LISTENING);
        assertThat(evidence(cause)).contains("nothing listens on port 80; it listens on 0.0.0.0:8080");
        assertThat(fixes(cause)).contains("docker logs idle").contains("-p 18083:8080");
    }

    @Test
    void aPortPublishedOnTheHostsLoopbackIsPublishedOnLoopbackWithDockersFixNotTheAppsBind() {
        ContainerNamespace publoop = namespace("publoop", listener("::", 80));
        proxy("127.0.0.1", 18082, 80);
        published(18082, publoop);

        PortReport report = report(18082, false);
        assertThat(report.causes().get(0).id()).isEqualTo(CauseId.PUBLISHED_ON_LOOPBACK);
        assertThat(report.causes()).extracting(Cause::id).doesNotContain(CauseId.BOUND_TO_LOOPBACK);
        assertThat(fixes(report.causes().get(0))).contains("`docker run -p 18082:80`").contains("127.0.0.1:18082:80");
    }

    @Test
    void aContainerListeningOnAnUnpublishedPortIsPortNotPublishedNotServerNotListening() {
        ContainerNamespace hidden = namespace("unpublished", listener("0.0.0.0", 8282));
        ports.add(new ContainerPort(8282, List.of(), List.of(hidden)));

        PortReport report = report(8282, false);
        assertThat(report.causes()).extracting(Cause::id).containsExactly(CauseId.PORT_NOT_PUBLISHED);
        assertThat(fixes(report.causes().get(0))).contains("-p 8282:8282").contains("unpublished");
    }

    @Test
    void aPortPublishedByDnatPastAnInputDropIsAWarningAndTheFirewallIsNotBlamed() {
        ContainerNamespace web = namespace("web", listener("::", 80));
        dnat(18080, 80);
        proxy("0.0.0.0", 18080, 80);
        published(18080, web);
        iptables = """
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -i lo -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                COMMIT
                """;

        PortReport report = report(18080, false);
        assertThat(report.causes()).extracting(Cause::id).containsExactly(CauseId.PUBLISHED_PAST_FIREWALL);
        assertThat(report.ruledOut()).extracting(r -> r.id()).contains(CauseId.HOST_FIREWALL);
        assertThat(evidence(report.causes().get(0))).contains("are dropped").contains("DNAT");
        assertThat(fixes(report.causes().get(0))).contains("DOCKER-USER");
    }

    @Test
    void aHealthyPublishedContainerIsNeverBlamed() {
        ContainerNamespace web = namespace("web", listener("::", 80));
        dnat(18080, 80);
        proxy("0.0.0.0", 18080, 80);
        proxy("::", 18080, 80);
        published(18080, web);

        assertThat(report(18080, false).causes()).isEmpty();
    }

    // ---- evidence shaped as the inspector gives it

    private Cause primary(int port) {
        return report(port, false).causes().get(0);
    }

    private PortReport report(int port, boolean everyPort) {
        ContainerEvidence containers = new ContainerEvidence(Optional.of(HOST_NS), publications, List.of(), ports, List.of());
        ServerEvidence evidence = new ServerEvidence(List.of(port), hostListeners, Optional.of(false),
                iptables.isEmpty() ? List.of() : IptablesSave.parse(iptables, "iptables"),
                iptables.isEmpty() ? List.of() : List.of("iptables"), Optional.empty(), false, Optional.empty(),
                Optional.of(4096), Optional.empty(), Optional.empty(), 0, Map.of(),
                List.of(new LocalInterface("lo", ip("127.0.0.1"), 8)), List.of(), Optional.of(containers));
        return diagnoser.diagnose(evidence, 0, everyPort).ports().get(0);
    }

    private void proxy(String address, int hostPort, int containerPort) {
        publications.add(new Publication(Publication.DOCKER_PROXY, Optional.of("docker"), Optional.of(ip(address)),
                hostPort, "tcp", Optional.of(CONTAINER), containerPort, Optional.of(900), Optional.of(HOST_NS),
                Optional.empty(), "/usr/sbin/docker-proxy -proto tcp -host-ip " + address + " -host-port " + hostPort));
        hostListeners.add(new Listener(ip(address), hostPort, address.contains(":") ? "tcp6" : "tcp", hostPort * 10L + publications.size(),
                0, 4096, Optional.of(new ProcessInfo(900, "docker-proxy", "/usr/sbin/docker-proxy", Optional.of(8), Optional.empty()))));
    }

    private void dnat(int hostPort, int containerPort) {
        publications.add(new Publication(Publication.DNAT, Optional.of("docker"), Optional.empty(), hostPort, "tcp",
                Optional.of(CONTAINER), containerPort, Optional.empty(), Optional.of(HOST_NS), Optional.empty(),
                "-A DOCKER ! -i docker0 -p tcp -m tcp --dport " + hostPort + " -j DNAT --to-destination 203.0.113.194:" + containerPort));
    }

    private void published(int hostPort, ContainerNamespace into) {
        List<PublicationPath> paths = publications.stream().filter(p -> p.hostPort() == hostPort)
                .map(p -> new PublicationPath(p, Optional.of(into), into.listenersOn(p.destinationPort()))).toList();
        ports.add(new ContainerPort(hostPort, paths, List.of()));
    }

    private static ContainerNamespace namespace(String name, Listener... listeners) {
        return new ContainerNamespace(WEB_NS, List.of(1200), 1, List.of(CONTAINER), List.of(listeners),
                Optional.of("docker"), Optional.of("3f4e5a1b2c3d4e5f60718293a4b5c6d7e8f9012345678901234567890abcdef0"),
                Optional.of(name), false);
    }

    private static Listener listener(String address, int port) {
        return new Listener(ip(address), port, address.contains(":") ? "tcp6" : "tcp", port, 0, -1, Optional.empty());
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
