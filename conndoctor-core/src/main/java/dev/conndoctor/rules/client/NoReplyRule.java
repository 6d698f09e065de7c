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
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Speech;
import java.util.Optional;
import java.util.Set;

/**
 * no-reply: the server accepted the connection and gave no complete answer to the request: it
 * stayed silent until the deadline, or began an HTTP answer whose head did not end before the
 * deadline (a head trickling in) or within the bytes a client reads (a head too large).
 */
public final class NoReplyRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.NO_REPLY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                        Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS, Scheme.TEXT, Scheme.TLS))
                // silent after the request, or already to the TLS ClientHello of wss/https/tls
                .filter(x -> x.reply() == Reply.SILENT || x.tls().filter(t -> t.failedWith(TlsProblem.SILENT)).isPresent()
                        || oversizedHead(x))
                .filter(x -> !x.tlsWorksOnSamePort())
                // silent to the ClientHello only: the port answers in plain (tls-not-offered)
                .filter(x -> !x.tlsNotOffered());
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        long timeoutMs = evidence.timeout().toMillis();
        Cause.Builder cause;
        if (oversizedHead(x)) {
            cause = Cause.builderWithSummary(CauseId.NO_REPLY, Confidence.LIKELY, "cause.no-reply.oversized-head.summary",
                            x.port(), HttpResponseHead.MAX_HEAD_BYTES)
                    .evidence("evidence.oversized-head", x.endpoint(), Exchanges.sentLabel(x),
                            HttpResponseHead.MAX_HEAD_BYTES, x.sniffed().get().label());
        } else if (x.reply() == Reply.SILENT && x.sniffed().isPresent()) {
            // bytes came, and then the deadline: a head that trickles or stalls, not silence
            cause = Cause.builderWithSummary(CauseId.NO_REPLY, Confidence.LIKELY, "cause.no-reply.unfinished-head.summary",
                            x.port(), timeoutMs)
                    .evidence("evidence.unfinished-head", x.endpoint(), Exchanges.sentLabel(x),
                            x.sniffed().get().preview(), timeoutMs);
        } else {
            cause = Cause.builder(CauseId.NO_REPLY, Confidence.LIKELY, x.port())
                    .evidence("evidence.silent-after-request", x.endpoint(), Exchanges.sentLabel(x), timeoutMs);
        }
        return Verdict.found(cause
                .fix("fix.check-server-protocol", x.port())
                .fix("fix.check-server-busy")
                .build());
    }

    /**
     * An answer to an HTTP or WebSocket request that began with a status line and filled what a
     * client reads without its head ending (the probe names a head cut by the deadline silent,
     * one cut by a close closed).
     */
    private static boolean oversizedHead(ProtocolExchange x) {
        return x.scheme() != Scheme.TEXT && x.scheme() != Scheme.TCP && x.reply() == Reply.DATA && x.http().isEmpty()
                && x.sniffed().filter(s -> s.speech() == Speech.HTTP).isPresent();
    }
}
