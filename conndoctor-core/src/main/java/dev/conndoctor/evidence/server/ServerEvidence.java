package dev.conndoctor.evidence.server;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.firewall.Chain;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this host knows about its ports, read without changing anything: listeners and owners,
 * firewall chains, panels, kernel limits and counters, and connections to its own addresses.
 *
 * @param firewallSources the firewalls read ("iptables", "ip6tables", "nft"); one missing was not readable
 * @param ufwEnabled from /etc/ufw/ufw.conf, empty when ufw is not installed
 * @param firewalldRunning whether a firewalld process runs
 * @param panel the id of the first hosting panel found ("baota" covers aaPanel: the same panel), as reports
 *              before the panels' own data was read carried it
 * @param selfCheck per port, a connection from this host to each of its addresses
 * @param containers where the ports are published into containers, and what listens there
 * @param panels the hosting panels and firewall front-ends found, each with what its own data says
 */
public record ServerEvidence(List<Integer> ports, List<Listener> listeners, Optional<Boolean> bindV6Only,
                             List<Chain> firewall, List<String> firewallSources, Optional<Boolean> ufwEnabled,
                             boolean firewalldRunning, Optional<String> panel, Optional<Integer> somaxconn,
                             Optional<Long> listenOverflows, Optional<Long> listenDrops, int timeWaitTotal,
                             Map<Integer, List<ConnectAttempt>> selfCheck, List<LocalInterface> interfaces,
                             List<String> unreadable, Optional<ContainerEvidence> containers,
                             List<PanelFinding> panels) {

    /** Evidence whose panels' own data was not read. */
    public ServerEvidence(List<Integer> ports, List<Listener> listeners, Optional<Boolean> bindV6Only,
                          List<Chain> firewall, List<String> firewallSources, Optional<Boolean> ufwEnabled,
                          boolean firewalldRunning, Optional<String> panel, Optional<Integer> somaxconn,
                          Optional<Long> listenOverflows, Optional<Long> listenDrops, int timeWaitTotal,
                          Map<Integer, List<ConnectAttempt>> selfCheck, List<LocalInterface> interfaces,
                          List<String> unreadable, Optional<ContainerEvidence> containers) {
        this(ports, listeners, bindV6Only, firewall, firewallSources, ufwEnabled, firewalldRunning, panel, somaxconn,
                listenOverflows, listenDrops, timeWaitTotal, selfCheck, interfaces, unreadable, containers, List.of());
    }

    /** Evidence with no container view. */
    public ServerEvidence(List<Integer> ports, List<Listener> listeners, Optional<Boolean> bindV6Only,
                          List<Chain> firewall, List<String> firewallSources, Optional<Boolean> ufwEnabled,
                          boolean firewalldRunning, Optional<String> panel, Optional<Integer> somaxconn,
                          Optional<Long> listenOverflows, Optional<Long> listenDrops, int timeWaitTotal,
                          Map<Integer, List<ConnectAttempt>> selfCheck, List<LocalInterface> interfaces,
                          List<String> unreadable) {
        this(ports, listeners, bindV6Only, firewall, firewallSources, ufwEnabled, firewalldRunning, panel, somaxconn,
                listenOverflows, listenDrops, timeWaitTotal, selfCheck, interfaces, unreadable, Optional.empty());
    }

    public ServerEvidence {
        ports = List.copyOf(ports);
        listeners = List.copyOf(listeners);
        firewall = List.copyOf(firewall);
        firewallSources = List.copyOf(firewallSources);
        selfCheck = Map.copyOf(selfCheck);
        interfaces = List.copyOf(interfaces);
        unreadable = List.copyOf(unreadable);
        panels = List.copyOf(panels);
    }

    /** What containers make of {@code port}: its publications and where they lead, or the containers that listen on it unpublished. */
    public Optional<ContainerPort> containerPort(int port) {
        return containers.flatMap(c -> c.port(port));
    }

    public List<Listener> listenersOn(int port) {
        return listeners.stream().filter(l -> l.port() == port).toList();
    }
}
