package dev.conndoctor.rules;

import dev.conndoctor.PortReport;
import dev.conndoctor.ServerReport;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.ServerEvidence;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the server knows about itself into a report per port: the server's face of the
 * {@link RuleEngine}, run once per port. Pure.
 */
public final class ServerDiagnoser {
    private final RuleEngine<PortEvidence> engine;

    public ServerDiagnoser(RuleEngine<PortEvidence> engine) {
        this.engine = engine;
    }

    public ServerReport diagnose(ServerEvidence evidence, long elapsedMs) {
        List<PortReport> ports = new ArrayList<>();
        for (int port : evidence.ports()) {
            PortEvidence at = new PortEvidence(evidence, port);
            RuleEngine.Findings findings = engine.run(at);
            ports.add(new PortReport(port, at.listeners(), at.inbound(), findings.causes(), findings.ruledOut(),
                    evidence.selfCheck().getOrDefault(port, List.of())));
        }
        return new ServerReport(ports, evidence, elapsedMs);
    }
}
