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
 *
 * <p>The three commands share one deadline of {@link #COMMAND_TIMEOUT}: stuck ones cost that
 * once, not once each.
 */
final class FirewallReader {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final List<List<String>> COMMANDS = List.of(List.of("iptables-save"), List.of("ip6tables-save"),
            List.of("nft", "-j", "list", "ruleset"));

    private FirewallReader() {
    }

    static LocalFirewall read(CommandRunner commands, HostFiles files) {
        List<Chain> chains = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Deadline deadline = Deadline.after(COMMAND_TIMEOUT);
        Optional<String> iptables = run(commands, COMMANDS.get(0), deadline);
        iptables.ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "iptables"));
            sources.add("iptables");
        });
        run(commands, COMMANDS.get(1), deadline).ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "ip6tables"));
            sources.add("ip6tables");
        });
        run(commands, COMMANDS.get(2), deadline).ifPresent(t -> {
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

    /** {@code command}'s output within what is left of {@code deadline}; nothing once it has passed. */
    private static Optional<String> run(CommandRunner commands, List<String> command, Deadline deadline) {
        return deadline.passed() ? Optional.empty() : commands.run(command, deadline.remaining());
    }
}
