package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.Silence;
import java.util.Locale;
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
        Optional<Silence> silence = evidence.reach().silenceOf(attempt);
        if (liveness.filter(HostLiveness::isUp).isPresent()) {
            ConnectAttempt up = liveness.get().answering().get(0);
            // silence judged early is as strong as a whole timeout only with enough attempts past the retransmission
            boolean strong = silence.map(Silence::conclusive).orElse(true);
            cause = Cause.builder(CauseId.FIREWALL_DROP, strong ? Confidence.LIKELY : Confidence.POSSIBLE, attempt.port());
            cause.evidence(silenceOrTimeout(evidence, attempt));
            cause.evidence("evidence.host-up", up.endpoint(), up.outcome().id(), up.elapsedMs());
        } else if (silence.filter(Silence::byNeighbour).isPresent()) {
            // the host answered neighbour discovery while this port stayed silent: it is up, and drops the port
            cause = Cause.builder(CauseId.FIREWALL_DROP,
                    silence.get().conclusive() ? Confidence.LIKELY : Confidence.POSSIBLE, attempt.port());
            cause.evidence(silenceOrTimeout(evidence, attempt));
        } else if (liveness.filter(HostLiveness::noneAnswered).isPresent()) {
            // a firewall that drops every port looks exactly like a machine that is off
            cause = Cause.builder(CauseId.FIREWALL_DROP, Confidence.POSSIBLE, attempt.port())
                    .evidence("evidence.drop-everything-looks-down");
        } else {
            cause = Cause.builder(CauseId.FIREWALL_DROP, Confidence.POSSIBLE, attempt.port())
                    .evidence(silenceOrTimeout(evidence, attempt));
        }
        return Verdict.found(FirewallRejectRule.openPortFixes(cause, attempt.port()).build());
    }

    /**
     * The line that says the port was silent: how its silence was judged before the timeout
     * (attempts, the host's round trip, the wait), or that it lasted the whole timeout.
     */
    static Text silenceOrTimeout(Evidence evidence, ConnectAttempt attempt) {
        Optional<Silence> silence = evidence.reach().silenceOf(attempt);
        if (silence.isPresent()) {
            Silence s = silence.get();
            return Text.of("evidence.silence", s.endpoint(), s.attempts(), s.waited().toMillis(),
                    String.format(Locale.ROOT, "%.2f", s.rttMillis()),
                    s.byNeighbour() ? Text.of("evidence.rtt-from.neighbour") : Text.of("evidence.rtt-from.port", s.rttPort()),
                    s.retransmit().toMillis(),
                    evidence.timeout().toMillis());
        }
        return Text.of("evidence.timeout", attempt.endpoint(), evidence.timeout().toMillis());
    }
}
