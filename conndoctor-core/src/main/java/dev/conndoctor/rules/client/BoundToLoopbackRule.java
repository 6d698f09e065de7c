package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.config.ServerFacts;
import java.util.Optional;

/**
 * bound-to-loopback: the server listens on 127.0.0.1 or ::1 only, so every client that dials
 * another address of the machine is refused. Confirmed from this machine's socket table; a
 * possibility for any refused remote target.
 */
public final class BoundToLoopbackRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.BOUND_TO_LOOPBACK;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> refused = LocalTargets.refused(evidence);
        if (refused.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = refused.get();
        Optional<ServerFacts> facts = evidence.serverFacts();
        if (facts.isPresent() && evidence.local().listeners().isEmpty()) {
            if (!facts.get().loopbackOnly() || attempt.address().isLoopbackAddress()) {
                return Verdict.silent();
            }
            return Verdict.found(fixes(Cause.builder(CauseId.BOUND_TO_LOOPBACK, Confidence.CONFIRMED, attempt.port())
                    .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs())
                    .evidence("evidence.server-report-listeners", attempt.port(), ServerReportRules.listenText(facts.get())),
                    attempt).build());
        }
        Optional<LocalListeners> local = evidence.local().listeners();
        if (local.isPresent()) {
            LocalListeners listeners = local.get();
            if (listeners.listeners().isEmpty()) {
                return Verdict.ruledOut(CauseId.BOUND_TO_LOOPBACK, "ruled-out.no-listener-anywhere", attempt.port());
            }
            if (listeners.acceptsDialled() || !LocalTargets.onlyLoopback(listeners)
                    || listeners.dialled().isLoopbackAddress()) {
                return Verdict.silent();
            }
            return Verdict.found(fixes(Cause.builder(CauseId.BOUND_TO_LOOPBACK, Confidence.CONFIRMED, attempt.port())
                    .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs())
                    .evidence("evidence.listens-on-loopback-only", LocalTargets.describe(listeners), attempt.port()),
                    attempt).build());
        }
        return Verdict.found(fixes(Cause.builder(CauseId.BOUND_TO_LOOPBACK, Confidence.POSSIBLE, attempt.port())
                .evidence("evidence.loopback-looks-refused", attempt.endpoint()), attempt).build());
    }

    private static Cause.Builder fixes(Cause.Builder cause, ConnectAttempt attempt) {
        return cause.fix("fix.listen-all.check", attempt.port())
                .fix("fix.listen-all.workerman", attempt.port())
                .fix("fix.listen-all.others", attempt.port());
    }
}
