package dev.conndoctor.evidence;

import java.util.Optional;

/**
 * The end-to-end proof of a diagnosis run with {@code --token}: whether the server answered
 * with a proof that verifies (it is the {@code conndoctor listen} holding the same token), and
 * the address it saw the client as.
 *
 * @param answered whether any proof came back at all
 * @param seenAsLocal whether that address is one of this machine's own (no NAT, proxy or CDN between)
 */
public record ProofCheck(boolean answered, boolean verified, Optional<String> seenAs, boolean seenAsLocal) {
}
