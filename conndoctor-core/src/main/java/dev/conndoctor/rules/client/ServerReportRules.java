package dev.conndoctor.rules.client;

import dev.conndoctor.rules.HostFirewallBlock;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.config.ServerFacts;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The two-sided rules: the client's symptom joined with the server's own report of the port
 * ({@code diagnose --server-report FILE}). What is "likely" from one side becomes confirmed.
 */
public final class ServerReportRules {
    private ServerReportRules() {
    }

    static String listenText(ServerFacts facts) {
        return facts.listenAddresses().stream().map(Endpoints::text).distinct().collect(Collectors.joining(", "));
    }

    /** host-firewall, confirmed: the client fails and the server's own firewall blocks the port. */
    public static final class HostFirewall implements Rule<Evidence> {
        @Override
        public CauseId cause() {
            return CauseId.HOST_FIREWALL;
        }

        @Override
        public Verdict evaluate(Evidence evidence) {
            Optional<ServerFacts> facts = evidence.serverFacts();
            Optional<HostFirewallBlock> block = facts.flatMap(f -> HostFirewallBlock.of(f.blocked(), f.blockedForSome()));
            Optional<ConnectAttempt> failed = evidence.reach().failedAttempts().stream().findFirst();
            if (block.isEmpty() || failed.isEmpty()) {
                return Verdict.silent();
            }
            int port = facts.get().port();
            Cause.Builder cause = block.get().cause(port)
                    .evidence(block.get().key("evidence.server-report-firewall", "evidence.server-report-firewall-some"),
                            port, String.join("; ", facts.get().blockingRules()));
            if (facts.get().panel().isPresent()) {
                cause.fix("fix.firewall.panel", port);
            }
            return Verdict.found(cause.fix("fix.firewall.open", port).build());
        }
    }

    /**
     * network-firewall, likely: the client times out, yet the server listens for the dialled
     * address and its own firewall lets the port in: the drop is between them (a cloud security
     * group or network ACL).
     */
    public static final class NetworkFirewall implements Rule<Evidence> {
        @Override
        public CauseId cause() {
            return CauseId.NETWORK_FIREWALL;
        }

        @Override
        public Verdict evaluate(Evidence evidence) {
            Optional<ServerFacts> facts = evidence.serverFacts()
                    .filter(f -> f.listening() && !f.blocked() && !f.blockedForSome());
            Optional<ConnectAttempt> timedOut = evidence.reach().attempts(ConnectOutcome.TIMEOUT).stream().findFirst();
            if (facts.isEmpty() || timedOut.isEmpty() || facts.get().loopbackOnly()) {
                return Verdict.silent();
            }
            int port = facts.get().port();
            return Verdict.found(Cause.builder(CauseId.NETWORK_FIREWALL, Confidence.LIKELY, port)
                    .evidence(FirewallDropRule.silenceOrTimeout(evidence, timedOut.get()))
                    .evidence("evidence.server-report-clean", port, listenText(facts.get()))
                    .fix("fix.network-firewall.cloud", port)
                    .fix("fix.network-firewall.path", port)
                    .build());
        }
    }
}
