package dev.conndoctor.probe;

import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.IptablesSave;
import dev.conndoctor.firewall.NftRuleset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads this machine's packet filters, read-only: iptables-save, ip6tables-save and
 * {@code nft -j list ruleset} (without the tables iptables-nft manages, which iptables-save
 * already printed). Shared by the server's inspection and the client's OUTPUT check.
 */
final class FirewallReader {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private FirewallReader() {
    }

    static LocalFirewall read(CommandRunner commands, HostFiles files) {
        List<Chain> chains = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Optional<String> iptables = commands.run(List.of("iptables-save"), COMMAND_TIMEOUT);
        iptables.ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "iptables"));
            sources.add("iptables");
        });
        commands.run(List.of("ip6tables-save"), COMMAND_TIMEOUT).ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "ip6tables"));
            sources.add("ip6tables");
        });
        commands.run(List.of("nft", "-j", "list", "ruleset"), COMMAND_TIMEOUT).ifPresent(t -> {
            try {
                chains.addAll(NftRuleset.parse(t, iptables.filter(s -> !s.isBlank()).isPresent()));
                sources.add("nft");
            } catch (IllegalArgumentException e) {
                files.noteUnreadable("nft -j list ruleset: " + e.getMessage());
            }
        });
        if (sources.isEmpty()) {
            files.noteUnreadable("the firewall: iptables-save and nft did not run (not installed, or needs root)");
        }
        return new LocalFirewall(chains, sources);
    }
}
