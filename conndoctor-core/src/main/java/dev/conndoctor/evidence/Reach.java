package dev.conndoctor.evidence;

import dev.conndoctor.net.AddressClass;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * How far the client got towards the target: the name's addresses, one connect attempt per
 * address, and for the attempts that need explaining, whether the host answers elsewhere.
 *
 * @param resolution the name's addresses, or how resolving failed
 * @param attempts one per resolved address, to the target's port, in the order of the addresses
 * @param liveness per address whose attempt needed it: the usual ports that tell up from down
 * @param silences per timed-out attempt judged silent before the timeout: how it was judged
 */
public record Reach(Resolution resolution, List<ConnectAttempt> attempts, List<HostLiveness> liveness,
                    List<Silence> silences) {

    public Reach {
        attempts = List.copyOf(attempts);
        liveness = List.copyOf(liveness);
        silences = List.copyOf(silences);
    }

    /** A round whose every timeout ran to the end of the timeout. */
    public Reach(Resolution resolution, List<ConnectAttempt> attempts, List<HostLiveness> liveness) {
        this(resolution, attempts, liveness, List.of());
    }

    /** A name that did not resolve: nothing was dialled. */
    public static Reach unresolved(Resolution resolution) {
        return new Reach(resolution, List.of(), List.of());
    }

    /** The failed attempts, in the order of the resolved addresses. */
    public List<ConnectAttempt> failedAttempts() {
        return attempts.stream().filter(a -> a.outcome() != ConnectOutcome.CONNECTED).toList();
    }

    public List<ConnectAttempt> attempts(ConnectOutcome outcome) {
        return attempts.stream().filter(a -> a.outcome() == outcome).toList();
    }

    /**
     * The name's addresses reach the port on one family only: every attempt of one family refused
     * or unanswered while one of the other connected, with the resolver's order of them.
     */
    public Optional<FamilyMismatch> familyMismatch() {
        return FamilyMismatch.of(attempts, resolution.order());
    }

    public boolean anyConnected() {
        return attempts.stream().anyMatch(a -> a.outcome() == ConnectOutcome.CONNECTED);
    }

    /** How {@code attempt}'s silence was judged, when it was judged before the timeout. */
    public Optional<Silence> silenceOf(ConnectAttempt attempt) {
        return silences.stream()
                .filter(s -> s.address().equals(attempt.address()) && s.port() == attempt.port())
                .findFirst();
    }

    public Optional<HostLiveness> livenessOf(InetAddress address) {
        return liveness.stream().filter(l -> l.address().equals(address)).findFirst();
    }

    public AddressClass classOf(InetAddress address) {
        return resolution.addresses().stream()
                .filter(r -> r.address().equals(address))
                .map(ResolvedAddress::addressClass)
                .findFirst()
                .orElseGet(() -> AddressClass.of(address));
    }
}
