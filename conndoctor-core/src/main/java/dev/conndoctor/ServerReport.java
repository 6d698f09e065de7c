package dev.conndoctor;

import dev.conndoctor.evidence.server.ServerEvidence;

import java.util.List;

/** What {@code conndoctor server} found: one report per port, and the evidence behind them. */
public record ServerReport(List<PortReport> ports, ServerEvidence evidence, long elapsedMs) {

    public ServerReport {
        ports = List.copyOf(ports);
    }

    /** Whether any port has a cause: the exit code of the server command follows it. */
    public boolean problemsFound() {
        return ports.stream().anyMatch(p -> !p.causes().isEmpty());
    }
}
