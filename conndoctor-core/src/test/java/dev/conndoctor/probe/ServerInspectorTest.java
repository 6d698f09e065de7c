package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.PortReport;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.ServerReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's inspection on a fixture root (real /proc samples of a namespace with Python
 * listeners, /proc/PID/fd links made here) with a fake command runner answering from captured
 * outputs and a fake network: no live /proc, no live firewall, no interface but loopback.
 */
class ServerInspectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Socket inodes of the fixture's listeners (fixtures/server/proc-net-tcp and tcp6). */
    private static final long INODE_8282 = 235770;
    private static final long INODE_9000 = 235771;
    private static final long INODE_9100 = 235772;
    private static final long INODE_9200 = 235773;
    private static final long INODE_9400 = 235775;

    @TempDir
    Path root;

    private final FakeCommands commands = new FakeCommands();

    @BeforeEach
    void aHostWithListenersAndAProcessOwningSomeOfThem() throws IOException {
        write("proc/net/tcp", server("proc-net-tcp"));
        write("proc/net/tcp6", server("proc-net-tcp6"));
        write("proc/net/netstat", server("proc-net-netstat"));
        write("proc/sys/net/core/somaxconn", "4096\n");
        write("proc/sys/net/ipv6/bindv6only", "0\n");
        write("proc/4242/comm", "python3\n");
        write("proc/4242/cmdline", "python3\0listeners.py\0");
        write("proc/4242/limits", server("proc-limits-java"));
        Path fd = Files.createDirectories(root.resolve("proc/4242/fd"));
        Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[" + INODE_8282 + "]"));
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[" + INODE_9000 + "]"));
        Files.createSymbolicLink(fd.resolve("5"), Path.of("socket:[" + INODE_9400 + "]"));
        Files.createSymbolicLink(fd.resolve("6"), Path.of("socket:[" + INODE_9200 + "]"));
        Files.createSymbolicLink(fd.resolve("7"), Path.of("pipe:[99]"));
        write("proc/777/comm", "sshd\n");
        Files.createDirectories(root.resolve("proc/777/fd"));
        commands.answer("ss -Hltn", server("ss-Hltn.txt"));
    }

    private ServerEvidence inspect(List<Integer> ports) {
        return doctor(List::of).inspectServer(ports, TIMEOUT).evidence();
    }

    private ConnDoctor doctor(LocalNetwork network) {
        return ConnDoctor.builder().hostRoot(root).commands(commands).localNetwork(network).build();
    }

    private static Listener on(ServerEvidence e, int port) {
        return e.listenersOn(port).stream().findFirst().orElseThrow(() -> new AssertionError("no listener on " + port));
    }

    @Test
    void everyListenerIsReadWithItsAddressAndFamily() {
        ServerEvidence e = inspect(List.of());

        assertThat(e.listeners()).extracting(Listener::endpoint, Listener::family).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("0.0.0.0:8282", "tcp"),
                org.assertj.core.groups.Tuple.tuple("127.0.0.1:9000", "tcp"),
                org.assertj.core.groups.Tuple.tuple("127.0.0.1:9400", "tcp"),
                org.assertj.core.groups.Tuple.tuple("192.0.2.10:9100", "tcp"),
                org.assertj.core.groups.Tuple.tuple("[::]:9200", "tcp6"),
                org.assertj.core.groups.Tuple.tuple("[::1]:9300", "tcp6"));
        assertThat(on(e, 8282).inode()).isEqualTo(INODE_8282);
        assertThat(on(e, 8282).wildcard()).isTrue();
        assertThat(on(e, 9000).loopback()).isTrue();
    }

    @Test
    void withoutPortsEveryListeningPortIsInspectedInOrder() {
        assertThat(inspect(List.of()).ports()).containsExactly(8282, 9000, 9100, 9200, 9300, 9400);
        assertThat(inspect(List.of(9400, 1234)).ports()).containsExactly(9400, 1234);
    }

    @Test
    void aListenersTokenAndAnotherServicesPasswordNeverReachTheEvidence() throws IOException {
        write("proc/4242/cmdline", "/usr/bin/java\0-jar\0/opt/conndoctor.jar\0listen\0websocket://0.0.0.0:8282\0"
                + "--token\0tok-SECRET-1\0--requirepass=pw-SECRET-2\0postgres://u:pw-SECRET-3@db/x\0");

        ProcessInfo owner = on(inspect(List.of()), 8282).process().orElseThrow();

        assertThat(owner.commandLine()).doesNotContain("SECRET")
                .startsWith("java -jar /opt/conndoctor.jar listen websocket://0.0.0.0:8282 --token <redacted>");
        assertThat(owner.name()).isEqualTo("python3");
    }

    @Test
    void ownersAreFoundThroughTheirFdLinksWithNameCommandLineAndLimits() {
        ServerEvidence e = inspect(List.of());

        ProcessInfo owner = on(e, 8282).process().orElseThrow();
        assertThat(owner.pid()).isEqualTo(4242);
        assertThat(owner.name()).isEqualTo("python3");
        assertThat(owner.commandLine()).isEqualTo("python3 listeners.py");
        assertThat(owner.openFiles()).contains(6);
        assertThat(owner.openFilesLimit()).contains(20000L);
        assertThat(on(e, 9000).process()).map(ProcessInfo::pid).contains(4242);
        assertThat(on(e, 9200).process()).map(ProcessInfo::pid).contains(4242);
        // no process of the fixture holds 192.0.2.10:9100 or [::1]:9300
        assertThat(on(e, 9100).process()).isEmpty();
        assertThat(on(e, 9300).process()).isEmpty();
        assertThat(on(e, 9100).inode()).isEqualTo(INODE_9100);
    }

    @Test
    void theAcceptQueueComesFromTheSocketTableAndTheBacklogFromSs() {
        ServerEvidence e = inspect(List.of());

        assertThat(on(e, 9400).queued()).isEqualTo(2);
        assertThat(on(e, 9400).backlog()).isEqualTo(1);
        assertThat(on(e, 8282).backlog()).isEqualTo(511);
        assertThat(on(e, 9100).backlog()).isEqualTo(64);
        assertThat(on(e, 9300).backlog()).isEqualTo(16);
    }

    @Test
    void withoutSsTheBacklogIsUnknownAndSaidSo() {
        commands.answers.remove("ss -Hltn");
        ServerEvidence e = inspect(List.of(9400));

        assertThat(on(e, 9400).backlog()).isEqualTo(-1);
        assertThat(on(e, 9400).queued()).isEqualTo(2);
        assertThat(e.unreadable()).contains("ss -Hltn: did not run (not installed, or needs root)");
    }

    @Test
    void aDualStackWildcardListenerGetsItsBacklog() {
        assertThat(on(inspect(List.of()), 9200).backlog()).isEqualTo(128);
    }

    @Test
    void javasListenersGetTheirBacklogs() throws IOException {
        write("proc/net/tcp", "");
        write("proc/net/tcp6", server("proc-net-tcp6-java"));
        commands.answer("ss -Hltn", server("ss-Hltn-java.txt"));
        ServerEvidence e = inspect(List.of());

        assertThat(on(e, 18282).backlog()).isEqualTo(50);
        assertThat(on(e, 18283).backlog()).isEqualTo(1);
        assertThat(on(e, 18284).backlog()).isEqualTo(1);
        assertThat(on(e, 18285).backlog()).isEqualTo(7);
    }

    @Test
    void javasMappedListenersAreReadAsTheirIpv4Addresses() throws IOException {
        write("proc/net/tcp", "");
        write("proc/net/tcp6", server("proc-net-tcp6-java"));
        ServerEvidence e = inspect(List.of());

        assertThat(on(e, 18284).endpoint()).isEqualTo("192.0.2.10:18284");
        assertThat(on(e, 18284).queued()).isEqualTo(2);
        assertThat(on(e, 18285).loopback()).isTrue();
        assertThat(on(e, 18283).wildcard()).isTrue();
    }

    @Test
    void kernelLimitsAndCountersAreRead() {
        ServerEvidence e = inspect(List.of());

        assertThat(e.somaxconn()).contains(4096);
        assertThat(e.bindV6Only()).contains(false);
        assertThat(e.listenOverflows()).contains(11L);
        assertThat(e.listenDrops()).contains(11L);
        assertThat(e.timeWaitTotal()).isEqualTo(1);
    }

    @Test
    void theFirewallIsReadThroughTheReadOnlyCommandsOnly() {
        commands.answer("iptables-save", firewall("iptables-rules.txt"));
        commands.answer("ip6tables-save", firewall("ip6tables-rules.txt"));
        commands.answer("nft -j list ruleset", firewall("nft-with-iptables-nft.json"));
        ServerEvidence e = inspect(List.of(9000));

        assertThat(e.firewallSources()).containsExactly("iptables", "ip6tables", "nft");
        // the ip filter table iptables-nft manages is read from iptables-save, not twice
        assertThat(e.firewall()).extracting(c -> c.source()).containsOnly("iptables", "ip6tables");
        assertThat(commands.run).containsExactlyInAnyOrder("ss -Hltn", "iptables-save", "ip6tables-save",
                "nft -j list ruleset");
    }

    @Test
    void aNativeNftTableIsReadBesideAnEmptyIptables() {
        commands.answer("iptables-save", "");
        commands.answer("nft -j list ruleset", firewall("nft-native.json"));
        ServerEvidence e = inspect(List.of(22));

        assertThat(e.firewallSources()).containsExactly("iptables", "nft");
        assertThat(e.firewall()).filteredOn(c -> c.source().equals("nft")).extracting(c -> c.name())
                .contains("input", "output");
    }

    @Test
    void anNftOutputThatIsNotJsonIsNotedAndTheRestStillRead() {
        commands.answer("iptables-save", firewall("iptables-rules.txt"));
        commands.answer("nft -j list ruleset", "table inet filter {\n");
        ServerEvidence e = inspect(List.of(9000));

        assertThat(e.firewallSources()).containsExactly("iptables");
        assertThat(e.unreadable()).anyMatch(u -> u.startsWith("nft -j list ruleset: not nft JSON"));
    }

    @Test
    void withoutAnyCommandWhatCouldNotBeReadIsSaid() {
        commands.answers.clear();
        ServerEvidence e = inspect(List.of(8282));

        assertThat(e.firewallSources()).isEmpty();
        assertThat(e.firewall()).isEmpty();
        assertThat(e.unreadable()).contains("ss -Hltn: did not run (not installed, or needs root)",
                "the firewall: iptables-save and nft did not run (not installed, or needs root)");
    }

    @Test
    void descriptorsThatCannotBeReadLeaveTheOwnerUnseenAsProtectedAndSayWhose() throws IOException {
        for (Path link : Files.list(root.resolve("proc/4242/fd")).toList()) {
            Files.delete(link);
            Files.writeString(link, ""); // listed, but no link to read: what EACCES on readlink leaves
        }
        ServerEvidence e = inspect(List.of(8282));

        assertThat(e.listeners()).allSatisfy(l -> {
            assertThat(l.process()).isEmpty();
            assertThat(l.ownerUnseen()).contains(Listener.OWNER_PROTECTED);
        });
        assertThat(e.unreadable()).anyMatch(u -> u.startsWith("/proc/PID/fd of 1 process (4242): "));
    }

    @Test
    void aSocketNoReadableProcessHoldsIsOwnedFromAnotherPidNamespace() throws IOException {
        for (Path link : Files.list(root.resolve("proc/4242/fd")).toList()) {
            Files.delete(link);
        }
        ServerEvidence e = inspect(List.of(8282));

        assertThat(e.listeners()).allSatisfy(l -> assertThat(l.ownerUnseen()).contains(Listener.OWNER_OTHER_PID_NAMESPACE));
        assertThat(e.unreadable()).noneMatch(u -> u.contains("/fd"));
    }

    @Test
    void aMissingKernelFileIsNotedAndAnAbsentOptionalOneIsNot() throws IOException {
        Files.delete(root.resolve("proc/net/netstat"));
        Files.delete(root.resolve("proc/sys/net/ipv6/bindv6only"));
        ServerEvidence e = inspect(List.of(8282));

        assertThat(e.listenOverflows()).isEmpty();
        assertThat(e.bindV6Only()).isEmpty();
        assertThat(e.unreadable()).anyMatch(u -> u.startsWith("/proc/net/netstat:"));
        assertThat(e.unreadable()).noneMatch(u -> u.contains("bindv6only"));
        assertThat(e.unreadable()).noneMatch(u -> u.contains("ufw"));
    }

    @Test
    void aMissingKernelFileIsNotedOnce() throws IOException {
        Files.delete(root.resolve("proc/net/netstat"));
        ServerEvidence e = inspect(List.of(8282));

        assertThat(e.unreadable()).filteredOn(u -> u.startsWith("/proc/net/netstat:")).hasSize(1);
    }

    @Test
    void ufwFirewalldAndAPanelAreRecognisedFromTheirFiles() throws IOException {
        ServerEvidence before = inspect(List.of(8282));
        assertThat(before.ufwEnabled()).isEmpty();
        assertThat(before.firewalldRunning()).isFalse();
        assertThat(before.panel()).isEmpty();

        write("etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\n\nENABLED=yes\nLOGLEVEL=low\n");
        write("proc/5151/comm", "firewalld\n");
        Files.createDirectories(root.resolve("www/server/panel"));
        ServerEvidence after = inspect(List.of(8282));

        assertThat(after.ufwEnabled()).contains(true);
        assertThat(after.firewalldRunning()).isTrue();
        assertThat(after.panel()).contains("baota");
    }

    @Test
    void aDisabledUfwIsKnownAsSuch() throws IOException {
        write("etc/ufw/ufw.conf", "ENABLED=no\n");

        assertThat(inspect(List.of(8282)).ufwEnabled()).contains(false);
    }

    @Test
    void theSelfCheckDialsOnlyTheHostsOwnNonLinkLocalAddresses() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int port = listening.getLocalPort();
            List<LocalInterface> interfaces = List.of(
                    new LocalInterface("lo", InetAddress.getByName("127.0.0.1"), 8),
                    new LocalInterface("eth0", InetAddress.getByName("fe80::1"), 64));
            LocalNetwork loopbackOnly = () -> interfaces;
            ServerEvidence e = doctor(loopbackOnly).inspectServer(List.of(port), TIMEOUT).evidence();

            assertThat(e.selfCheck()).containsOnlyKeys(port);
            assertThat(e.selfCheck().get(port)).singleElement().satisfies(a -> {
                assertThat(a.address().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(a.outcome()).isEqualTo(ConnectOutcome.CONNECTED);
            });
            assertThat(e.interfaces()).hasSize(2);
        }
    }

    @Test
    void overflowsCountedSinceBootMakeEveryListenersQueueAPossibleCause() {
        ServerReport report = doctor(List::of).inspectServer(List.of(8282), TIMEOUT);

        assertThat(report.ports().get(0).causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.ACCEPT_BACKLOG_OVERFLOW, Confidence.POSSIBLE));
    }

    @Test
    void withoutInterfacesThereIsNoSelfCheck() {
        assertThat(inspect(List.of(8282)).selfCheck()).isEmpty();
    }

    @Test
    void theReportOfTheFixtureHostNamesEachPortsCause() throws IOException {
        // no overflow counted since boot: only the full queue of 9400 can show
        write("proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n");
        ServerReport report = doctor(List::of).inspectServer(List.of(8282, 9000, 9100, 9400, 9999), TIMEOUT);
        Map<Integer, PortReport> byPort = new HashMap<>();
        report.ports().forEach(p -> byPort.put(p.port(), p));

        assertThat(byPort.get(8282).causes()).isEmpty();
        Cause loopback = byPort.get(9000).causes().get(0);
        assertThat(loopback.id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(loopback.evidence().get(0).render(Locale.ROOT)).contains("127.0.0.1:9000 (python3, pid 4242)");
        assertThat(byPort.get(9100).causes()).extracting(Cause::id).containsExactly(CauseId.BOUND_TO_OTHER_ADDRESS);
        // 127.0.0.1:9400 holds two connections with a backlog of one; it is loopback-only as well
        assertThat(byPort.get(9400).causes()).extracting(Cause::id, Cause::confidence).contains(
                org.assertj.core.groups.Tuple.tuple(CauseId.ACCEPT_BACKLOG_OVERFLOW, Confidence.CONFIRMED),
                org.assertj.core.groups.Tuple.tuple(CauseId.BOUND_TO_LOOPBACK, Confidence.CONFIRMED));
        assertThat(byPort.get(9999).causes()).extracting(Cause::id).containsExactly(CauseId.SERVER_NOT_LISTENING);
        assertThat(report.problemsFound()).isTrue();
    }

    @Test
    void aSourceRestrictedRuleReadFromTheFakeFirewallIsHostFirewallLikely() {
        commands.answer("iptables-save", firewall("iptables-rules.txt"));
        write0("proc/net/tcp", server("proc-net-tcp").replace("0100007F:2328", "00000000:2328"));
        write0("proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n");
        ServerReport report = doctor(List::of).inspectServer(List.of(9000), TIMEOUT);

        assertThat(report.ports().get(0).causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.HOST_FIREWALL, Confidence.LIKELY));
        assertThat(report.ports().get(0).firewall()).singleElement()
                .satisfies(v -> assertThat(v.decision().id()).isEqualTo("some-blocked"));
    }

    @Test
    void aDropReadFromTheFakeFirewallIsHostFirewallConfirmed() {
        commands.answer("iptables-save", firewall("iptables-rules.txt"));
        write0("proc/net/netstat", "TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n");
        ServerReport report = doctor(List::of).inspectServer(List.of(8282), TIMEOUT);

        assertThat(report.ports().get(0).causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.HOST_FIREWALL, Confidence.CONFIRMED));
    }

    // ---- fixtures

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void write0(String relative, String content) {
        try {
            write(relative, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String server(String name) {
        return resource("/fixtures/server/" + name);
    }

    private static String firewall(String name) {
        return resource("/fixtures/firewall/" + name);
    }

    private static String resource(String path) {
        try (InputStream in = ServerInspectorTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers read-only commands from captured outputs; a command it has no answer for "did not run". */
    static final class FakeCommands implements CommandRunner {
        final Map<String, String> answers = new HashMap<>();
        final List<String> run = new java.util.concurrent.CopyOnWriteArrayList<>();

        void answer(String command, String output) {
            answers.put(command, output);
        }

        @Override
        public Optional<String> run(List<String> command, Duration timeout) {
            String line = String.join(" ", command);
            run.add(line);
            return Optional.ofNullable(answers.get(line));
        }
    }
}
