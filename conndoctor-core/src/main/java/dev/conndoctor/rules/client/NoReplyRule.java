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
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.TlsProblem;
import java.util.Optional;
import java.util.Set;

/** no-reply: the server accepted the connection and stayed silent after the request until the deadline. */
public final class NoReplyRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.NO_REPLY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                        Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS, Scheme.TEXT))
                // silent after the request, or already to the TLS ClientHello of wss/https
                .filter(x -> x.reply() == Reply.SILENT || x.tls().filter(t -> t.failedWith(TlsProblem.SILENT)).isPresent())
                .filter(x -> !x.tlsWorksOnSamePort());
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        return Verdict.found(Cause.builder(CauseId.NO_REPLY, Confidence.LIKELY, x.port())
                .evidence("evidence.silent-after-request", x.endpoint(), Exchanges.sentLabel(x),
                        evidence.timeout().toMillis())
                .fix("fix.check-server-protocol", x.port())
                .fix("fix.check-server-busy")
                .build());
    }
}
