package dev.conndoctor.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What the system resolver made of the target's host: every address, in the resolver's order,
 * or how it failed. For an address literal no lookup happens and {@code literal} is true.
 *
 * @param order how the resolver ordered {@code addresses}: the order clients that dial only the
 *              first address depend on
 */
public record Resolution(String host, boolean literal, List<ResolvedAddress> addresses, AddressOrder order,
                         Optional<DnsFailure> failure, String detail, long elapsedMs) {

    public Resolution {
        addresses = List.copyOf(addresses);
    }

    public static Resolution literal(String host, ResolvedAddress address) {
        return new Resolution(host, true, List.of(address), AddressOrder.AS_GIVEN, Optional.empty(), "", 0);
    }

    /** A look-up whose resolver did not say how it ordered the addresses. */
    public static Resolution resolved(String host, List<ResolvedAddress> addresses, long elapsedMs) {
        return resolved(host, addresses, AddressOrder.AS_GIVEN, elapsedMs);
    }

    public static Resolution resolved(String host, List<ResolvedAddress> addresses, AddressOrder order, long elapsedMs) {
        return new Resolution(host, false, addresses, order,
                addresses.isEmpty() ? Optional.of(DnsFailure.NO_ANSWER) : Optional.empty(), "", elapsedMs);
    }

    public static Resolution failed(String host, DnsFailure failure, String detail, long elapsedMs) {
        return new Resolution(host, false, List.of(), AddressOrder.AS_GIVEN, Optional.of(failure), detail, elapsedMs);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
