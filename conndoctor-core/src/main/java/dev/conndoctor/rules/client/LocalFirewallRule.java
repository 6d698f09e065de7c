package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.firewall.FirewallEvaluator;
import java.util.List;
import java.util.Optional;

/**
 * local-firewall: this machine's own OUTPUT rules stop the connection. Confirmed when its
 * firewall, read, drops or rejects the port (a DROP looks like a remote timeout, a REJECT like a
 * refusal); likely from EPERM or EACCES on connect, which only a local filter or policy returns.
 */
public final class LocalFirewallRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.LOCAL_FIREWALL;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> failed = evidence.reach().failedAttempts().stream().findFirst();
        if (failed.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = failed.get();
        Optional<FirewallVerdict> blocking = evidence.local().firewall()
                .map(f -> FirewallEvaluator.verdicts(f.chains(), f.sources(), "output", attempt.port(),
                        Optional.of(attempt.address())))
                .orElse(List.of()).stream().filter(FirewallVerdict::blocks).findFirst();
        List<ConnectAttempt> denied = evidence.reach().attempts(ConnectOutcome.PERMISSION_DENIED);
        if (blocking.isEmpty() && denied.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt shown = denied.isEmpty() ? attempt : denied.get(0);
        Cause.Builder cause = Cause.builder(CauseId.LOCAL_FIREWALL,
                blocking.isPresent() ? Confidence.CONFIRMED : Confidence.LIKELY, shown.endpoint());
        if (!denied.isEmpty()) {
            cause.evidence("evidence.permission-denied", shown.endpoint(), shown.detail(), shown.elapsedMs());
        }
        blocking.ifPresent(v -> cause.evidence("evidence.local-firewall-rule", attempt.port(), v.decision().id(),
                v.describe()));
        return Verdict.found(cause
                .fix("fix.local-firewall.inspect", attempt.port())
                .fix("fix.local-firewall.allow", attempt.port())
                .build());
    }
}
