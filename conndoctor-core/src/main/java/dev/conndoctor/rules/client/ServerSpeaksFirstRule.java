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
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * server-speaks-first: the server sent bytes before the client's handshake (SSH, SMTP, a TCP
 * gateway's greeting): an HTTP or WebSocket client reads them as a broken answer. A text client
 * may be greeted by its own server; a greeting followed by no answer to the client's line (a
 * close, a reset, silence) is another protocol's server, an SSH daemon or a mail server.
 */
public final class ServerSpeaksFirstRule implements Rule<Evidence> {

    /** What a text client gets when its line went unanswered. */
    private static final Set<Reply> UNANSWERED = EnumSet.of(Reply.EOF, Reply.RESET, Reply.SILENT);

    @Override
    public CauseId cause() {
        return CauseId.SERVER_SPEAKS_FIRST;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                        Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS, Scheme.TEXT))
                .filter(x -> x.banner().isPresent())
                .filter(x -> x.scheme() != Scheme.TEXT || UNANSWERED.contains(x.reply()));
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        boolean text = x.scheme() == Scheme.TEXT;
        Cause.Builder cause = (text
                ? Cause.builderWithSummary(CauseId.SERVER_SPEAKS_FIRST, Confidence.LIKELY,
                        "cause.server-speaks-first.text.summary", x.port())
                : Cause.builder(CauseId.SERVER_SPEAKS_FIRST, Confidence.LIKELY, x.port()))
                .evidence("evidence.banner", x.endpoint(), x.banner().get().label(), x.banner().get().speech().id())
                .evidence("evidence.answer-preview", x.banner().get().preview());
        ServerFingerprints.identify(x).ifPresent(cause::evidence);
        if (text) {
            return Verdict.found(cause
                    .fix("fix.check-server-protocol", x.port())
                    .fix("fix.not-listening.port")
                    .build());
        }
        return Verdict.found(cause
                .fix("fix.client-use-raw", x.port())
                .fix("fix.listen-websocket", x.port())
                .build());
    }
}
