package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.Map;

/**
 * The client's local port budget towards one destination: the ephemeral range, TIME_WAIT
 * reuse, and the sockets that already hold ports to that address and port, by state.
 */
public record PortUsage(int rangeLow, int rangeHigh, int tcpTwReuse, InetAddress destination, int destinationPort,
                        Map<TcpState, Integer> toDestination, int timeWaitTotal) {

    public PortUsage {
        toDestination = Map.copyOf(toDestination);
    }

    public int rangeSize() {
        return rangeHigh - rangeLow + 1;
    }

    /** Every socket to the destination holds one local port of the range. */
    public int heldToDestination() {
        return toDestination.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(TcpState state) {
        return toDestination.getOrDefault(state, 0);
    }
}
