package dev.conndoctor.probe;

import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.IptablesSave;
import dev.conndoctor.firewall.NftRuleset;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Reads this machine's packet filters, read-only: iptables-save, ip6tables-save and
 * {@code nft -j list ruleset} (without the tables iptables-nft manages, which iptables-save
 * already printed). Shared by the server's inspection and the client's OUTPUT check.
 *
 * <p>The commands share one deadline of {@link #COMMAND_TIMEOUT}: stuck ones cost that once, not
 * once each. The client's check runs them at once, and only those of the address families it
 * dialled: an ip6tables rule never sees an IPv4 connection, nor an iptables rule an IPv6 one.
 */
final class FirewallReader {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    static final List<String> IPTABLES = List.of("iptables-save");
    static final List<String> IP6TABLES = List.of("ip6tables-save");
    static final List<String> NFT = List.of("nft", "-j", "list", "ruleset");

    /** The address families a firewall's rules are about, named as nft names them. */
    enum Family {
        IP("ip"), IP6("ip6");

        final String nft;

        Family(String nft) {
            this.nft = nft;
        }

        static Family of(InetAddress address) {
            return address instanceof Inet4Address ? IP : IP6;
        }

        static Set<Family> of(Collection<InetAddress> addresses) {
            Set<Family> families = EnumSet.noneOf(Family.class);
            addresses.forEach(a -> families.add(of(a)));
            return families;
        }
    }

    private FirewallReader() {
    }

    /** Every family's firewall, one command after the other (the server's inspection, off the hot path). */
    static LocalFirewall read(CommandRunner commands, HostFiles files) {
        return read(commands, files, EnumSet.allOf(Family.class), Runnable::run);
    }

    /**
     * The rules that can see a connection of {@code families}: their commands run on
     * {@code executor}, at once when it has threads for them, each within what is left of the
     * one deadline.
     */
    static LocalFirewall read(CommandRunner commands, HostFiles files, Set<Family> families, Executor executor) {
        Deadline deadline = Deadline.after(COMMAND_TIMEOUT);
        Supplier<Optional<String>> none = Optional::empty;
        CompletableFuture<Optional<String>> iptables = CompletableFuture.supplyAsync(
                families.contains(Family.IP) ? () -> run(commands, IPTABLES, deadline) : none, executor);
        CompletableFuture<Optional<String>> ip6tables = CompletableFuture.supplyAsync(
                families.contains(Family.IP6) ? () -> run(commands, IP6TABLES, deadline) : none, executor);
        CompletableFuture<Optional<String>> nft = CompletableFuture.supplyAsync(() -> run(commands, NFT, deadline),
                executor);

        List<Chain> chains = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<String> printedByIptables = new java.util.HashSet<>();
        iptables.join().ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "iptables"));
            sources.add("iptables");
            if (!t.isBlank()) {
                printedByIptables.add(Family.IP.nft);
            }
        });
        ip6tables.join().ifPresent(t -> {
            chains.addAll(IptablesSave.parse(t, "ip6tables"));
            sources.add("ip6tables");
            if (!t.isBlank()) {
                printedByIptables.add(Family.IP6.nft);
            }
        });
        nft.join().ifPresent(t -> {
            try {
                NftRuleset.parse(t, printedByIptables).stream()
                        .filter(c -> appliesTo(c, families))
                        .forEach(chains::add);
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

    /** Whether nft chain {@code chain} can see a connection of {@code families}: inet, bridge... tables see both. */
    private static boolean appliesTo(Chain chain, Set<Family> families) {
        String family = chain.table().split(" ", 2)[0];
        for (Family f : Family.values()) {
            if (f.nft.equals(family)) {
                return families.contains(f);
            }
        }
        return true;
    }

    /** {@code command}'s output within what is left of {@code deadline}; nothing once it has passed. */
    private static Optional<String> run(CommandRunner commands, List<String> command, Deadline deadline) {
        return deadline.passed() ? Optional.empty() : commands.run(command, deadline.remaining());
    }
}
