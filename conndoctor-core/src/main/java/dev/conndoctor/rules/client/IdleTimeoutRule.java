package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Text;
import dev.conndoctor.describe.Exchanges;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * idle-timeout ({@code --hold}): the server's side closed the connection after N seconds with
 * nothing crossing it. Likely when the whole session was silent, when N matches a known default
 * ({@link IdleTimeouts}) or when the upgrade's answer names the proxy that closes (nginx); possible
 * when pings were flowing and a silence of N seconds only came between them. Also possible when a
 * silent hold's closing ping met a reset or no pong at all: a NAT or load balancer that forgot the
 * flow without a word. A silent hold that lasted rules it out, up to its length.
 */
public final class IdleTimeoutRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.IDLE_TIMEOUT;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        if (evidence.lifetime().isEmpty()) {
            return Verdict.silent();
        }
        Lifetime l = evidence.lifetime().get();
        LifetimeOutcome outcome = LifetimeOutcome.of(l);
        boolean silentThenDropped = outcome == LifetimeOutcome.PING_UNANSWERED && l.silent() && l.pingsSent() == 1
                && l.idleBeforeCloseMs() >= LifetimeOutcome.IDLE_MIN_MS;
        if (outcome == LifetimeOutcome.HELD && l.silent() && l.pingsSent() <= 1) {
            return Verdict.ruledOut(CauseId.IDLE_TIMEOUT, "ruled-out.idle-held", Holds.seconds(l.heldMs()));
        }
        if (outcome != LifetimeOutcome.IDLE_TIMEOUT && !silentThenDropped) {
            return Verdict.silent();
        }
        long idle = l.idleBeforeCloseMs();
        List<IdleTimeouts.Known> matches = IdleTimeouts.matching(idle, l.heldMs());
        Optional<String> server = Holds.server(evidence);
        boolean nginx = server.filter(s -> s.contains("nginx")).isPresent();
        // a session that carried nothing at all closed exactly when its silence reached N
        boolean wholeSessionSilent = l.pingsSent() <= 1 && l.silent();
        Confidence confidence = silentThenDropped ? Confidence.POSSIBLE
                : wholeSessionSilent || !matches.isEmpty() || nginx ? Confidence.LIKELY : Confidence.POSSIBLE;
        Cause.Builder cause;
        if (silentThenDropped) {
            cause = Cause.builderWithSummary(CauseId.IDLE_TIMEOUT, confidence, "cause.idle-timeout.dropped.summary",
                            Holds.seconds(idle))
                    .evidence("evidence.idle-then-unanswered", Holds.seconds(idle), l.pingsSent(),
                            evidence.timeout().toMillis());
        } else {
            cause = Cause.builder(CauseId.IDLE_TIMEOUT, confidence, Holds.seconds(idle))
                    .evidence("evidence.idle-closed", Holds.seconds(idle), Holds.how(l),
                            Holds.seconds(l.closedAfterMs().orElse(l.heldMs())));
            if (l.how() == Lifetime.How.RESET) {
                cause.evidence("evidence.idle-reset");
            }
            l.closeCode().ifPresent(code -> cause.evidence("evidence.idle-close-code", code,
                    Exchanges.shown(l.closeReason())));
            if (!wholeSessionSilent) {
                cause.evidence("evidence.idle-between-pings", l.pingsSent(), l.pongsReceived(),
                        l.pingEvery().toMillis());
            }
        }
        for (IdleTimeouts.Known known : matches) {
            cause.evidence("evidence.idle-matches", Holds.seconds(idle), known.seconds(),
                    Text.of("idle.known." + known.id()));
        }
        if (matches.isEmpty() && !silentThenDropped) {
            cause.evidence("evidence.idle-matches-none", Holds.seconds(idle));
        }
        if (nginx) {
            cause.evidence("evidence.idle-nginx", Exchanges.shown(Holds.serverAsSent(evidence)));
        }
        if (silentThenDropped || matches.stream().anyMatch(IdleTimeouts.Known::silentDrop)) {
            cause.evidence("evidence.idle-silent-drop");
        }

        long seconds = Holds.wholeSeconds(idle);
        long pingEvery = Math.max(1, seconds / 2);
        cause.fix("fix.idle.ping", seconds, evidence.target().input(), Math.max(seconds * 2, seconds + 10), pingEvery);
        if (nginx || matches.stream().anyMatch(k -> k.id().equals("nginx"))) {
            cause.fix("fix.idle.nginx");
        }
        for (IdleTimeouts.Known known : matches) {
            if (!known.id().equals("nginx")) {
                cause.fix("idle.fix." + known.id());
            }
        }
        if (!nginx && matches.isEmpty()) {
            cause.fix("fix.idle.find");
        }
        cause.fix("fix.idle.workerman");
        return Verdict.found(cause.build());
    }
}
