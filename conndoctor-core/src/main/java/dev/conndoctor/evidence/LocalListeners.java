package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Evidence for a target on this machine: the dialled address is one of this host's own, so the
 * socket table says who listens on the port and on which addresses.
 *
 * @param container when a loopback address was dialled: whether this process runs in a container,
 *                  whose loopback is its own and not the host's
 */
public record LocalListeners(InetAddress dialled, int port, List<SocketEntry> listeners,
                             Optional<ContainerContext> container) {

    public LocalListeners {
        listeners = List.copyOf(listeners);
    }

    /** Listeners seen outside any container. */
    public LocalListeners(InetAddress dialled, int port, List<SocketEntry> listeners) {
        this(dialled, port, listeners, Optional.empty());
    }

    /** Whether some listener on the port accepts connections to the dialled address. */
    public boolean acceptsDialled() {
        return listeners.stream().anyMatch(l -> l.wildcard() && familyAccepts(l) || l.localAddress().equals(dialled));
    }

    /** An IPv4 wildcard never takes IPv6; an IPv6 wildcard takes both unless bindv6only (unseen here). */
    private boolean familyAccepts(SocketEntry listener) {
        return listener.ipv6Table() || dialled.getAddress().length == 4;
    }
}
