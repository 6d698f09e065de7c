package dev.conndoctor.config;

import dev.conndoctor.Cause;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What a server's report ({@code conndoctor server --json}) says about one port, as the client's
 * diagnosis needs it: where it listens, whether its own firewall blocks it and by which rules.
 * Read by {@link ServerReportReader}.
 *
 * @param listenAddresses empty: nothing listens on the port
 * @param blockedForSome the firewall blocks the port for some clients only (a source or interface condition)
 * @param reportedCauses the causes the report names for the port, as the server worded them
 * @param panels what each hosting panel the report found does to the port, from its own list
 */
public record ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                          Optional<String> panel, boolean blockedForSome, List<Cause> reportedCauses,
                          List<PanelFacts> panels) {

    public ServerFacts {
        listenAddresses = List.copyOf(listenAddresses);
        blockingRules = List.copyOf(blockingRules);
        reportedCauses = List.copyOf(reportedCauses);
        panels = List.copyOf(panels);
    }

    /** Facts of a report that did not read the panels' own lists. */
    public ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                       Optional<String> panel, boolean blockedForSome, List<Cause> reportedCauses) {
        this(port, listenAddresses, blocked, blockingRules, panel, blockedForSome, reportedCauses, List.of());
    }

    /** Facts without causes named by the report. */
    public ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                       Optional<String> panel, boolean blockedForSome) {
        this(port, listenAddresses, blocked, blockingRules, panel, blockedForSome, List.of());
    }

    /** Facts without a partial block. */
    public ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                       Optional<String> panel) {
        this(port, listenAddresses, blocked, blockingRules, panel, false);
    }

    public boolean listening() {
        return !listenAddresses.isEmpty();
    }

    public boolean loopbackOnly() {
        return listening() && listenAddresses.stream().allMatch(InetAddress::isLoopbackAddress);
    }

    /** Whether a connection to {@code dialled} would find a listener (a wildcard takes every address). */
    public boolean listensFor(InetAddress dialled) {
        return listenAddresses.stream().anyMatch(a -> a.isAnyLocalAddress() || a.equals(dialled));
    }
}
