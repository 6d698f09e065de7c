package dev.conndoctor.rules.client;

import dev.conndoctor.describe.Exchanges;

import dev.conndoctor.describe.ServerFingerprints;
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

/**
 * closed-without-reply: the server closed or reset the connection after the request without a
 * byte, and does not speak TLS either: a framed binary protocol, or a filter on the client.
 */
public final class ClosedWithoutReplyRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.CLOSED_WITHOUT_REPLY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                        Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS, Scheme.TEXT))
                // closed after the request, or already during the TLS handshake of wss/https
                .filter(x -> x.reply() == Reply.EOF || x.reply() == Reply.RESET
                        || x.tls().filter(t -> t.failedWith(TlsProblem.CLOSED)).isPresent())
                // bytes came before the close (a head cut short, a greeting): not a close without a byte
                .filter(x -> x.sniffed().isEmpty() && x.banner().isEmpty())
                .filter(x -> !x.tlsWorksOnSamePort())
                // closed at once on every connection, before a byte was sent: a forwarder's (forwarder-backend-refused)
                .filter(x -> !x.closesEveryConnectionAtOnce());
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        Cause.Builder cause = Cause.builder(CauseId.CLOSED_WITHOUT_REPLY, Confidence.LIKELY, x.port())
                .evidence("evidence.closed-no-byte", x.endpoint(),
                        x.reply() == Reply.NOT_SENT ? "eof" : x.reply().id(), Exchanges.sentLabel(x), x.elapsedMs());
        x.tlsFollowUp().ifPresent(t -> cause.evidence("evidence.tls-follow-up-failed",
                t.problem().map(p -> p.id()).orElse("?")));
        ServerFingerprints.identify(x).ifPresent(cause::evidence);
        return Verdict.found(cause
                .fix("fix.check-server-protocol", x.port())
                .fix("fix.check-server-filter")
                .build());
    }
}
