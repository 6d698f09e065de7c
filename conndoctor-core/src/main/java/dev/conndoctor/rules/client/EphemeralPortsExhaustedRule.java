package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.TcpState;
import java.util.List;
import java.util.Optional;

/**
 * ephemeral-ports-exhausted: connect failed with EADDRNOTAVAIL because every local port of the
 * range already holds a socket to this destination. Confirmed when the sockets are counted.
 */
public final class EphemeralPortsExhaustedRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.EPHEMERAL_PORTS_EXHAUSTED;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<ConnectAttempt> failed = evidence.reach().attempts(ConnectOutcome.ADDRESS_UNAVAILABLE);
        if (failed.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = failed.get(0);
        Optional<PortUsage> usage = evidence.local().portUsage();
        boolean counted = usage.filter(u -> u.heldToDestination() >= u.rangeSize()).isPresent();
        Cause.Builder cause = Cause.builder(CauseId.EPHEMERAL_PORTS_EXHAUSTED,
                        counted ? Confidence.CONFIRMED : Confidence.LIKELY, attempt.endpoint())
                .evidence("evidence.address-unavailable", attempt.endpoint(), attempt.detail(), attempt.elapsedMs());
        usage.ifPresent(u -> cause
                .evidence("evidence.port-range", u.rangeLow(), u.rangeHigh(), u.rangeSize())
                .evidence("evidence.ports-held", u.heldToDestination(),
                        Endpoints.format(u.destination(), u.destinationPort()),
                        u.count(TcpState.ESTABLISHED), u.count(TcpState.TIME_WAIT),
                        u.heldToDestination() - u.count(TcpState.ESTABLISHED) - u.count(TcpState.TIME_WAIT))
                .evidence("evidence.tw-reuse", u.tcpTwReuse() < 0 ? "?" : u.tcpTwReuse(), u.timeWaitTotal()));
        if (usage.isEmpty()) {
            cause.evidence("evidence.port-range-unread");
        }
        return Verdict.found(cause
                .fix("fix.ephemeral.widen-range")
                .fix("fix.ephemeral.persist")
                .fix("fix.ephemeral.tw-reuse")
                .fix("fix.ephemeral.reuse-connections")
                .build());
    }
}
