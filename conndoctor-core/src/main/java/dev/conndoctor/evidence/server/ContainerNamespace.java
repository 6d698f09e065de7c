package dev.conndoctor.evidence.server;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A network namespace other than this host's, read through the processes in it
 * ({@code /proc/PID/ns/net}, {@code /proc/PID/net/*}): a container's, most often.
 *
 * @param inode the namespace's inode ({@code net:[inode]})
 * @param pids some of its processes, the first read; {@code processes} counts them all
 * @param addresses its own addresses (fib_trie's LOCAL entries, if_inet6), loopback included
 * @param listeners its listening TCP sockets, with their owners where readable (backlog -1: not read)
 * @param engine "docker", "podman", "containerd", "cri-o", when its cgroup or the engine's files tell
 * @param containerId the full id from its processes' cgroup
 * @param containerName the name in the engine's files (config.v2.json, conmon, containers.json)
 * @param init whether it is the machine's root namespace (PID 1's, or the kernel threads'): seen from
 *     a namespace conndoctor was started in, not a container
 */
public record ContainerNamespace(long inode, List<Integer> pids, int processes, List<InetAddress> addresses,
                                 List<Listener> listeners, Optional<String> engine, Optional<String> containerId,
                                 Optional<String> containerName, boolean init) {

    public ContainerNamespace {
        pids = List.copyOf(pids);
        addresses = List.copyOf(addresses);
        listeners = List.copyOf(listeners);
    }

    public List<Listener> listenersOn(int port) {
        return listeners.stream().filter(l -> l.port() == port).toList();
    }

    /** Whether {@code address} is one of its own. */
    public boolean holds(InetAddress address) {
        return addresses.contains(address);
    }

    /** How a person knows it: the container's name, its short id, or the namespace. */
    public String label() {
        return containerName.or(() -> containerId.map(id -> id.length() > 12 ? id.substring(0, 12) : id))
                .orElse("net:[" + inode + "]");
    }
}
