package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import java.util.List;

/**
 * local-firewall: connect failed with EPERM or EACCES, which the kernel returns when this
 * machine's own packet filter (an OUTPUT rule) or a security policy refuses the packet.
 */
public final class LocalFirewallRule implements Rule {

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<ConnectAttempt> denied = evidence.attempts(ConnectOutcome.PERMISSION_DENIED);
        if (denied.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = denied.get(0);
        return Verdict.found(Cause.builder(CauseId.LOCAL_FIREWALL, Confidence.LIKELY, attempt.endpoint())
                .evidence("evidence.permission-denied", attempt.endpoint(), attempt.detail(), attempt.elapsedMs())
                .fix("fix.local-firewall.inspect", attempt.port())
                .fix("fix.local-firewall.allow", attempt.port())
                .build());
    }
}
