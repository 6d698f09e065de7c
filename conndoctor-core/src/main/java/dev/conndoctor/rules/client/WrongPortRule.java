package dev.conndoctor.rules.client;

import dev.conndoctor.rules.ProtocolOutcome;

import dev.conndoctor.describe.ServerSpeech;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Map;
import java.util.Optional;

/**
 * wrong-port: the dialled port refuses, and a likely port of the same host speaks the target's
 * protocol. For tcp:// and text:// any open likely port only makes it possible: every port
 * "speaks" raw TCP.
 */
public final class WrongPortRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.WRONG_PORT;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> refused = LocalTargets.refused(evidence);
        Optional<PortScan> scan = evidence.portScan();
        if (refused.isEmpty() || scan.isEmpty()) {
            return Verdict.silent();
        }
        Scheme scheme = evidence.target().scheme();
        Optional<Map.Entry<Integer, ProtocolExchange>> speaking = scan.get().spoken().entrySet().stream()
                .filter(e -> ProtocolOutcome.failure(e.getValue()).isEmpty())
                .min(Map.Entry.comparingByKey());
        if (speaking.isEmpty()) {
            return scan.get().openPorts().isEmpty()
                    ? Verdict.ruledOut(CauseId.WRONG_PORT, "ruled-out.no-likely-port", scan.get().attempts().size())
                    : Verdict.ruledOut(CauseId.WRONG_PORT, "ruled-out.likely-ports-speak-otherwise",
                            scan.get().openPorts(), scheme.id());
        }
        int port = speaking.get().getKey();
        ProtocolExchange x = speaking.get().getValue();
        boolean raw = scheme == Scheme.TCP || scheme == Scheme.TEXT;
        // on this machine the socket table proves the target port empty, and the scan proved the other one serves
        Confidence confidence = raw ? Confidence.POSSIBLE
                : evidence.local().listeners().isPresent() ? Confidence.CONFIRMED : Confidence.LIKELY;
        return Verdict.found(Cause.builder(CauseId.WRONG_PORT, confidence,
                        refused.get().port(), port)
                .evidence("evidence.refused", refused.get().endpoint(), refused.get().elapsedMs())
                .evidence("evidence.port-speaks", x.endpoint(), scheme.id(), ServerSpeech.describe(x))
                .evidence("evidence.scan-summary", scan.get().attempts().size(), scan.get().openPorts())
                .fix("fix.wrong-port.dial", scheme.id(), evidence.target().host(), port)
                .fix("fix.wrong-port.server", refused.get().port())
                .build());
    }
}
