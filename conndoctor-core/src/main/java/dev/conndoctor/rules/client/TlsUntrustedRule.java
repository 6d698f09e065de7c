package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;

/** tls-untrusted: the chain does not lead to a root this client trusts (self-signed, private CA, missing intermediate). */
public final class TlsUntrustedRule extends TlsProblemRule {
    @Override
    public CauseId cause() {
        return CauseId.TLS_UNTRUSTED;
    }

    @Override
    Confidence confidence() {
        return Confidence.CONFIRMED;
    }

    @Override
    boolean applies(TlsOutcome tls) {
        // an expired certificate that is also untrusted is reported as expired: renewing fixes both
        return tls.failedWith(TlsProblem.UNTRUSTED) && !tls.certificateOutOfDate();
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x, TlsOutcome tls) {
        if (tls.leaf().filter(l -> l.selfIssued()).isPresent()) {
            cause.evidence("evidence.self-signed");
        }
        return cause.fix("fix.tls-public-ca").fix("fix.tls-chain").fix("fix.tls-trust-private");
    }
}
