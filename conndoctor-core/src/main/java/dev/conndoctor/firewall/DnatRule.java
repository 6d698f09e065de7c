package dev.conndoctor.firewall;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A destination-NAT rule of the host's {@code nat} table, reduced to the port it publishes and
 * where it leads: Docker's {@code DOCKER} chain, Podman's netavark and CNI chains, Docker's
 * nftables backend, or a person's own port forward.
 *
 * @param source the tool that printed it: iptables, ip6tables or nft
 * @param table {@code nat} for iptables, {@code FAMILY NAME} for nft ({@code inet netavark})
 * @param protocol tcp, udp..., or empty for every protocol
 * @param hostAddress the one host address it is limited to ({@code -d 127.0.0.1/32}, {@code ip daddr
 *     127.0.0.1}): a port published on that address only; empty: every address the chain sees
 * @param hostPorts the host ports it matches; empty: every port
 * @param destination the address it rewrites to (the container's)
 * @param destinationPorts the ports it rewrites to; empty: the port is kept
 * @param conditions what else limits it ({@code ! -i docker0}, {@code iifname != "docker0"})
 * @param text the rule as the tool prints it
 */
public record DnatRule(String source, String table, String chain, String protocol, Optional<InetAddress> hostAddress,
                       List<PortRange> hostPorts, InetAddress destination, Optional<PortRange> destinationPorts,
                       List<String> conditions, String text) {

    public DnatRule {
        hostPorts = List.copyOf(hostPorts);
        conditions = List.copyOf(conditions);
    }

    /** Whether a connection to host port {@code port} of {@code protocol} can match it. */
    public boolean matches(int port, String protocol) {
        boolean anyProtocol = this.protocol.isEmpty() || this.protocol.equals("all");
        return (anyProtocol || this.protocol.equals(protocol))
                && (hostPorts.isEmpty() || hostPorts.stream().anyMatch(r -> r.contains(port)));
    }

    /**
     * The destination port of a connection to host port {@code port}: the same port when the rule
     * keeps it, the one port it names, or the same offset into a range of the same size
     * ({@code --dport 8000:8010 --to-destination 10.0.0.2:9000-9010}).
     */
    public int destinationPort(int port) {
        if (destinationPorts.isEmpty()) {
            return port;
        }
        PortRange to = destinationPorts.get();
        if (to.low() == to.high()) {
            return to.low();
        }
        for (PortRange from : hostPorts) {
            if (from.contains(port) && from.high() - from.low() == to.high() - to.low()) {
                return to.low() + port - from.low();
            }
        }
        // nat spreads the connections over the range; its first port stands for it
        return to.low();
    }

    /**
     * The container engine that writes rules in this chain, as far as its name tells: Docker's
     * {@code DOCKER} chain and {@code docker-bridges} tables, Podman's netavark, CNI's port map
     * (Podman 3, Kubernetes), kube-proxy. Empty for a rule of unknown origin.
     */
    public Optional<String> engine() {
        String name = chain.toUpperCase(java.util.Locale.ROOT);
        if (name.equals("DOCKER") || table.endsWith(" docker-bridges")) {
            return Optional.of("docker");
        }
        if (name.startsWith("NETAVARK") || table.endsWith(" netavark")) {
            return Optional.of("podman");
        }
        if (name.startsWith("CNI-")) {
            return Optional.of("cni");
        }
        if (name.startsWith("KUBE-")) {
            return Optional.of("kubernetes");
        }
        return Optional.empty();
    }
}
