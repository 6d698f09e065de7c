package dev.conndoctor.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One TLS handshake: whether it was established, what was negotiated, the chain the server
 * presented (recorded even when verification failed), and the problem if any.
 *
 * @param sni the server name sent, empty for an address literal
 * @param insecure verification was skipped on request ({@code --insecure})
 * @param observedAt when the handshake ran, to judge the chain's validity without a clock in the rules
 */
public record TlsOutcome(boolean established, String sni, Optional<String> protocol, Optional<String> cipher,
                         List<CertificateFacts> chain, Optional<TlsProblem> problem, String detail, boolean insecure,
                         Instant observedAt) {

    public TlsOutcome {
        chain = List.copyOf(chain);
    }

    public Optional<CertificateFacts> leaf() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    public boolean failedWith(TlsProblem kind) {
        return problem.filter(p -> p == kind).isPresent();
    }

    /**
     * Whether the certificate is outside its validity period: as the handshake said, or by its
     * dates at the time of the handshake, which also tells when another problem (untrusted, a
     * wrong name) was reported first.
     */
    public boolean certificateOutOfDate() {
        return failedWith(TlsProblem.EXPIRED) || failedWith(TlsProblem.NOT_YET_VALID)
                || leaf().filter(l -> !l.validAt(observedAt)).isPresent();
    }
}
