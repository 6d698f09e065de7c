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
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import java.util.List;
import java.util.Optional;

/**
 * no-route: "Network is unreachable". Confirmed when this machine's routing table has no route
 * for the address (the kernel refused before any packet left); likely when a route exists and
 * the refusal must have come from a router on the way.
 */
public final class NoRouteRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.NO_ROUTE;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<ConnectAttempt> unreachable = evidence.reach().attempts(ConnectOutcome.NET_UNREACHABLE);
        if (unreachable.isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = unreachable.get(0);
        String address = Endpoints.text(attempt.address());
        Optional<Routing> routing = evidence.local().routing().filter(r -> r.knowsRoutesFor(attempt.address()));
        Optional<Route> route = routing.flatMap(r -> r.lookup(attempt.address()));
        Cause.Builder cause;
        if (routing.isPresent() && route.isEmpty()) {
            cause = Cause.builder(CauseId.NO_ROUTE, Confidence.CONFIRMED, address)
                    .evidence("evidence.net-unreachable", attempt.endpoint(), attempt.detail(), attempt.elapsedMs())
                    .evidence("evidence.no-route-here", address);
        } else {
            cause = Cause.builder(CauseId.NO_ROUTE, Confidence.LIKELY, address)
                    .evidence("evidence.net-unreachable", attempt.endpoint(), attempt.detail(), attempt.elapsedMs());
            route.ifPresent(r -> cause.evidence("evidence.route-exists", address, r.destination(),
                    r.gateway().map(Endpoints::text).orElse("-"), r.device()));
        }
        return Verdict.found(cause
                .fix("fix.no-route.check-address", address)
                .fix("fix.no-route.show-route", address)
                .build());
    }
}
