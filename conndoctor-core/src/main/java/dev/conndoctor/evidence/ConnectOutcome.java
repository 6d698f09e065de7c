package dev.conndoctor.evidence;

import java.util.Locale;

/** How one TCP connection attempt ended. */
public enum ConnectOutcome {
    CONNECTED,
    /** A reset (or ICMP port unreachable) came back: the host is up, nothing accepted. */
    REFUSED,
    /** Nothing came back before the deadline. */
    TIMEOUT,
    /** "No route to host": an ICMP host unreachable or prohibited, or ARP found no machine. */
    HOST_UNREACHABLE,
    /** "Network is unreachable": no route here, or an ICMP net unreachable from a router. */
    NET_UNREACHABLE,
    /** EPERM or EACCES on connect: this machine's own packet filter or policy said no. */
    PERMISSION_DENIED,
    /** EADDRNOTAVAIL: no free local address and port to that destination. */
    ADDRESS_UNAVAILABLE,
    /**
     * EMFILE or ENFILE: this process (or the whole system) has no file descriptor left for a
     * socket, so nothing was sent; it says nothing about the target.
     */
    DESCRIPTORS_EXHAUSTED,
    OTHER;

    /** The JSON id, e.g. {@code host-unreachable}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the outcome proves that a machine answered at the address. */
    public boolean provesHostUp() {
        return this == CONNECTED || this == REFUSED;
    }
}
