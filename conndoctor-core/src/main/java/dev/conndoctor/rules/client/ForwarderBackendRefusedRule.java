package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ClosedOnAccept;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.Optional;

/**
 * forwarder-backend-refused: the port accepts and then closes every connection within
 * milliseconds, with zero bytes, though the client sent nothing. A server waits for its client
 * to speak; a forwarder (docker-proxy, a TCP load balancer, {@code kubectl port-forward},
 * {@code ssh -L}) accepts first and dials its backend second, and closes when that backend
 * refuses. Likely: a server that closes every connection on accept (a TCP wrapper's deny list,
 * a connection limit) looks the same.
 */
public final class ForwarderBackendRefusedRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.FORWARDER_BACKEND_REFUSED;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ProtocolExchange> exchange = evidence.exchange().filter(ProtocolExchange::closesEveryConnectionAtOnce);
        if (exchange.isEmpty()) {
            return Verdict.silent();
        }
        ProtocolExchange x = exchange.get();
        ClosedOnAccept closed = x.closedOnAccept().orElseThrow();
        return Verdict.found(Cause.builder(CauseId.FORWARDER_BACKEND_REFUSED, Confidence.LIKELY, x.port())
                .evidence("evidence.closed-on-accept", x.endpoint(), closed.tries(), closed.slowestMs(),
                        closed.waitedMs())
                .evidence("evidence.closed-on-accept-means")
                .fix("fix.forwarder.find", x.port())
                .fix("fix.forwarder.docker", x.port())
                .fix("fix.forwarder.backend")
                .build());
    }
}
