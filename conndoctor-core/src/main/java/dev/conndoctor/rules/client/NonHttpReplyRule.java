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
import dev.conndoctor.protocol.Speech;
import java.util.Optional;
import java.util.Set;

/**
 * non-http-reply: the server answered the HTTP or WebSocket handshake with something that is
 * not HTTP (a text line, binary, an SSH banner): Chromium's {@code ERR_INVALID_HTTP_RESPONSE}.
 */
public final class NonHttpReplyRule implements Rule<Evidence> {
    private static final Set<Speech> NOT_HTTP = Set.of(Speech.TEXT, Speech.BINARY, Speech.SSH);

    @Override
    public CauseId cause() {
        return CauseId.NON_HTTP_REPLY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                        Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS))
                .filter(x -> x.reply() == Reply.DATA && x.sniffed().filter(s -> NOT_HTTP.contains(s.speech())).isPresent());
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        String speech = x.sniffed().get().speech().id();
        return Verdict.found(Exchanges.exchangeLines(Cause.builder(CauseId.NON_HTTP_REPLY, Confidence.LIKELY,
                        x.port(), speech), x)
                .fix("fix.listen-websocket", x.port())
                .fix("fix.client-use-raw", x.port())
                .build());
    }
}
