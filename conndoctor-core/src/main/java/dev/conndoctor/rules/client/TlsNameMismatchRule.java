package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;

/** tls-name-mismatch: the certificate is for other names than the one the client dialled. */
public final class TlsNameMismatchRule extends TlsProblemRule {
    @Override
    public CauseId cause() {
        return CauseId.TLS_NAME_MISMATCH;
    }

    @Override
    Confidence confidence() {
        return Confidence.CONFIRMED;
    }

    @Override
    boolean applies(TlsOutcome tls) {
        // an expired certificate for other names is reported as expired: the renewal can fix the names too
        return tls.failedWith(TlsProblem.NAME_MISMATCH) && !tls.certificateOutOfDate();
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x, TlsOutcome tls) {
        String names = tls.leaf().map(l -> String.join(", ", l.subjectAltNames())).orElse("-");
        return cause.fix("fix.tls-dial-listed-name", names).fix("fix.tls-cert-for-name");
    }
}
