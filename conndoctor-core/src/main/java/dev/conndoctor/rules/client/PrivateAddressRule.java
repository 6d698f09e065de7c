package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.net.Endpoints;
import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.net.AddressClass;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import java.util.Optional;

/**
 * private-address: the client dials an internal address (10/8, 172.16/12, 192.168/16, CGNAT,
 * link-local, unique-local) of a network it is not part of, so the packets go nowhere or to
 * another network's machine. Ruled out when this machine sits on that very subnet.
 */
public final class PrivateAddressRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.PRIVATE_ADDRESS;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<Routing> routing = evidence.local().routing();
        for (ConnectAttempt attempt : evidence.reach().failedAttempts()) {
            AddressClass kind = evidence.reach().classOf(attempt.address());
            boolean silentOrUnreachable = attempt.outcome() == ConnectOutcome.TIMEOUT
                    || attempt.outcome() == ConnectOutcome.HOST_UNREACHABLE
                    || attempt.outcome() == ConnectOutcome.NET_UNREACHABLE;
            if (!kind.isInternal() || !silentOrUnreachable || routing.isEmpty()) {
                continue;
            }
            String address = Endpoints.text(attempt.address());
            Optional<LocalInterface> attached = routing.get().attachedSubnet(attempt.address());
            if (attached.isPresent()) {
                return Verdict.ruledOut(CauseId.PRIVATE_ADDRESS, "ruled-out.same-subnet", address,
                        attached.get().subnet(), attached.get().name());
            }
            if (evidence.reach().livenessOf(attempt.address()).filter(l -> l.isUp()).isPresent()) {
                return Verdict.ruledOut(CauseId.PRIVATE_ADDRESS, "ruled-out.private-reachable", address);
            }
            Optional<Route> route = routing.get().lookup(attempt.address());
            Cause.Builder cause = Cause.builder(CauseId.PRIVATE_ADDRESS, Confidence.LIKELY, address)
                    .evidence("evidence.internal-address", address, kind.id())
                    .evidence("evidence.no-interface-in-subnet", address);
            route.ifPresentOrElse(
                    r -> cause.evidence("evidence.route-via", address, r.destination(),
                            r.gateway().map(Endpoints::text).orElse("-"), r.device()),
                    () -> {
                        if (routing.get().knowsRoutesFor(attempt.address())) {
                            cause.evidence("evidence.no-route-here", address);
                        }
                    });
            return Verdict.found(cause
                    .fix("fix.private.public-address")
                    .fix("fix.private.join-network")
                    .build());
        }
        return Verdict.silent();
    }
}
