package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import java.util.Optional;

/** Shared shape of the TLS handshake rules: a failed handshake of the target's TLS step, with the certificate facts. */
abstract class TlsProblemRule implements Rule<Evidence> {

    abstract Confidence confidence();

    @Override
    public final Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = evidence.exchange().filter(x -> x.tlsFailed() && applies(x.tls().get()));
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        TlsOutcome tls = x.tls().get();
        Cause.Builder builder = Cause.builder(cause(), confidence(), x.endpoint())
                .evidence("evidence.tls-failed", x.endpoint(), tls.detail());
        tls.leaf().ifPresent(leaf -> certificateLines(builder, leaf, tls));
        return Verdict.found(fixes(builder, x, tls).build());
    }

    abstract boolean applies(TlsOutcome tls);

    abstract Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x, TlsOutcome tls);

    private static void certificateLines(Cause.Builder builder, CertificateFacts leaf, TlsOutcome tls) {
        builder.evidence("evidence.certificate", leaf.subject(), leaf.issuer(),
                        leaf.subjectAltNames().isEmpty() ? "-" : String.join(", ", leaf.subjectAltNames()))
                .evidence("evidence.certificate-validity", leaf.notBefore(), leaf.notAfter(), tls.observedAt());
    }
}
