package dev.conndoctor.rules.server;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.server.ContainerNamespace;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.Publication;
import dev.conndoctor.evidence.server.PublicationPath;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The readings of a port that containers publish or hide: where the publication (docker-proxy,
 * a DNAT rule, pasta, rootlesskit) leads, and what listens there. One rule per cause; every one
 * is confirmed from what this host shows, read-only ({@link dev.conndoctor.probe.ContainerInspector}).
 */
public final class ContainerRules {
    private ContainerRules() {
    }

    /** {@code 0.0.0.0:18080 -> 172.17.0.2:80 (docker-proxy)}, one per distinct publication. */
    static String publications(List<PublicationPath> paths) {
        return paths.stream().map(p -> p.publication().hostEndpoint() + " -> " + p.publication().destinationEndpoint()
                + " (" + p.publication().source() + ")").distinct().collect(Collectors.joining(", "));
    }

    /** The container a path leads into, by name or short id. */
    static String container(PublicationPath path) {
        return path.destination().map(ContainerNamespace::label).orElse("?");
    }

    /** Whether a port has publications that go around this host's INPUT chain: Docker's DNAT, in PREROUTING. */
    static boolean publishedByDnat(PortEvidence at) {
        return at.publications().stream().map(PublicationPath::publication)
                .anyMatch(p -> p.source().equals(Publication.DNAT) && !p.loopbackOnly());
    }

    /** published-on-loopback: every publication of the port accepts on the host's loopback only ({@code -p 127.0.0.1:P:P}). */
    public static final class PublishedOnLoopback implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.PUBLISHED_ON_LOOPBACK;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            List<PublicationPath> paths = at.publications();
            if (paths.isEmpty() || !paths.stream().allMatch(p -> p.publication().loopbackOnly())) {
                return Verdict.silent();
            }
            int port = at.port();
            int inside = paths.get(0).publication().destinationPort();
            return Verdict.found(Cause.builder(CauseId.PUBLISHED_ON_LOOPBACK, Confidence.CONFIRMED, port)
                    .evidence("evidence.published-on-loopback", publications(paths), container(paths.get(0)))
                    .fix("fix.publish.every-address", port, inside)
                    .fix("fix.publish.behind-proxy", port)
                    .build());
        }
    }

    /** container-bound-to-loopback: the publication arrives at the container's address, and its app listens on loopback only. */
    public static final class ContainerBoundToLoopback implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.CONTAINER_BOUND_TO_LOOPBACK;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            Optional<PublicationPath> path = at.publications().stream()
                    .filter(p -> p.destination().isPresent() && p.loopbackOnly() && !p.reachable()).findFirst();
            if (path.isEmpty()) {
                return Verdict.silent();
            }
            PublicationPath p = path.get();
            int inside = p.publication().destinationPort();
            return Verdict.found(Cause.builder(CauseId.CONTAINER_BOUND_TO_LOOPBACK, Confidence.CONFIRMED, at.port(),
                            container(p), inside)
                    .evidence("evidence.publication-leads", publications(at.publications()), container(p))
                    .evidence("evidence.container-listens-loopback", container(p), ListenerRules.where(p.listening()),
                            p.publication().destinationEndpoint())
                    .fix("fix.container.listen-all", container(p), inside)
                    .fix("fix.container.listen-all-apps", inside)
                    .build());
        }
    }

    /** container-not-listening: the publication leads into a container where nothing listens on the container port. */
    public static final class ContainerNotListening implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.CONTAINER_NOT_LISTENING;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            Optional<PublicationPath> path = at.publications().stream().filter(PublicationPath::nothingListens).findFirst();
            if (path.isEmpty()) {
                return Verdict.silent();
            }
            PublicationPath p = path.get();
            int inside = p.publication().destinationPort();
            ContainerNamespace namespace = p.destination().orElseThrow();
            String others = namespace.listeners().stream().map(Listener::endpoint).distinct()
                    .collect(Collectors.joining(", "));
            Cause.Builder cause = Cause.builder(CauseId.CONTAINER_NOT_LISTENING, Confidence.CONFIRMED, at.port(),
                            container(p), inside)
                    .evidence("evidence.publication-leads", publications(at.publications()), container(p))
                    .evidence(others.isEmpty() ? "evidence.container-listens-nowhere" : "evidence.container-listens-elsewhere",
                            container(p), inside, others)
                    .fix("fix.container.started", container(p), inside);
            namespace.listeners().stream().map(Listener::port).filter(q -> q != inside).findFirst()
                    .ifPresent(q -> cause.fix("fix.container.publish-listening-port", at.port(), q, inside));
            return Verdict.found(cause.build());
        }
    }

    /** port-not-published: nothing on this host takes the port, a container listens on it, and nothing publishes it. */
    public static final class PortNotPublished implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.PORT_NOT_PUBLISHED;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            List<ContainerNamespace> hidden = at.unpublished();
            if (hidden.isEmpty() || !at.listeners().isEmpty() || !at.publications().isEmpty()) {
                return Verdict.silent();
            }
            ContainerNamespace c = hidden.get(0);
            int port = at.port();
            return Verdict.found(Cause.builder(CauseId.PORT_NOT_PUBLISHED, Confidence.CONFIRMED, port, c.label())
                    .evidence("evidence.container-unpublished", c.label(), ListenerRules.where(c.listenersOn(port)),
                            c.addresses().stream().map(a -> dev.conndoctor.net.Endpoints.text(a))
                                    .collect(Collectors.joining(", ")), port)
                    .fix("fix.container.publish", port, c.label())
                    .build());
        }
    }

    /**
     * published-past-firewall, a warning: the host firewall's INPUT chain would refuse the port,
     * yet Docker's DNAT in PREROUTING sends it to a container through FORWARD, which INPUT never
     * sees (the ufw-and-Docker trap): the port is open to whoever reaches the host.
     */
    public static final class PublishedPastFirewall implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.PUBLISHED_PAST_FIREWALL;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            Optional<FirewallVerdict> blocking = at.inbound().stream().filter(FirewallVerdict::blocks).findFirst();
            if (blocking.isEmpty() || !publishedByDnat(at)) {
                return Verdict.silent();
            }
            List<PublicationPath> dnat = at.publications().stream()
                    .filter(p -> p.publication().source().equals(Publication.DNAT)).toList();
            int port = at.port();
            return Verdict.found(Cause.builder(CauseId.PUBLISHED_PAST_FIREWALL, Confidence.LIKELY, port)
                    .evidence("evidence.input-would-block", port, blocking.get().decision().id(), blocking.get().describe())
                    .evidence("evidence.dnat-goes-around", dnat.get(0).publication().text(), container(dnat.get(0)))
                    .fix("fix.docker-user", port)
                    .fix("fix.publish.behind-proxy", port)
                    .build());
        }
    }
}
