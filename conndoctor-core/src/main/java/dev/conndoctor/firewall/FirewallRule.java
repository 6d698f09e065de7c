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
 * @param onlyEstablished the rule never sees the first packet of a new connection to this host: it
 *                        matches ESTABLISHED, RELATED or INVALID packets only, or a broadcast or
 *                        multicast destination
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

    /**
     * Whether every condition is about the peer's address and holds for {@code peer} (empty when
     * some condition is of another kind): an OUTPUT rule "-d 192.0.2.10" applies to a client
     * that dials 192.0.2.10, not to some clients only.
     */
    public Optional<Boolean> addressConditionsHold(java.net.InetAddress peer, boolean destination) {
        boolean all = true;
        for (String condition : conditions) {
            // iptables writes "-d 192.0.2.10/32" or "! -d ...", nft "ip daddr 192.0.2.10" or "ip daddr != ..."
            List<String> f = List.of(condition.trim().split("\\s+"));
            boolean negated = f.contains("!") || f.contains("!=");
            boolean address = f.stream().anyMatch(kind -> destination
                    ? kind.equals("-d") || kind.equals("--destination") || kind.equals("daddr")
                    : kind.equals("-s") || kind.equals("--source") || kind.equals("saddr"));
            if (!address) {
                return Optional.empty();
            }
            boolean contains;
            try {
                contains = dev.conndoctor.net.Cidr.parse(f.get(f.size() - 1)).contains(peer);
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a set or a range this reading does not resolve
            }
            all &= negated != contains;
        }
        return Optional.of(all);
    }
}
