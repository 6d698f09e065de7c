package dev.conndoctor.evidence;

import java.util.Optional;

/**
 * A sign that a CDN edge stands where the client connects: an address in an edge range, a
 * CNAME of the provider, or a header its edges add.
 *
 * @param how {@code range}, {@code cname} or {@code header}
 * @param what the address, the CNAME or the header that showed it
 * @param forwardedPorts the ports the range forwards, when the provider restricts them ("any" otherwise)
 * @param portForwarded whether the target's port is among them (empty when unknown)
 */
public record CdnSighting(String provider, String how, String what, String forwardedPorts,
                          Optional<Boolean> portForwarded) {
}
