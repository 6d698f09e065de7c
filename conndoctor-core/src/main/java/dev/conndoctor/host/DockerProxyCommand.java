package dev.conndoctor.host;

import dev.conndoctor.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The port a docker-proxy process forwards, read from its command line: {@code docker-proxy
 * -proto tcp -host-ip 0.0.0.0 -host-port 18080 -container-ip 172.17.0.2 -container-port 80}
 * (moby's {@code cmd/docker-proxy}: Go flags, so {@code --host-port=18080} is the same). Also
 * rootless Docker's {@code rootlesskit-docker-proxy}, which takes the same flags. Pure.
 *
 * <p>dockerd starts one per published port and address family: {@code -p 18080:80} gives one
 * on {@code 0.0.0.0} and one on {@code ::}, both to the container's IPv4 address.
 *
 * @param program {@code docker-proxy} or {@code rootlesskit-docker-proxy}
 * @param protocol tcp, udp or sctp
 */
public record DockerProxyCommand(String program, String protocol, InetAddress hostAddress, int hostPort,
                                 InetAddress containerAddress, int containerPort) {

    private static final Set<String> PROGRAMS = Set.of("docker-proxy", "rootlesskit-docker-proxy");

    /** Whether {@code argv} runs a docker-proxy. */
    public static boolean isDockerProxy(List<String> argv) {
        return PROGRAMS.contains(Argv.program(argv));
    }

    /**
     * The forwarding of a docker-proxy's {@code argv}; empty for another program or when the ports
     * or the container address are missing or malformed.
     */
    public static Optional<DockerProxyCommand> parse(List<String> argv) {
        if (!isDockerProxy(argv)) {
            return Optional.empty();
        }
        Optional<Integer> hostPort = Argv.option(argv, "host-port").flatMap(DockerProxyCommand::port);
        Optional<Integer> containerPort = Argv.option(argv, "container-port").flatMap(DockerProxyCommand::port);
        Optional<InetAddress> container = Argv.option(argv, "container-ip").flatMap(DockerProxyCommand::address);
        // the flags' defaults, as docker-proxy has them: tcp on 0.0.0.0
        String protocol = Argv.option(argv, "proto").orElse("tcp");
        Optional<InetAddress> host = Argv.option(argv, "host-ip").map(DockerProxyCommand::address)
                .orElse(address("0.0.0.0"));
        if (hostPort.isEmpty() || containerPort.isEmpty() || container.isEmpty() || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DockerProxyCommand(Argv.program(argv), protocol, host.get(), hostPort.get(),
                container.get(), containerPort.get()));
    }

    static Optional<Integer> port(String text) {
        return text.matches("\\d{1,5}") && Integer.parseInt(text) > 0 && Integer.parseInt(text) <= 65535
                ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    /** An address literal, never a name to look up. */
    static Optional<InetAddress> address(String text) {
        try {
            return text.contains("/") ? Optional.empty() : Optional.of(Cidr.parse(text).network());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
