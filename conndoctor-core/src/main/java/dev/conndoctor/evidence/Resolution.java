package dev.conndoctor.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What the system resolver made of the target's host: every address, or how it failed.
 * For an address literal no lookup happens and {@code literal} is true.
 */
public record Resolution(String host, boolean literal, List<ResolvedAddress> addresses,
                         Optional<DnsFailure> failure, String detail, long elapsedMs) {

    public Resolution {
        addresses = List.copyOf(addresses);
    }

    public static Resolution literal(String host, ResolvedAddress address) {
        return new Resolution(host, true, List.of(address), Optional.empty(), "", 0);
    }

    public static Resolution resolved(String host, List<ResolvedAddress> addresses, long elapsedMs) {
        return new Resolution(host, false, addresses,
                addresses.isEmpty() ? Optional.of(DnsFailure.NO_ANSWER) : Optional.empty(), "", elapsedMs);
    }

    public static Resolution failed(String host, DnsFailure failure, String detail, long elapsedMs) {
        return new Resolution(host, false, List.of(), Optional.of(failure), detail, elapsedMs);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
