package dev.conndoctor.evidence;

import dev.conndoctor.config.ProxyDecision;
import java.util.Optional;

/** The proxy side of a diagnosis: what a typical client would do, and the tunnel tried when a proxy applies. */
public record ProxyPath(ProxyDecision decision, Optional<ProxyAttempt> attempt) {
}
