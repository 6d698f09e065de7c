package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.ServerEvidence;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.FirewallRule;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.rules.HostFirewallBlock;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host's own firewall and the hosting panel that manages it, for one port. */
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
     * panel-firewall: a hosting panel (Baota / aaPanel) is installed and the port is blocked: the
     * panel manages the firewall and rewrites hand-made rules, so the port is opened there.
     */
    public static final class PanelFirewall implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.PANEL_FIREWALL;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            int port = at.port();
            if (at.server().panel().isEmpty()) {
                return Verdict.silent();
            }
            boolean blocked = at.inbound().stream().anyMatch(FirewallVerdict::blocks);
            if (!blocked || ContainerRules.publishedByDnat(at)) {
                return Verdict.ruledOut(CauseId.PANEL_FIREWALL, "ruled-out.panel-allows", port);
            }
            return Verdict.found(Cause.builder(CauseId.PANEL_FIREWALL, Confidence.CONFIRMED, port)
                    .evidence("evidence.panel-installed", "/www/server/panel")
                    .fix("fix.firewall.panel", port)
                    .build());
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
