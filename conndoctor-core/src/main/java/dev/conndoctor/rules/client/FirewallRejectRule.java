package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import java.util.Optional;

/**
 * firewall-reject: an ICMP "host unreachable" or "prohibited" came back within a round trip,
 * too fast to be a lost host, so a firewall or router rejected the connection. A refused port
 * may also be a REJECT rule (tcp-reset or icmp-port-unreachable): from the client the two
 * cannot be told apart, and the cause is only offered as possible then.
 */
public final class FirewallRejectRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.FIREWALL_REJECT;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> fastIcmp = evidence.reach().attempts().stream()
                .filter(a -> a.outcome() == ConnectOutcome.HOST_UNREACHABLE
                        || a.outcome() == ConnectOutcome.NET_UNREACHABLE && hasRoute(evidence, a))
                .filter(a -> a.elapsedMs() <= Timings.ICMP_REPLY_MAX_MS)
                .findFirst();
        if (fastIcmp.isPresent()) {
            ConnectAttempt attempt = fastIcmp.get();
            Cause.Builder cause = Cause.builder(CauseId.FIREWALL_REJECT, Confidence.LIKELY, attempt.port())
                    .evidence("evidence.icmp-fast", attempt.endpoint(), attempt.detail(), attempt.elapsedMs(),
                            Timings.ICMP_REPLY_MAX_MS);
            evidence.reach().livenessOf(attempt.address())
                    .flatMap(l -> l.answering().stream().findFirst())
                    .ifPresent(up -> cause.evidence("evidence.host-up", up.endpoint(), up.outcome().id(),
                            up.elapsedMs()));
            return Verdict.found(openPortFixes(cause, attempt.port()).build());
        }
        Optional<ConnectAttempt> refused = LocalTargets.refused(evidence);
        if (refused.isPresent() && evidence.local().listeners().isEmpty()) {
            ConnectAttempt attempt = refused.get();
            return Verdict.found(openPortFixes(Cause.builder(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE, attempt.port())
                    .evidence("evidence.reject-looks-refused"), attempt.port()).build());
        }
        return Verdict.silent();
    }

    /** The steps that find and open a blocking rule on the server, shared with the drop rule. */
    static Cause.Builder openPortFixes(Cause.Builder cause, int port) {
        return cause.fix("fix.firewall.inspect", port)
                .fix("fix.firewall.open", port)
                .fix("fix.firewall.cloud", port)
                .fix("fix.firewall.panel", port);
    }

    private static boolean hasRoute(Evidence evidence, ConnectAttempt attempt) {
        return evidence.local().routing().flatMap(r -> r.lookup(attempt.address())).isPresent();
    }
}
