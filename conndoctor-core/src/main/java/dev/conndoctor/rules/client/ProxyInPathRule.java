package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.ProxyPath;
import java.util.Optional;

/**
 * proxy-in-path: a typical client here goes through a proxy, and the proxy fails: it cannot be
 * reached, or it refuses the tunnel to this port. Confirmed when the direct path works, so the
 * proxy is the difference.
 */
public final class ProxyInPathRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.PROXY_IN_PATH;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProxyPath> path = evidence.path().proxy();
        Optional<ProxyAttempt> failed = path.flatMap(ProxyPath::attempt).filter(a -> !a.opened());
        if (failed.isEmpty()) {
            return Verdict.silent();
        }
        ProxyAttempt attempt = failed.get();
        boolean directWorks = evidence.reach().anyConnected();
        Cause.Builder cause = Cause.builder(CauseId.PROXY_IN_PATH, directWorks ? Confidence.CONFIRMED : Confidence.LIKELY,
                        attempt.proxy().text())
                .evidence("evidence.proxy-chosen", attempt.proxy().text(), path.get().decision().variable(),
                        evidence.target().authority())
                .evidence(resultKey(attempt.result()), attempt.proxy().text(), attempt.detail(), attempt.elapsedMs());
        if (directWorks) {
            cause.evidence("evidence.direct-works", evidence.target().authority());
        }
        return Verdict.found(cause
                .fix("fix.proxy.no-proxy", evidence.target().host())
                .fix("fix.proxy.allow-port", evidence.target().port())
                .fix(path.get().decision().variable().startsWith("--") ? "fix.proxy.other" : "fix.proxy.unset",
                        path.get().decision().variable())
                .build());
    }

    private static String resultKey(ProxyAttempt.Result result) {
        return switch (result) {
            case PROXY_UNREACHABLE -> "evidence.proxy-proxy-unreachable";
            case TUNNEL_REFUSED -> "evidence.proxy-tunnel-refused";
            case PROXY_SILENT -> "evidence.proxy-proxy-silent";
            case TUNNEL_OPEN -> "evidence.proxy-tunnel-open";
        };
    }
}
