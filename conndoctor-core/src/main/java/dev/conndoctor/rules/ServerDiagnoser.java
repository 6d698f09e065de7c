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

    /** The report on the ports asked about: every one judged. */
    public ServerReport diagnose(ServerEvidence evidence, long elapsedMs) {
        return diagnose(evidence, elapsedMs, false);
    }

    /**
     * The report; with {@code everyPort} (no port was asked about, every listener is shown) a port
     * listening on loopback only is listed as local-only and not judged: a database or a backend
     * behind a local proxy is bound there on purpose, and a fix to "listen on 0.0.0.0" would be wrong.
     */
    public ServerReport diagnose(ServerEvidence evidence, long elapsedMs, boolean everyPort) {
        List<PortReport> ports = new ArrayList<>();
        for (int port : evidence.ports()) {
            PortEvidence at = new PortEvidence(evidence, port);
            if (everyPort && !at.listeners().isEmpty() && at.listeners().stream().allMatch(l -> l.loopback())) {
                ports.add(new PortReport(port, at.listeners(), at.inbound(), List.of(), List.of(),
                        evidence.selfCheck().getOrDefault(port, List.of()), true));
                continue;
            }
            RuleEngine.Findings findings = engine.run(at);
            ports.add(new PortReport(port, at.listeners(), at.inbound(), findings.causes(), findings.ruledOut(),
                    evidence.selfCheck().getOrDefault(port, List.of())));
        }
        return new ServerReport(ports, evidence, elapsedMs);
    }
}
