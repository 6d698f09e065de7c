package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.net.Endpoints;
import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.Silence;
import java.util.Optional;

/**
 * host-down: no machine answers at the address. Shown by neighbour discovery giving up
 * ("No route to host" after about 3 s) or by every usual port staying silent as well.
 * Ruled out as soon as any port of the host answers, or the host answers neighbour discovery
 * (ARP) during the round.
 */
public final class HostDownRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.HOST_DOWN;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        for (ConnectAttempt attempt : evidence.reach().failedAttempts()) {
            Optional<HostLiveness> liveness = evidence.reach().livenessOf(attempt.address());
            if (liveness.filter(HostLiveness::isUp).isPresent()) {
                ConnectAttempt up = liveness.get().answering().get(0);
                return Verdict.ruledOut(CauseId.HOST_DOWN, "ruled-out.host-answered", up.endpoint(), up.outcome().id());
            }
            Optional<Silence> silence = evidence.reach().silenceOf(attempt).filter(Silence::byNeighbour);
            if (silence.isPresent()) {
                return Verdict.ruledOut(CauseId.HOST_DOWN, "ruled-out.host-answered-neighbour",
                        Endpoints.text(attempt.address()));
            }
            String address = Endpoints.text(attempt.address());
            boolean neighbourGaveUp = attempt.outcome() == ConnectOutcome.HOST_UNREACHABLE
                    && attempt.elapsedMs() >= Timings.NEIGHBOUR_GIVE_UP_MIN_MS;
            boolean allSilent = (attempt.outcome() == ConnectOutcome.TIMEOUT || neighbourGaveUp)
                    && liveness.filter(HostLiveness::noneAnswered).isPresent();
            if (!neighbourGaveUp && !allSilent) {
                continue;
            }
            Cause.Builder cause = Cause.builder(CauseId.HOST_DOWN, Confidence.LIKELY, address);
            if (neighbourGaveUp) {
                Optional<LocalInterface> attached = evidence.local().routing().flatMap(r -> r.attachedSubnet(attempt.address()));
                cause.evidence("evidence.neighbour-gave-up", attempt.endpoint(), attempt.detail(), attempt.elapsedMs());
                attached.ifPresent(i -> cause.evidence("evidence.on-attached-network", address, i.subnet(), i.name()));
            } else {
                cause.evidence("evidence.timeout", attempt.endpoint(), evidence.timeout().toMillis());
            }
            liveness.ifPresent(l -> cause.evidence("evidence.usual-ports-silent", l.attempts().size(),
                    l.attempts().stream().map(a -> String.valueOf(a.port())).distinct()
                            .collect(java.util.stream.Collectors.joining(", "))));
            if (!neighbourGaveUp) {
                // silence is the only proof here, and a firewall dropping everything gives the same
                cause.evidence("evidence.drop-everything-looks-down");
            }
            return Verdict.found(cause
                    .fix("fix.host-down.power", address)
                    .fix("fix.host-down.address", address)
                    .build());
        }
        return Verdict.silent();
    }
}
