package dev.conndoctor.evidence;

import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How a port's silence was judged before the timeout: several independent connection attempts
 * (each its own source port) all went unanswered, on a host that answered elsewhere in a
 * measured round trip, for long past that round trip and past the kernel's first SYN
 * retransmission.
 *
 * @param address the silent port's address
 * @param port the silent port
 * @param attempts the connections opened to it, all unanswered
 * @param rtt the host's round trip: its fastest answer (accept or reset) on another port, or the
 *            time its answer to neighbour discovery took (an upper bound of the round trip)
 * @param rttPort the port whose answer gave {@code rtt}, {@link #NEIGHBOUR} when neighbour discovery did
 * @param waited from the first SYN to the verdict
 * @param retransmit the kernel's first SYN retransmission, which the wait had to pass
 */
public record Silence(InetAddress address, int port, int attempts, Duration rtt, int rttPort, Duration waited,
                      Duration retransmit) {

    /** The {@code rttPort} of a round trip bounded by the host's answer to neighbour discovery (ARP), not a port's. */
    public static final int NEIGHBOUR = 0;

    /** Fewer independent attempts than this are not enough to tell silence from a lost packet. */
    public static final int CONCLUSIVE_ATTEMPTS = 3;

    /** Whether the host showed it is up by answering neighbour discovery rather than on another port. */
    public boolean byNeighbour() {
        return rttPort == NEIGHBOUR;
    }

    /** {@code 192.0.2.10:8282}. */
    public String endpoint() {
        return Endpoints.format(address, port);
    }

    /**
     * Whether the silence is as strong as a whole timeout's: enough independent attempts, all
     * unanswered past the first retransmission and past ten round trips.
     */
    public boolean conclusive() {
        return attempts >= CONCLUSIVE_ATTEMPTS && waited.compareTo(retransmit) > 0
                && waited.compareTo(rtt.multipliedBy(10)) > 0;
    }

    /** The round trip in milliseconds with a tenth of a microsecond's precision kept: loopback is 0.02 ms. */
    public double rttMillis() {
        return Math.round(rtt.toNanos() / 100.0) / 10_000.0;
    }
}
