package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The likely ports of a host whose target port refused: which accept, and what the open ones
 * answered when spoken to in the target's protocol.
 */
public record PortScan(InetAddress address, List<ConnectAttempt> attempts, Map<Integer, ProtocolExchange> spoken) {

    public PortScan {
        attempts = List.copyOf(attempts);
        spoken = Map.copyOf(spoken);
    }

    public List<Integer> openPorts() {
        return attempts.stream().filter(a -> a.outcome() == ConnectOutcome.CONNECTED).map(ConnectAttempt::port).toList();
    }
}
