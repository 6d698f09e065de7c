package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.evidence.server.ServerEvidence;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.FirewallRule;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.rules.HostFirewallBlock;
import dev.conndoctor.rules.PanelFixes;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host's own firewall and the hosting panels that manage it, for one port. */
public final class FirewallRules {
    private FirewallRules() {
    }

    /** host-firewall: a rule (or policy) of this host's firewall drops or rejects the port; confirmed. */
    public static final class HostFirewall implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.HOST_FIREWALL;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            ServerEvidence evidence = at.server();
            int port = at.port();
            List<FirewallVerdict> verdicts = at.inbound();
            Optional<FirewallVerdict> blocking = verdicts.stream().filter(FirewallVerdict::blocks).findFirst();
            Optional<FirewallVerdict> partial = verdicts.stream()
                    .filter(v -> v.decision() == FirewallVerdict.Decision.SOME_BLOCKED).findFirst();
            Optional<HostFirewallBlock> block = HostFirewallBlock.of(blocking.isPresent(), partial.isPresent());
            if (block.isEmpty()) {
                return evidence.firewallSources().isEmpty() ? Verdict.silent()
                        : Verdict.ruledOut(CauseId.HOST_FIREWALL, "ruled-out.firewall-allows", port,
                                String.join(", ", evidence.firewallSources()));
            }
            if (ContainerRules.publishedByDnat(at)) {
                // Docker's DNAT sends the port through FORWARD: INPUT's verdict never applies (published-past-firewall)
                return Verdict.ruledOut(CauseId.HOST_FIREWALL, "ruled-out.firewall-bypassed-by-dnat", port);
            }
            FirewallVerdict v = blocking.orElseGet(partial::get);
            Cause.Builder cause = block.get().cause(port)
                    .evidence(block.get().key("evidence.firewall-blocks", "evidence.firewall-blocks-some"),
                            port, v.decision().id(), v.describe());
            return Verdict.found(opening(cause, evidence, v, port).build());
        }
    }

    /**
     * panel-firewall: a hosting panel (Baota / aaPanel, 1Panel, CSF) keeps the port closed, on its
     * own data: its list of port rules lacks the port (or drops it) while the firewall it drives is
     * on. The panel rewrites hand-made rules, so the port is opened there. Joined with the firewall
     * read: a port the panel does not list that the live rules let in anyway is not the panel's doing.
     */
    public static final class PanelFirewall implements Rule<PortEvidence> {
        /** How many of the panel's allowed ports the evidence line names. */
        private static final int LISTED = 12;

        @Override
        public CauseId cause() {
            return CauseId.PANEL_FIREWALL;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            int port = at.port();
            List<PanelFinding> panels = at.server().panels();
            if (panels.isEmpty()) {
                return Verdict.silent();
            }
            if (ContainerRules.publishedByDnat(at)) {
                // Docker's DNAT sends the port through FORWARD: the INPUT rules a panel writes never see it
                return Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-bypassed-by-dnat", port,
                        panels.get(0).kind().label());
            }
            Optional<FirewallVerdict> blocking = at.inbound().stream().filter(FirewallVerdict::blocks).findFirst();
            boolean firewallRead = !at.server().firewallSources().isEmpty();
            Verdict first = null;
            for (PanelFinding panel : panels) {
                Verdict v = judge(panel.port(port), blocking, firewallRead);
                if (v instanceof Verdict.Found) {
                    return v; // the first panel that keeps the port closed is the one to open it in
                }
                first = first == null ? v : first;
            }
            return first;
        }

        private static Verdict judge(PanelFinding.Port p, Optional<FirewallVerdict> blocking, boolean firewallRead) {
            PanelFinding panel = p.panel();
            String label = panel.kind().label();
            int port = p.port();
            String drives = panel.drives().orElse("-");
            return switch (p.status()) {
                case NOT_MANAGING -> Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-not-managing", port, label,
                        panel.home());
                case OFF -> Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-firewall-off", port, label, drives);
                case ALLOWED -> Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-lists-port", port, label,
                        rules(p), panel.source().orElse(panel.home()));
                case UNREADABLE -> blocking.isEmpty()
                        ? Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-unread-firewall-allows", port, label,
                                panel.unreadable().orElse("?"))
                        // the panel's list is not known, but the firewall it manages blocks the port
                        : found(p, Confidence.LIKELY, blocking)
                                .because("evidence.panel-unreadable", label, panel.unreadable().orElse("?"));
                case DROPPED -> found(p, Confidence.CONFIRMED, blocking)
                        .because("evidence.panel-drops", label, port, rules(p), panel.source().orElse(panel.home()));
                case ALLOWED_FOR_SOME -> found(p, Confidence.LIKELY, blocking)
                        .because("evidence.panel-allows-some", label, port, rules(p), panel.source().orElse(panel.home()));
                case NOT_LISTED -> {
                    if (firewallRead && blocking.isEmpty()) {
                        yield Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-not-listed-firewall-allows", port,
                                label, drives);
                    }
                    // CSF in TESTING mode flushes its own rules every few minutes: closed now, not for good
                    yield found(p, panel.testing() ? Confidence.LIKELY : Confidence.CONFIRMED, blocking)
                            .because("evidence.panel-lacks-port", label, port, panel.allowedSummary(LISTED),
                                    panel.source().orElse(panel.home()));
                }
            };
        }

        /** The cause of a panel that keeps the port closed: its firewall's state, the live rule, then its evidence and fixes. */
        private static FoundBuilder found(PanelFinding.Port p, Confidence confidence, Optional<FirewallVerdict> blocking) {
            return new FoundBuilder(p, confidence, blocking);
        }

        private static String rules(PanelFinding.Port p) {
            return p.deciding().stream().map(PanelRule::describe).distinct().limit(LISTED)
                    .collect(java.util.stream.Collectors.joining("; "));
        }

        /** Builds the found verdict: the panel's own evidence first, then its firewall and the live rule, then the fixes. */
        private static final class FoundBuilder {
            private final PanelFinding.Port p;
            private final Cause.Builder cause;
            private final Optional<FirewallVerdict> blocking;

            FoundBuilder(PanelFinding.Port p, Confidence confidence, Optional<FirewallVerdict> blocking) {
                this.p = p;
                this.blocking = blocking;
                this.cause = Cause.builderWithSummary(CauseId.PANEL_FIREWALL, confidence, "cause.panel-firewall.summary-of",
                        p.port(), p.panel().kind().label());
            }

            Verdict because(String key, Object... args) {
                PanelFinding panel = p.panel();
                cause.evidence(key, args);
                panel.drives().ifPresent(d -> cause.evidence(panel.testing() ? "evidence.panel-firewall-testing"
                        : "evidence.panel-firewall-on", panel.kind().label(), d));
                blocking.ifPresent(v -> cause.evidence("evidence.panel-live-rule", p.port(), v.decision().id(), v.describe()));
                PanelFixes.open(cause, panel.kind().id(), panel.drives(), p.port());
                if (p.status() == PanelFinding.Status.DROPPED) {
                    cause.fix("fix.panel.remove-drop", panel.kind().label(), rules(p));
                }
                return Verdict.found(cause.build());
            }
        }
    }

    /** The command that opens the port in whatever manages the blocking firewall. */
    static Cause.Builder opening(Cause.Builder cause, ServerEvidence evidence, FirewallVerdict v, int port) {
        boolean ufwChain = v.decided().stream().map(FirewallRule::chain).anyMatch(c -> c.startsWith("ufw"));
        if (evidence.ufwEnabled().orElse(false) && (ufwChain || v.policyDecided())) {
            return cause.fix("fix.open.ufw", port);
        }
        boolean firewalldTable = v.decided().stream().map(FirewallRule::table).anyMatch(t -> t.contains("firewalld"));
        if (evidence.firewalldRunning() && (firewalldTable || v.source().equals("nft"))) {
            return cause.fix("fix.open.firewalld", port);
        }
        if (v.source().equals("nft")) {
            return cause.fix("fix.open.nft", port);
        }
        return cause.fix(v.source().equals("ip6tables") ? "fix.open.ip6tables" : "fix.open.iptables", port)
                .fix("fix.open.persist");
    }
}
