package dev.conndoctor;

import dev.conndoctor.evidence.server.Listener;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.firewall.FirewallVerdict;
import java.util.List;

/**
 * The server's view of one port: who listens where, what its firewall does, and the causes found.
 *
 * @param localOnly listed, not judged: a port nobody asked about whose listeners are all on loopback,
 *                  which is what a database or a backend behind a local proxy is meant to be
 */
public record PortReport(int port, List<Listener> listeners, List<FirewallVerdict> firewall, List<Cause> causes,
                         List<RuledOut> ruledOut, List<ConnectAttempt> selfCheck, boolean localOnly) {

    /** A port that was judged. */
    public PortReport(int port, List<Listener> listeners, List<FirewallVerdict> firewall, List<Cause> causes,
                      List<RuledOut> ruledOut, List<ConnectAttempt> selfCheck) {
        this(port, listeners, firewall, causes, ruledOut, selfCheck, false);
    }

    public PortReport {
        listeners = List.copyOf(listeners);
        firewall = List.copyOf(firewall);
        causes = List.copyOf(causes);
        ruledOut = List.copyOf(ruledOut);
        selfCheck = List.copyOf(selfCheck);
    }
}
