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

    /** What each firewall read (iptables, ip6tables, nft) does to a new connection to the port, inbound. */
    public List<FirewallVerdict> inbound() {
        return FirewallEvaluator.verdicts(server.firewall(), server.firewallSources(), "input", port, Optional.empty());
    }
}
