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
import java.util.Optional;
import java.util.Set;

/** Shared shape of the rules for a WebSocket upgrade answered with a telling HTTP status. */
abstract class WebSocketStatusRule implements Rule<Evidence> {

    /** The statuses of the upgrade's answer that this rule explains. */
    abstract Set<Integer> statuses();

    @Override
    public final Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.WSS))
                .filter(x -> statuses().contains(x.status()));
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        return Verdict.found(fixes(Exchanges.exchangeLines(
                Cause.builder(cause(), Confidence.LIKELY, evidence.target().path(), x.status()), x), x).build());
    }

    abstract Cause.Builder fixes(Cause.Builder cause, ProtocolExchange x);
}
