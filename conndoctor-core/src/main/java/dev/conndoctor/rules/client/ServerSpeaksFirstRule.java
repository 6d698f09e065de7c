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
import java.util.Optional;
import java.util.Set;

/**
 * server-speaks-first: the server sent bytes before the client's handshake (SSH, SMTP, a TCP
 * gateway's greeting): an HTTP or WebSocket client reads them as a broken answer.
 */
public final class ServerSpeaksFirstRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.SERVER_SPEAKS_FIRST;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence,
                Set.of(Scheme.WS, Scheme.WSS, Scheme.HTTP, Scheme.HTTPS)).filter(x -> x.banner().isPresent());
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        Cause.Builder cause = Cause.builder(CauseId.SERVER_SPEAKS_FIRST, Confidence.LIKELY, x.port())
                .evidence("evidence.banner", x.endpoint(), x.banner().get().label(), x.banner().get().speech().id())
                .evidence("evidence.answer-preview", x.banner().get().preview());
        ServerFingerprints.identify(x).ifPresent(cause::evidence);
        return Verdict.found(cause
                .fix("fix.client-use-raw", x.port())
                .fix("fix.listen-websocket", x.port())
                .build());
    }
}
