package dev.conndoctor.evidence;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A name whose addresses reach the target port on one address family only: every attempt of one
 * family was refused or went unanswered, and an attempt of the other family connected. Whether
 * a client fails then depends on which address it dials first and whether it falls back to the
 * next one, so the resolver's order is part of the finding. Pure.
 *
 * @param failed the failing family's attempts, in the resolver's order
 * @param working the other family's attempts that connected, in the resolver's order
 * @param first the attempt to the first address in the resolver's order
 * @param order how the resolver ordered the addresses
 */
public record FamilyMismatch(List<ConnectAttempt> failed, List<ConnectAttempt> working, ConnectAttempt first,
                             AddressOrder order) {

    /** How the failing family's attempts may end: refused (nothing listens there) or unanswered (dropped). */
    private static final Set<ConnectOutcome> FAILURES = EnumSet.of(ConnectOutcome.REFUSED, ConnectOutcome.TIMEOUT);

    public FamilyMismatch {
        failed = List.copyOf(failed);
        working = List.copyOf(working);
    }

    /**
     * The mismatch among {@code attempts} (one per address, in the resolver's order), if every
     * attempt of one family failed as {@link #FAILURES} says and one of the other family connected.
     */
    public static Optional<FamilyMismatch> of(List<ConnectAttempt> attempts, AddressOrder order) {
        if (attempts.isEmpty()) {
            return Optional.empty();
        }
        for (boolean ipv6Fails : new boolean[] {true, false}) {
            List<ConnectAttempt> failing = attempts.stream().filter(a -> isIpv6(a.address()) == ipv6Fails).toList();
            List<ConnectAttempt> other = attempts.stream().filter(a -> isIpv6(a.address()) != ipv6Fails).toList();
            List<ConnectAttempt> working = other.stream().filter(a -> a.outcome() == ConnectOutcome.CONNECTED).toList();
            if (!failing.isEmpty() && !working.isEmpty()
                    && failing.stream().allMatch(a -> FAILURES.contains(a.outcome()))) {
                return Optional.of(new FamilyMismatch(failing, working, attempts.get(0), order));
            }
        }
        return Optional.empty();
    }

    /** Whether the first address in the resolver's order is of the failing family: clients that dial only it fail. */
    public boolean failingFirst() {
        return failed.contains(first);
    }

    /** Whether the failing family is IPv6 (and IPv4 works). */
    public boolean ipv6Fails() {
        return isIpv6(failed.get(0).address());
    }

    /** {@code IPv6} or {@code IPv4}: the family that fails. */
    public String failingFamily() {
        return ipv6Fails() ? "IPv6" : "IPv4";
    }

    /** {@code IPv4} or {@code IPv6}: the family that works. */
    public String workingFamily() {
        return ipv6Fails() ? "IPv4" : "IPv6";
    }

    /** Whether every failing attempt went unanswered (dropped), rather than refused. */
    public boolean allSilent() {
        return failed.stream().allMatch(a -> a.outcome() == ConnectOutcome.TIMEOUT);
    }

    private static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }
}
