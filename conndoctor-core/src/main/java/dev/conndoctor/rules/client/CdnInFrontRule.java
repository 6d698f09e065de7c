package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.Evidence;
import java.util.List;
import java.util.Optional;

/**
 * cdn-in-front: the client reaches a CDN edge, not the server. Likely when the edge's range
 * does not forward the target's port (Cloudflare proxies only its listed HTTP and HTTPS
 * ports); possible when a CDN is seen and the connection fails anyway.
 */
public final class CdnInFrontRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.CDN_IN_FRONT;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<CdnSighting> sightings = evidence.path().cdn();
        if (sightings.isEmpty()) {
            return Verdict.silent();
        }
        int port = evidence.target().port();
        Optional<CdnSighting> notForwarded = sightings.stream()
                .filter(s -> s.portForwarded().filter(forwarded -> !forwarded).isPresent()).findFirst();
        CdnSighting first = notForwarded.orElse(sightings.get(0));
        Cause.Builder cause = Cause.builder(CauseId.CDN_IN_FRONT,
                notForwarded.isPresent() ? Confidence.LIKELY : Confidence.POSSIBLE, first.provider());
        for (CdnSighting s : sightings) {
            String key = switch (s.how()) {
                case "range" -> "evidence.cdn-range";
                case "cname" -> "evidence.cdn-cname";
                default -> "evidence.cdn-header";
            };
            cause.evidence(key, s.provider(), s.what());
        }
        notForwarded.ifPresent(s -> cause.evidence("evidence.cdn-port-not-forwarded", s.provider(), port,
                s.forwardedPorts()));
        return Verdict.found(cause
                .fix("fix.cdn.origin-name", evidence.target().host())
                .fix("fix.cdn.forwarded-port", first.provider(), first.forwardedPorts())
                .fix("fix.cdn.dns-only", evidence.target().host())
                .build());
    }
}
