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
import java.util.ArrayList;
import java.util.List;
import java.net.InetAddress;
import dev.conndoctor.config.PanelFacts;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.net.Cidr;
import dev.conndoctor.rules.PanelFixes;
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

    /**
     * panel-firewall, confirmed: the client's connection fails and the server's report shows a
     * hosting panel keeping the port closed on its own list (the server found the cause), or
     * denying this client's own address outright (CSF's csf.deny, where lfd puts what it blocks).
     */
    public static final class PanelFirewall implements Rule<Evidence> {
        @Override
        public CauseId cause() {
            return CauseId.PANEL_FIREWALL;
        }

        @Override
        public Verdict evaluate(Evidence evidence) {
            Optional<ServerFacts> facts = evidence.serverFacts();
            Optional<ConnectAttempt> failed = evidence.reach().failedAttempts().stream().findFirst();
            if (facts.isEmpty() || failed.isEmpty() || facts.get().panels().isEmpty()) {
                return Verdict.silent();
            }
            int port = facts.get().port();
            List<InetAddress> own = ownAddresses(evidence);
            for (PanelFacts panel : facts.get().panels()) {
                for (PanelFacts.Denied denied : panel.denied()) {
                    Optional<InetAddress> client = own.stream().filter(a -> denied.covers(port) && within(a, denied.source()))
                            .findFirst();
                    if (client.isPresent()) {
                        String address = Endpoints.text(client.get());
                        Cause.Builder cause = Cause.builderWithSummary(CauseId.PANEL_FIREWALL, Confidence.CONFIRMED,
                                        "cause.panel-firewall.summary-of", port, panel.label())
                                .evidence(FirewallDropRule.silenceOrTimeout(evidence, failed.get()))
                                .evidence("evidence.server-report-panel-denies", panel.label(), address,
                                        denied.comment().isBlank() ? denied.source() : denied.comment());
                        return Verdict.found((panel.name().equals("csf") ? cause.fix("fix.panel.csf.deny", address)
                                : cause.fix("fix.panel.unblock", panel.label(), address)).build());
                    }
                }
            }
            // the server judged the panel's list against the live firewall: it names the cause only where it holds
            boolean serverFoundIt = facts.get().reportedCauses().stream().anyMatch(c -> c.id() == CauseId.PANEL_FIREWALL);
            Optional<PanelFacts> closing = facts.get().panels().stream()
                    .filter(p -> p.closesForEveryone() || p.status().equals("allowed-for-some")).findFirst();
            if (!serverFoundIt || closing.isEmpty()) {
                return Verdict.silent();
            }
            PanelFacts panel = closing.get();
            Cause.Builder cause = Cause.builderWithSummary(CauseId.PANEL_FIREWALL,
                            panel.closesForEveryone() ? Confidence.CONFIRMED : Confidence.LIKELY,
                            "cause.panel-firewall.summary-of", port, panel.label())
                    .evidence(FirewallDropRule.silenceOrTimeout(evidence, failed.get()))
                    .evidence(switch (panel.status()) {
                        case "dropped" -> "evidence.server-report-panel.dropped";
                        case "not-listed" -> "evidence.server-report-panel.not-listed";
                        default -> "evidence.server-report-panel.allowed-for-some";
                    }, port, panel.label(),
                            panel.drives().orElse("-"), panel.rules().isEmpty() ? "-" : String.join("; ", panel.rules()));
            return Verdict.found(PanelFixes.open(cause, panel.name(), panel.drives(), port).build());
        }

        /** This client's own addresses: its interfaces', and the one the listener's proof saw it come from. */
        private static List<InetAddress> ownAddresses(Evidence evidence) {
            List<InetAddress> own = new ArrayList<>();
            evidence.local().routing().ifPresent(r -> r.interfaces().stream().map(LocalInterface::address)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).forEach(own::add));
            evidence.proof().flatMap(ProofCheck::seenAs).filter(s -> AddressLiterals.isIpv4(s) || AddressLiterals.isIpv6(s)).ifPresent(seen -> {
                try {
                    own.add(InetAddress.getByName(seen)); // a checked literal: no lookup
                } catch (java.net.UnknownHostException e) {
                    // cannot happen for a checked literal
                }
            });
            return own;
        }

        private static boolean within(InetAddress address, String source) {
            try {
                return Cidr.parse(source).contains(address);
            } catch (IllegalArgumentException e) {
                return false; // not an address (a host name CSF would ignore too)
            }
        }
    }
}
