package dev.conndoctor;

import dev.conndoctor.evidence.server.Listener;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.firewall.FirewallVerdict;
import java.util.List;

/** The server's view of one port: who listens where, what its firewall does, and the causes found. */
public record PortReport(int port, List<Listener> listeners, List<FirewallVerdict> firewall, List<Cause> causes,
                         List<RuledOut> ruledOut, List<ConnectAttempt> selfCheck) {

    public PortReport {
        listeners = List.copyOf(listeners);
        firewall = List.copyOf(firewall);
        causes = List.copyOf(causes);
        ruledOut = List.copyOf(ruledOut);
        selfCheck = List.copyOf(selfCheck);
    }
}
