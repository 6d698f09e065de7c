package dev.conndoctor.listen;

import dev.conndoctor.Text;
import java.time.Instant;
import java.util.Optional;

/**
 * What one client that reached {@code conndoctor listen} did: where it came from, what it spoke
 * (over TLS or not), whether that is what the listener serves, and the fix when it is not.
 *
 * @param tls whether the client completed a TLS handshake with a TLS listener
 * @param proofGiven whether the client asked for and got the end-to-end proof
 * @param browser the browser check this request belongs to: a browser took the check page, or
 *     its page reported what the browser saw (then {@code matches} says whether it all worked)
 */
public record ClientReport(Instant at, String peer, ClientSpeech spoke, boolean tls, boolean matches,
                           Optional<String> sni, Optional<String> path, String preview, Optional<Text> fix,
                           boolean proofGiven, Optional<BrowserCheck> browser) {

    /** The report of a client that is no part of a browser check. */
    public ClientReport(Instant at, String peer, ClientSpeech spoke, boolean tls, boolean matches,
                        Optional<String> sni, Optional<String> path, String preview, Optional<Text> fix,
                        boolean proofGiven) {
        this(at, peer, spoke, tls, matches, sni, path, preview, fix, proofGiven, Optional.empty());
    }
}
