package dev.conndoctor.evidence;

import dev.conndoctor.net.AddressClass;

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
 * @param dns the hosts-file entry and each nameserver's answers, for a name
 * @param expectedAddresses where the user says the server is ({@code --expect-ip})
 * @param cdn signs of a CDN edge in front of the target
 * @param proxy what a typical client would do about proxies, and the tunnel tried through one
 * @param serverFacts what the server's own report says of the target port ({@code --server-report})
 * @param localFirewall this machine's firewall, read when a connection failed
 * @param proof the end-to-end proof of a diagnosis run with a token
 */
public record Evidence(Target target, Duration timeout, Resolution resolution, List<ConnectAttempt> attempts,
                       List<HostLiveness> liveness, Optional<LocalListeners> localListeners,
                       Optional<PortUsage> portUsage, Optional<Routing> routing, List<String> unreadable,
                       Optional<ProtocolExchange> exchange, Optional<PortScan> portScan, Optional<DnsEvidence> dns,
                       List<java.net.InetAddress> expectedAddresses, List<CdnSighting> cdn, Optional<ProxyPath> proxy,
                       Optional<dev.conndoctor.evidence.ServerFacts> serverFacts, Optional<LocalFirewall> localFirewall,
                       Optional<ProofCheck> proof) {

    public Evidence {
        attempts = List.copyOf(attempts);
        liveness = List.copyOf(liveness);
        unreadable = List.copyOf(unreadable);
        expectedAddresses = List.copyOf(expectedAddresses);
        cdn = List.copyOf(cdn);
    }

    /** Whether a tunnel was tried through a proxy and did not open. */
    public boolean proxyFailed() {
        return proxy.flatMap(ProxyPath::attempt).filter(a -> !a.opened()).isPresent();
    }


    /** Whether the user said where the server is and no address the client reached is there. */
    public boolean expectationMissed() {
        return !expectedAddresses.isEmpty() && resolution.succeeded()
                && resolution.addresses().stream().noneMatch(r -> expectedAddresses.contains(r.address()));
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
