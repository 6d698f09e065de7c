package dev.conndoctor.evidence.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * Where one publication of a port leads: the namespace that holds its destination, and what
 * listens there on the destination port.
 *
 * @param destination the namespace holding the destination address (or the one the forwarder
 *     enters); empty when no namespace read holds it (the host itself, another machine, a
 *     container that is gone, or a namespace this user cannot read)
 * @param listening the destination namespace's listeners on the destination port, on any address
 */
public record PublicationPath(Publication publication, Optional<ContainerNamespace> destination,
                              List<Listener> listening) {

    public PublicationPath {
        listening = List.copyOf(listening);
    }

    /** Whether nothing listens on the destination port in the namespace it leads into. */
    public boolean nothingListens() {
        return destination.isPresent() && listening.isEmpty();
    }

    /**
     * Whether some listener accepts what the publication forwards: one on every address (an IPv6
     * {@code ::} socket takes IPv4 too, unless the namespace sets bindv6only), or on the
     * destination address itself. A forwarder without a destination address (pasta) connects
     * to whatever listens.
     */
    public boolean reachable() {
        if (publication.destination().isEmpty()) {
            return !listening.isEmpty();
        }
        var to = publication.destination().get();
        return listening.stream().anyMatch(l -> l.address().equals(to)
                || l.wildcard() && (l.address() instanceof Inet6Address || to instanceof Inet4Address));
    }

    /** Whether everything listening there is on loopback: the app is bound to 127.0.0.1 / ::1 inside. */
    public boolean loopbackOnly() {
        return !listening.isEmpty() && listening.stream().allMatch(Listener::loopback);
    }
}
