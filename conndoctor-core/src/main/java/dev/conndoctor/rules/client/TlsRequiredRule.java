package dev.conndoctor.rules.client;

import dev.conndoctor.describe.Exchanges;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.protocol.HttpSignatures;
import dev.conndoctor.protocol.Speech;
import java.util.Optional;
import java.util.Set;

/**
 * tls-required: the server speaks TLS and the client spoke plain (ws://, http://, text://). Shown
 * by a TLS record or alert in the reply, by a "plain HTTP request was sent to HTTPS port" page,
 * or, when the plain request got nothing back, by a TLS handshake that works on the same port.
 */
public final class TlsRequiredRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.TLS_REQUIRED;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.HTTP, Scheme.TEXT));
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        boolean tlsRecord = x.sniffed().filter(s -> s.speech() == Speech.TLS || s.speech() == Speech.TLS_ALERT)
                .isPresent();
        boolean tlsPortPage = x.http().filter(h -> HttpSignatures.isPlainHttpToTlsPage(h, x.bodyPreview())).isPresent();
        boolean tlsWorks = x.tlsWorksOnSamePort();
        if (!tlsRecord && !tlsPortPage && !tlsWorks) {
            return Verdict.silent();
        }
        Cause.Builder cause = Exchanges.exchangeLines(Cause.builder(CauseId.TLS_REQUIRED,
                tlsWorks || tlsPortPage ? Confidence.CONFIRMED : Confidence.LIKELY, x.port()), x);
        x.tlsOnSamePort().ifPresent(t -> cause.evidence("evidence.tls-follow-up-works",
                x.endpoint(), t.protocol().orElse("TLS"), t.leaf().map(c -> c.subject()).orElse("-")));
        String secure = Exchanges.tlsCounterpart(x.scheme());
        return Verdict.found(cause
                .fix("fix.client-use-tls", secure, x.scheme().id())
                .fix("fix.server-plain-port", x.scheme().id(), x.port())
                .build());
    }
}
