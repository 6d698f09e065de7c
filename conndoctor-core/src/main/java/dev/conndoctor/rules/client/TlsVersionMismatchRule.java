package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;

/** tls-version-mismatch: client and server share no TLS version or cipher suite. */
public final class TlsVersionMismatchRule extends TlsProblemRule {
    @Override
    public CauseId cause() {
        return CauseId.TLS_VERSION_MISMATCH;
    }

    @Override
    Confidence confidence() {
        return Confidence.LIKELY;
    }

    @Override
    boolean applies(TlsOutcome tls) {
        return tls.failedWith(TlsProblem.VERSION_MISMATCH);
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x, TlsOutcome tls) {
        return cause.fix("fix.tls-versions").fix("fix.tls-check-openssl", x.endpoint());
    }
}
