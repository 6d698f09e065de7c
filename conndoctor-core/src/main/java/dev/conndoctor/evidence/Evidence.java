package dev.conndoctor.evidence;

import dev.conndoctor.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the probes of one diagnosis observed, as plain data. Rules read it and never do
 * I/O, so every cause can be tested from evidence built by hand.
 *
 * @param attempts one per resolved address, to the target's port
 * @param liveness per address whose attempt needed it: the usual ports that tell up from down
 * @param localListeners present when the dialled address belongs to this machine
 * @param portUsage present when a connect failed for want of a local port
 * @param routing present when an address was unreachable or silent
 * @param unreadable what a probe wanted to read and could not, in its own words
 * @param exchange the target's protocol spoken to the first address that connected
 * @param portScan the likely ports of a host whose target port refused
 */
public record Evidence(Target target, Duration timeout, Resolution resolution, List<ConnectAttempt> attempts,
                       List<HostLiveness> liveness, Optional<LocalListeners> localListeners,
                       Optional<PortUsage> portUsage, Optional<Routing> routing, List<String> unreadable,
                       Optional<ProtocolExchange> exchange, Optional<PortScan> portScan) {

    public Evidence {
        attempts = List.copyOf(attempts);
        liveness = List.copyOf(liveness);
        unreadable = List.copyOf(unreadable);
    }

    /** The failed attempts, in the order of the resolved addresses. */
    public List<ConnectAttempt> failedAttempts() {
        return attempts.stream().filter(a -> a.outcome() != ConnectOutcome.CONNECTED).toList();
    }

    public List<ConnectAttempt> attempts(ConnectOutcome outcome) {
        return attempts.stream().filter(a -> a.outcome() == outcome).toList();
    }

    public boolean anyConnected() {
        return attempts.stream().anyMatch(a -> a.outcome() == ConnectOutcome.CONNECTED);
    }

    public Optional<HostLiveness> livenessOf(java.net.InetAddress address) {
        return liveness.stream().filter(l -> l.address().equals(address)).findFirst();
    }

    public AddressClass classOf(java.net.InetAddress address) {
        return resolution.addresses().stream()
                .filter(r -> r.address().equals(address))
                .map(ResolvedAddress::addressClass)
                .findFirst()
                .orElseGet(() -> AddressClass.of(address));
    }
}
