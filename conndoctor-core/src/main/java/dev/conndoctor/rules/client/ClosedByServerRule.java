package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Text;
import dev.conndoctor.describe.Exchanges;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.protocol.CloseCodes;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

/**
 * closed-by-server ({@code --hold}): the server's side ended a session that was in use. Confirmed
 * by a close frame whose code says why (RFC 6455 §7.4, the IANA registry), with the code's meaning
 * and fix; likely for a FIN with no idle period before it (what clients report as 1006), and for a
 * reset mid-session, the outcome of its own: traffic flowed until the reset, so no timer ended it.
 */
public final class ClosedByServerRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.CLOSED_BY_SERVER;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        if (evidence.lifetime().isEmpty()) {
            return Verdict.silent();
        }
        Lifetime l = evidence.lifetime().get();
        LifetimeOutcome outcome = LifetimeOutcome.of(l);
        String after = Holds.seconds(l.closedAfterMs().orElse(l.heldMs()));
        if (outcome == LifetimeOutcome.RESET_MID_SESSION) {
            return Verdict.found(Cause.builderWithSummary(CauseId.CLOSED_BY_SERVER, Confidence.LIKELY,
                            "cause.closed-by-server.reset.summary", after, l.idleBeforeCloseMs())
                    .evidence("evidence.reset-mid-session", after, l.idleBeforeCloseMs(), l.pingsSent(),
                            l.pongsReceived(), l.framesReceived())
                    .fix("fix.reset.server")
                    .fix("fix.reset.path")
                    .fix("fix.reconnect")
                    .build());
        }
        if (outcome != LifetimeOutcome.CLOSED_BY_SERVER) {
            return Verdict.silent();
        }
        if (l.closeCode().isPresent()) {
            int code = l.closeCode().getAsInt();
            CloseCodes.Kind kind = CloseCodes.kind(code);
            return Verdict.found(Cause.builder(CauseId.CLOSED_BY_SERVER, Confidence.CONFIRMED, after, code,
                            Text.of("close.title." + kind.id()))
                    .evidence("evidence.close-frame", code, Exchanges.shown(l.closeReason()), after,
                            l.idleBeforeCloseMs())
                    .evidence("close.means." + kind.id(), code)
                    .fix("close.fix." + kind.id(), code)
                    .fix("fix.reconnect")
                    .build());
        }
        boolean websocket = evidence.target().scheme().isWebSocket();
        Cause.Builder cause = Cause.builderWithSummary(CauseId.CLOSED_BY_SERVER, Confidence.LIKELY,
                        websocket ? (l.how() == Lifetime.How.CLOSE_FRAME ? "cause.closed-by-server.no-code.summary"
                                : "cause.closed-by-server.fin.summary") : "cause.closed-by-server.tcp.summary", after)
                .evidence("evidence.closed-in-use", Holds.how(l), after, l.idleBeforeCloseMs(), l.pingsSent(),
                        l.pongsReceived());
        if (websocket && l.how() == Lifetime.How.FIN) {
            cause.evidence("evidence.close-1006");
        }
        return Verdict.found(cause
                .fix("fix.close.server-log")
                .fix("fix.reconnect")
                .build());
    }
}
