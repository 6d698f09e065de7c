package dev.conndoctor.rules.client;

/** How long the network takes to say things, which tells who said them. */
final class Timings {
    private Timings() {
    }

    /**
     * An ICMP error from a firewall or router arrives within a round trip; this bound is far
     * above any round trip and far below the neighbour-discovery give-up below.
     */
    static final long ICMP_REPLY_MAX_MS = 1000;

    /**
     * Linux gives up neighbour discovery (ARP, NDP) after 3 probes a second apart, and only
     * then reports "No route to host" for an address nobody holds on the local network.
     */
    static final long NEIGHBOUR_GIVE_UP_MIN_MS = 2500;
}
