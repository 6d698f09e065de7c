package dev.conndoctor.firewall;

import java.util.List;
import java.util.Optional;

/**
 * One packet-filter rule, reduced to what decides a new TCP connection to a port: the protocol,
 * the destination ports, the conditions that limit it to some clients, and the verdict.
 *
 * @param ports the destination ports it matches; empty: any port
 * @param conditions what limits it to some packets ("-s 10.0.0.0/8", "-i eth0", "set blocked src"):
 *                   such a rule blocks some clients, not all
 * @param target ACCEPT, DROP, REJECT, RETURN, or the chain it jumps to
 * @param text the rule as the firewall tool prints it, for the report
 */
public record FirewallRule(String table, String chain, int position, String protocol, List<PortRange> ports,
                           List<String> conditions, String target, Optional<String> rejectWith, boolean onlyEstablished,
                           String text) {

    public FirewallRule {
        ports = List.copyOf(ports);
        conditions = List.copyOf(conditions);
    }

    /** Whether a new TCP connection to {@code port} can match this rule (ignoring its conditions). */
    public boolean canMatch(int port) {
        boolean tcp = protocol.isEmpty() || protocol.equals("tcp") || protocol.equals("all");
        return tcp && !onlyEstablished && (ports.isEmpty() || ports.stream().anyMatch(r -> r.contains(port)));
    }

    public boolean conditional() {
        return !conditions.isEmpty();
    }
}
