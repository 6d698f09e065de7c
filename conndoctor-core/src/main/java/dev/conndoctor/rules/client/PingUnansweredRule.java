package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

/**
 * ping-unanswered ({@code --hold}): the WebSocket upgrade worked and the connection stays open,
 * but a ping got no pong within one timeout. Likely; possible when the one ping was the last word
 * of a silent hold, where a flow forgotten by a NAT swallows it as well (idle-timeout says so).
 */
public final class PingUnansweredRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.PING_UNANSWERED;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        if (evidence.lifetime().isEmpty() || !evidence.target().scheme().isWebSocket()) {
            return Verdict.silent();
        }
        Lifetime l = evidence.lifetime().get();
        LifetimeOutcome outcome = LifetimeOutcome.of(l);
        if (outcome == LifetimeOutcome.HELD && l.pingsSent() > 0) {
            return Verdict.ruledOut(CauseId.PING_UNANSWERED, "ruled-out.pings-answered", l.pingsSent(),
                    Holds.seconds(l.heldMs()));
        }
        if (outcome != LifetimeOutcome.PING_UNANSWERED) {
            return Verdict.silent();
        }
        boolean onlyTheLastWord = l.silent() && l.pingsSent() == 1;
        Cause.Builder cause = Cause.builder(CauseId.PING_UNANSWERED,
                        onlyTheLastWord ? Confidence.POSSIBLE : Confidence.LIKELY, evidence.timeout().toMillis())
                .evidence("evidence.pings-unanswered", l.pingsSent(), l.pongsReceived(), Holds.seconds(l.heldMs()),
                        evidence.timeout().toMillis());
        boolean firstUnanswered = evidence.exchange().flatMap(ProtocolExchange::pingAnswered).filter(a -> !a)
                .isPresent();
        if (firstUnanswered) {
            cause.evidence("evidence.first-ping-unanswered");
        }
        return Verdict.found(cause
                .fix("fix.ping.server")
                .fix("fix.ping.proxy")
                .fix("fix.ping.client")
                .build());
    }
}
