package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;

/**
 * Evidence for a target on this machine: the dialled address is one of this host's own, so the
 * socket table says who listens on the port and on which addresses.
 */
public record LocalListeners(InetAddress dialled, int port, List<SocketEntry> listeners) {

    public LocalListeners {
        listeners = List.copyOf(listeners);
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
