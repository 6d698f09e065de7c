package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * That this process runs inside a container, and what showed it: its loopback is then the
 * container's own, and a service of the host is reached through the host's address on the
 * container's network (the default gateway of a bridge network).
 *
 * @param engine {@code docker}, {@code podman}, {@code kubernetes}, {@code containerd} or {@code container}
 * @param signs what was read: a marker file, the root's file system, a cgroup path
 * @param id the container's id when a cgroup path names it
 * @param gateway this namespace's default gateway: on a bridge network, the host
 */
public record ContainerContext(String engine, List<String> signs, Optional<String> id, Optional<InetAddress> gateway) {

    public ContainerContext {
        signs = List.copyOf(signs);
    }
}
