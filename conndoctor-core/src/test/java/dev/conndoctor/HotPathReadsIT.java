package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.probe.CommandRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a diagnosis reads beside its probes on loopback: nothing when the connection works; for a
 * refusal, this machine's socket table, the firewall of the family dialled and the likely ports,
 * with the progress still told on the diagnosing thread.
 */
class HotPathReadsIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    /** Answers iptables-save with {@code iptables}, the others with empty rulesets, and records what ran. */
    private static final class RecordingCommands implements CommandRunner {
        final List<List<String>> ran = new CopyOnWriteArrayList<>();
        private final String iptables;

        RecordingCommands(String iptables) {
            this.iptables = iptables;
        }

        @Override
        public Optional<String> run(List<String> command, Duration timeout) {
            ran.add(command);
            return switch (command.get(0)) {
                case "iptables-save" -> Optional.of(iptables);
                case "ip6tables-save" -> Optional.of("");
                case "nft" -> Optional.of("{\"nftables\": []}");
                default -> Optional.empty();
            };
        }
    }

    /** Records every event with the thread it came on. */
    private static final class RecordingListener implements DiagnosisListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        private void record(String event) {
            events.add(event);
            threads.add(Thread.currentThread());
        }

        @Override
        public void attemptFinished(ConnectAttempt attempt) {
            record("attempt " + attempt.outcome());
        }

        @Override
        public void scanning(String address, int ports) {
            record("scanning " + address);
        }

        @Override
        public void inspecting(String what) {
            record("inspecting " + what);
        }
    }

    private static ConnDoctor doctor(CommandRunner commands) {
        return ConnDoctor.builder().commands(commands).environment(Map.of()).build();
    }

    @Test
    void aWorkingConnectionRunsNoCommandAndReadsNoTable() throws IOException {
        RecordingCommands commands = new RecordingCommands("");
        RecordingListener listener = new RecordingListener();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Diagnosis d = doctor(commands).run(Target.parse("127.0.0.1:" + server.getLocalPort()), FAST, listener);

            assertThat(d.ok()).isTrue();
            assertThat(commands.ran).isEmpty();
            assertThat(listener.events).noneMatch(e -> e.startsWith("inspecting") || e.startsWith("scanning"));
            assertThat(d.evidence().local().firewall()).isEmpty();
            assertThat(d.evidence().local().listeners()).isEmpty();
        }
    }

    @Test
    void aRefusedIpv4PortReadsTheIpv4FirewallAndTellsOnTheDiagnosingThread() throws IOException {
        RecordingCommands commands = new RecordingCommands("");
        RecordingListener listener = new RecordingListener();

        Diagnosis d = doctor(commands).run(Target.parse("127.0.0.1:" + closedPort()), FAST, listener);

        assertThat(d.primaryCause()).get().extracting(Cause::id).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(commands.ran).extracting(c -> c.get(0)).containsExactlyInAnyOrder("iptables-save", "nft");
        assertThat(d.evidence().local().firewall()).get().satisfies(f ->
                assertThat(f.sources()).containsExactly("iptables", "nft"));
        assertThat(d.evidence().local().listeners()).isPresent();
        assertThat(d.evidence().portScan()).isPresent();
        assertThat(listener.events).contains("scanning 127.0.0.1", "inspecting /proc/net/tcp");
        assertThat(listener.threads).containsOnly(Thread.currentThread());
    }

    @Test
    void anOutputRejectReadBesideTheScanStillConfirmsTheLocalFirewall() throws IOException {
        int port = closedPort();
        RecordingCommands commands = new RecordingCommands("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A OUTPUT -p tcp -m tcp --dport %d -j REJECT --reject-with tcp-reset
                COMMIT
                """.formatted(port));

        Diagnosis d = doctor(commands).run(Target.parse("127.0.0.1:" + port), FAST, DiagnosisListener.NONE);

        assertThat(d.causes()).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(CauseId.LOCAL_FIREWALL);
            assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED);
        });
    }

    @Test
    void aConnectionStillUnansweredHasItsFirewallReadBesideTheWaitNotAfterIt() throws Exception {
        RecordingCommands commands = new RecordingCommands("");
        List<Long> commandTimes = new CopyOnWriteArrayList<>();
        CommandRunner timed = (command, timeout) -> {
            commandTimes.add(System.nanoTime());
            return commands.run(command, timeout);
        };
        // a listener that never accepts, its queue full: Linux drops the next SYN, so the port is silent
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(silent.getLocalSocketAddress(), 300);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                    queued.add(s);
                }
                long[] roundEnded = new long[1];
                DiagnosisListener listener = new DiagnosisListener() {
                    @Override
                    public void attemptFinished(ConnectAttempt attempt) {
                        roundEnded[0] = System.nanoTime();
                    }
                };

                Diagnosis d = doctor(timed).run(Target.parse("127.0.0.1:" + silent.getLocalPort()), FAST, listener);

                assertThat(d.evidence().reach().attempts()).first().extracting(ConnectAttempt::outcome)
                        .isEqualTo(dev.conndoctor.evidence.ConnectOutcome.TIMEOUT);
                assertThat(d.evidence().local().firewall()).isPresent();
                assertThat(commandTimes).isNotEmpty().allSatisfy(t -> assertThat(t).isLessThan(roundEnded[0]));
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
