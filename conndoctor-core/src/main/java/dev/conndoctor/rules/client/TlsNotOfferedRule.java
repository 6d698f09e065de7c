package dev.conndoctor.rules.client;

import dev.conndoctor.describe.Exchanges;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import java.util.Optional;

/**
 * tls-not-offered: the client spoke TLS (wss://, https://, tls://) and the server answered in
 * plain text, or stayed silent to the ClientHello and answered the same request in plain.
 */
public final class TlsNotOfferedRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.TLS_NOT_OFFERED;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = evidence.exchange().filter(ProtocolExchange::tlsNotOffered);
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        TlsOutcome tls = x.tls().get();
        Cause.Builder cause = Cause.builder(CauseId.TLS_NOT_OFFERED, Confidence.CONFIRMED, x.port());
        if (tls.failedWith(TlsProblem.SILENT)) {
            // a plain server waiting for its request: the ClientHello is not one, so it waits on
            cause.evidence("evidence.tls-silent", x.endpoint(), evidence.timeout().toMillis());
        } else {
            cause.evidence("evidence.tls-failed", x.endpoint(), tls.detail());
        }
        x.plainFollowUp().ifPresent(s -> cause.evidence("evidence.plain-follow-up", x.endpoint(), s.label(),
                s.speech().id()));
        return Verdict.found(cause
                .fix("fix.client-use-plain", Exchanges.plainCounterpart(x.scheme()), x.scheme().id())
                .fix("fix.server-enable-tls", x.port())
                .build());
    }
}
