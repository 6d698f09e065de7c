package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;

/** tls-expired: the server's certificate is outside its validity period (expired, or not valid yet). */
public final class TlsExpiredRule extends TlsProblemRule {
    @Override
    public CauseId cause() {
        return CauseId.TLS_EXPIRED;
    }

    @Override
    Confidence confidence() {
        return Confidence.CONFIRMED;
    }

    @Override
    boolean applies(TlsOutcome tls) {
        return tls.certificateOutOfDate();
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x, TlsOutcome tls) {
        return cause.fix("fix.tls-renew").fix("fix.tls-clock");
    }
}
