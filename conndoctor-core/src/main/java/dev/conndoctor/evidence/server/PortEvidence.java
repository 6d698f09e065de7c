package dev.conndoctor.evidence.server;

import dev.conndoctor.firewall.FirewallEvaluator;
import dev.conndoctor.firewall.FirewallVerdict;
import java.util.List;
import java.util.Optional;

/** What the server knows about itself, seen from one of its ports: the evidence a server rule reads. */
public record PortEvidence(ServerEvidence server, int port) {

    public List<Listener> listeners() {
        return server.listenersOn(port);
    }

    /** The publications of this port made in this host's own namespace, each with where it leads. */
    public List<PublicationPath> publications() {
        return server.containers().map(c -> c.port(port).map(ContainerPort::paths).orElse(List.<PublicationPath>of())
                .stream().filter(p -> c.inHostNamespace(p.publication())).toList()).orElse(List.of());
    }

    /** Containers that listen on this port in their own namespace while nothing publishes it. */
    public List<ContainerNamespace> unpublished() {
        return server.containerPort(port).map(ContainerPort::unpublished).orElse(List.of());
    }

    /** What each firewall read (iptables, ip6tables, nft) does to a new connection to the port, inbound. */
    public List<FirewallVerdict> inbound() {
        return FirewallEvaluator.verdicts(server.firewall(), server.firewallSources(), "input", port, Optional.empty());
    }
}
