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
 * server-not-listening: the host answered with a reset, so it is up and nothing accepted on
 * the port. Confirmed when this machine's socket table shows no listener on the port at all.
 */
public final class ServerNotListeningRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.SERVER_NOT_LISTENING;
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
            if (facts.get().listening()) {
                return Verdict.ruledOut(CauseId.SERVER_NOT_LISTENING, "ruled-out.server-report-listens", attempt.port(),
                        ServerReportRules.listenText(facts.get()));
            }
            return Verdict.found(Cause.builder(CauseId.SERVER_NOT_LISTENING, Confidence.CONFIRMED, attempt.port())
                    .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs())
                    .evidence("evidence.server-report-no-listener", attempt.port())
                    .fix("fix.not-listening.start", attempt.port())
                    .fix("fix.not-listening.port", attempt.port())
                    .build());
        }
        Optional<LocalListeners> local = evidence.local().listeners();
        if (local.isPresent() && !local.get().listeners().isEmpty()) {
            return Verdict.ruledOut(CauseId.SERVER_NOT_LISTENING, "ruled-out.someone-listens",
                    LocalTargets.describe(local.get()));
        }
        Cause.Builder cause = Cause.builder(CauseId.SERVER_NOT_LISTENING,
                        local.isPresent() ? Confidence.CONFIRMED : Confidence.LIKELY, attempt.port())
                .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs());
        if (local.isPresent()) {
            cause.evidence("evidence.no-listener-here", attempt.port());
        } else {
            cause.evidence("evidence.reject-looks-refused");
        }
        return Verdict.found(cause
                .fix("fix.not-listening.start", attempt.port())
                .fix("fix.not-listening.check", attempt.port())
                .fix("fix.not-listening.port", attempt.port())
                .build());
    }
}
