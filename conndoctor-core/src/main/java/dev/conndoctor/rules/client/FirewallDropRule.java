package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import java.util.Optional;

/**
 * firewall-drop: the port stays silent while other ports of the same host answer, so the
 * machine is up and something between drops the packets of this port. From the client alone
 * it cannot say whose firewall: the server's, a cloud security group or a hosting panel.
 */
public final class FirewallDropRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.FIREWALL_DROP;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> timedOut = evidence.reach().attempts(ConnectOutcome.TIMEOUT).stream().findFirst();
        if (timedOut.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = timedOut.get();
        Optional<HostLiveness> liveness = evidence.reach().livenessOf(attempt.address());
        Cause.Builder cause;
        if (liveness.filter(HostLiveness::isUp).isPresent()) {
            ConnectAttempt up = liveness.get().answering().get(0);
            cause = Cause.builder(CauseId.FIREWALL_DROP, Confidence.LIKELY, attempt.port())
                    .evidence("evidence.timeout", attempt.endpoint(), evidence.timeout().toMillis())
                    .evidence("evidence.host-up", up.endpoint(), up.outcome().id(), up.elapsedMs());
        } else if (liveness.filter(HostLiveness::noneAnswered).isPresent()) {
            // a firewall that drops every port looks exactly like a machine that is off
            cause = Cause.builder(CauseId.FIREWALL_DROP, Confidence.POSSIBLE, attempt.port())
                    .evidence("evidence.drop-everything-looks-down");
        } else {
            cause = Cause.builder(CauseId.FIREWALL_DROP, Confidence.POSSIBLE, attempt.port())
                    .evidence("evidence.timeout", attempt.endpoint(), evidence.timeout().toMillis());
        }
        return Verdict.found(FirewallRejectRule.openPortFixes(cause, attempt.port()).build());
    }
}
