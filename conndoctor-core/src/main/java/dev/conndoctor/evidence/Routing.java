package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * This machine's addresses and routes, enough to tell whether and how an address can be reached.
 *
 * @param ipv4Read whether the IPv4 table could be read: an unread table is unknown, not empty
 * @param ipv6Read the same for IPv6
 */
public record Routing(List<LocalInterface> interfaces, List<Route> routes, boolean ipv4Read, boolean ipv6Read) {

    public Routing {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
    }

    /** Both tables read. */
    public Routing(List<LocalInterface> interfaces, List<Route> routes) {
        this(interfaces, routes, true, true);
    }

    /** Whether the table of {@code address}'s family was read, so that a missing route means something. */
    public boolean knowsRoutesFor(InetAddress address) {
        return address.getAddress().length == 16 ? ipv6Read : ipv4Read;
    }

    /** The route the kernel would pick: the longest prefix that contains the address. */
    public Optional<Route> lookup(InetAddress address) {
        return routes.stream()
                .filter(r -> r.destination().contains(address))
                .max(Comparator.comparingInt(r -> r.destination().prefixLength()));
    }

    /** The local interface whose subnet contains the address, if any: then it is on a directly attached network. */
    public Optional<LocalInterface> attachedSubnet(InetAddress address) {
        return interfaces.stream()
                .filter(i -> !i.address().isLoopbackAddress() && i.subnet().contains(address))
                .findFirst();
    }

    public boolean hasDefaultRoute(boolean ipv6) {
        return routes.stream().anyMatch(r -> r.isDefault() && (r.destination().network().getAddress().length == 16) == ipv6);
    }
}
