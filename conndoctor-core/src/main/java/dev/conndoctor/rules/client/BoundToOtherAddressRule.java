package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.net.Endpoints;
import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalListeners;
import java.util.Optional;

/**
 * bound-to-other-address: the port has a listener on this machine, but on a specific address
 * that is not the one dialled (and not the loopback-only case, which has its own rule).
 */
public final class BoundToOtherAddressRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.BOUND_TO_OTHER_ADDRESS;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> refused = LocalTargets.refused(evidence);
        Optional<LocalListeners> elsewhere = LocalTargets.listenersElsewhere(evidence);
        if (refused.isEmpty() || elsewhere.isEmpty()) {
            return Verdict.silent();
        }
        LocalListeners listeners = elsewhere.get();
        if (LocalTargets.onlyLoopback(listeners) && !listeners.dialled().isLoopbackAddress()) {
            return Verdict.silent(); // bound-to-loopback says it better
        }
        ConnectAttempt attempt = refused.get();
        String where = LocalTargets.describe(listeners);
        return Verdict.found(Cause.builder(CauseId.BOUND_TO_OTHER_ADDRESS, Confidence.CONFIRMED,
                        attempt.port(), Endpoints.text(attempt.address()))
                .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs())
                .evidence("evidence.listens-elsewhere", where, Endpoints.text(attempt.address()))
                .fix("fix.other-address.dial", where)
                .fix("fix.listen-all.workerman", attempt.port())
                .fix("fix.listen-all.others", attempt.port())
                .build());
    }
}
