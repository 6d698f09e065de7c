package dev.conndoctor.evidence.server;

import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One way a port of this host leads elsewhere, as the host shows it without the engine's API: a
 * forwarding process ({@code docker-proxy}, {@code pasta}) or a DNAT rule of the nat table.
 *
 * @param source what publishes it: {@value #DOCKER_PROXY}, {@value #ROOTLESSKIT_DOCKER_PROXY},
 *     {@value #DNAT}, {@value #PASTA} or {@value #ROOTLESSKIT}
 * @param engine the engine that made it, as far as the source tells ("docker", "podman", "cni",
 *     "kubernetes"); empty for a rule of unknown origin
 * @param hostAddress the host address it accepts on: {@code 0.0.0.0} / {@code ::} for every address
 *     of a family; empty for a rule that matches every local address
 * @param protocol {@code tcp}, or {@code all} for a rule without a protocol
 * @param destination where it forwards to (a container's address); empty when the forwarder enters
 *     a namespace itself and connects there ({@code pasta}, {@code rootlesskit})
 * @param pid the forwarding process; empty for a rule
 * @param namespace the network namespace (inode) it works in: its process's, or this host's for a rule
 * @param targetNamespace the namespace it forwards into, when the forwarder itself shows it (pasta's
 *     descriptor on its {@code --netns}, rootlesskit's child); otherwise found from {@code destination}
 * @param text what it was read from: the rule as the firewall prints it, or the command line's shape
 */
public record Publication(String source, Optional<String> engine, Optional<InetAddress> hostAddress, int hostPort,
                          String protocol, Optional<InetAddress> destination, int destinationPort,
                          Optional<Integer> pid, Optional<Long> namespace, Optional<Long> targetNamespace,
                          String text) {

    public static final String DOCKER_PROXY = "docker-proxy";
    public static final String ROOTLESSKIT_DOCKER_PROXY = "rootlesskit-docker-proxy";
    public static final String DNAT = "dnat";
    public static final String PASTA = "pasta";
    /** rootless Docker's rootlesskit, listening here and connecting inside its own namespace on the same port. */
    public static final String ROOTLESSKIT = "rootlesskit";

    /** Whether it accepts on every address of the host (of one family, for a proxy on 0.0.0.0 or ::). */
    public boolean everyAddress() {
        return hostAddress.isEmpty() || hostAddress.get().isAnyLocalAddress();
    }

    /** Whether it accepts on a loopback address only: remote clients cannot reach it ({@code -p 127.0.0.1:P:P}). */
    public boolean loopbackOnly() {
        return hostAddress.isPresent() && hostAddress.get().isLoopbackAddress();
    }

    /** {@code 0.0.0.0:18080}, {@code [::]:18080}, {@code *:18080} for a rule on every address. */
    public String hostEndpoint() {
        return hostAddress.map(a -> Endpoints.format(a, hostPort)).orElse("*:" + hostPort);
    }

    /** {@code 172.17.0.2:80}, or {@code :80} when the forwarder names no address. */
    public String destinationEndpoint() {
        return destination.map(a -> Endpoints.format(a, destinationPort)).orElse(":" + destinationPort);
    }
}
