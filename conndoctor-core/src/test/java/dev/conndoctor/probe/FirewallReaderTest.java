package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall commands share one deadline: stuck ones cost it once, not once each; the client's
 * check runs them at once, and only those of the families it dialled.
 */
class FirewallReaderTest {

    private static final String IPTABLES_DROP = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -p tcp -m tcp --dport 8282 -j DROP
            COMMIT
            """;
    /** An ip6 table and an inet table of nft's own, beside the ip filter table iptables-nft manages. */
    private static final String NFT = """
            {"nftables": [
             {"table": {"family": "ip", "name": "filter"}},
             {"chain": {"family": "ip", "table": "filter", "name": "OUTPUT", "type": "filter", "hook": "output", "policy": "accept"}},
             {"rule": {"family": "ip", "table": "filter", "chain": "OUTPUT", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 8282}}, {"drop": null}]}},
             {"chain": {"family": "ip6", "table": "six", "name": "out6", "type": "filter", "hook": "output", "policy": "accept"}},
             {"rule": {"family": "ip6", "table": "six", "chain": "out6", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 9000}}, {"drop": null}]}},
             {"chain": {"family": "inet", "table": "both", "name": "out", "type": "filter", "hook": "output", "policy": "accept"}},
             {"rule": {"family": "inet", "table": "both", "chain": "out", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 9001}}, {"drop": null}]}}
            ]}
            """;

    /** Answers from captured outputs, and records which commands ran. */
    private static final class CapturedCommands implements CommandRunner {
        final List<List<String>> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<String> run(List<String> command, Duration timeout) {
            ran.add(command);
            return switch (command.get(0)) {
                case "iptables-save" -> Optional.of(IPTABLES_DROP);
                case "ip6tables-save" -> Optional.of("");
                case "nft" -> Optional.of(NFT);
                default -> Optional.empty();
            };
        }
    }

    /** Commands that each use up what they are given, and record it. */
    private static final class StuckCommands implements CommandRunner {
        final List<Duration> given = new ArrayList<>();

        @Override
        public Optional<String> run(List<String> command, Duration timeout) {
            given.add(timeout);
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 2_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    @Test
    void threeStuckCommandsShareOneDeadline(@TempDir Path root) {
        StuckCommands commands = new StuckCommands();

        FirewallReader.read(commands, new HostFiles(root));

        assertThat(commands.given).isNotEmpty();
        assertThat(commands.given.get(0)).isLessThanOrEqualTo(FirewallReader.COMMAND_TIMEOUT);
        // each used up 2 s, so each later one was given what was left of the one deadline, not 5 s afresh
        for (int i = 1; i < commands.given.size(); i++) {
            assertThat(commands.given.get(i)).as("the timeout of command %d", i)
                    .isLessThanOrEqualTo(FirewallReader.COMMAND_TIMEOUT.minusSeconds(2L * i).plusMillis(100));
        }
    }

    @Test
    void anIpv4ConnectionRunsNoIp6tablesAndSeesNoIp6Table(@TempDir Path root) {
        CapturedCommands commands = new CapturedCommands();

        var firewall = FirewallReader.read(commands, new HostFiles(root), EnumSet.of(FirewallReader.Family.IP),
                Runnable::run);

        assertThat(commands.ran).containsExactlyInAnyOrder(FirewallReader.IPTABLES, FirewallReader.NFT);
        assertThat(firewall.sources()).containsExactly("iptables", "nft");
        // the ip filter table came from iptables-save, so nft's copy of it is left out
        assertThat(firewall.chains()).filteredOn(c -> c.source().equals("nft")).extracting(c -> c.table())
                .containsExactly("inet both");
        assertThat(firewall.chains()).filteredOn(c -> c.source().equals("iptables")).isNotEmpty();
    }

    @Test
    void anIpv6ConnectionRunsNoIptablesAndSeesNoIpTable(@TempDir Path root) {
        CapturedCommands commands = new CapturedCommands();

        var firewall = FirewallReader.read(commands, new HostFiles(root), EnumSet.of(FirewallReader.Family.IP6),
                Runnable::run);

        assertThat(commands.ran).containsExactlyInAnyOrder(FirewallReader.IP6TABLES, FirewallReader.NFT);
        assertThat(firewall.chains()).filteredOn(c -> c.source().equals("nft")).extracting(c -> c.table())
                .containsExactlyInAnyOrder("ip6 six", "inet both");
    }

    @Test
    void theServersInspectionReadsEveryFamily(@TempDir Path root) {
        CapturedCommands commands = new CapturedCommands();

        var firewall = FirewallReader.read(commands, new HostFiles(root));

        assertThat(commands.ran).containsExactly(FirewallReader.IPTABLES, FirewallReader.IP6TABLES, FirewallReader.NFT);
        assertThat(firewall.sources()).containsExactly("iptables", "ip6tables", "nft");
        assertThat(firewall.chains()).filteredOn(c -> c.source().equals("nft")).extracting(c -> c.table())
                .containsExactlyInAnyOrder("ip6 six", "inet both");
    }

    @Test
    void givenThreadsTheCommandsRunAtOnce(@TempDir Path root) {
        // each command waits for the other two to have started: one after the other, none would see them
        CyclicBarrier allStarted = new CyclicBarrier(3);
        CommandRunner meeting = (command, timeout) -> {
            try {
                allStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return Optional.of(command.get(0).equals("nft") ? "{\"nftables\": []}" : "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (BrokenBarrierException | TimeoutException e) {
                return Optional.empty();
            }
        };
        try (ProbeExecutor executor = new ProbeExecutor()) {
            var firewall = FirewallReader.read(meeting, new HostFiles(root),
                    EnumSet.allOf(FirewallReader.Family.class), executor::execute);

            assertThat(firewall.sources()).containsExactly("iptables", "ip6tables", "nft");
        }
    }
}
