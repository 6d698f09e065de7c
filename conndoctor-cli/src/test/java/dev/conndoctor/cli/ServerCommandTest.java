package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.probe.CommandRunner;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.config.ServerReportReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conndoctor server} in-process on fixture roots (socket tables captured from a namespace
 * with real listeners), with a fake command runner and no interfaces: nothing live is read,
 * nothing is dialled. Also {@code diagnose --server-report} with files that are not reports.
 */
class ServerCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";
    /** 0.0.0.0:8282, 127.0.0.1:9000 and 127.0.0.1:9400 (2 queued), as /proc/net/tcp showed them. */
    private static final String TCP = TCP_HEADER
            + "   0: 00000000:205A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 235770 1 00000000ab5e72b5 100 0 0 10 0\n"
            + "   1: 0100007F:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 235771 1 0000000073327780 100 0 0 10 0\n"
            + "   2: 0100007F:24B8 00000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 235775 3 00000000e75913a8 100 0 0 10 0\n";
    private static final String SS = "LISTEN 0      511       0.0.0.0:8282 0.0.0.0:*\n"
            + "LISTEN 0      128     127.0.0.1:9000 0.0.0.0:*\n"
            + "LISTEN 2      1       127.0.0.1:9400 0.0.0.0:*\n";
    private static final String NO_OVERFLOWS = "TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n";
    private static final String IPTABLES = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
            + "-A INPUT -p tcp -m tcp --dport 8283 -j DROP\n"
            + "-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 9000 -j DROP\n"
            + "COMMIT\n";

    @TempDir
    Path root;

    private final Map<String, String> commands = new HashMap<>();

    private ConnDoctor doctor() {
        CommandRunner fake = (command, timeout) -> Optional.ofNullable(commands.get(String.join(" ", command)));
        return ConnDoctor.builder().hostRoot(root).commands(fake).localNetwork(List::of).build();
    }

    private CliRun run(String... args) {
        return CliRun.of(doctor(), args);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** The socket tables above, a python3 (pid 4242) owning 8282 and 9000, and the captured ss and iptables. */
    private void aHostWithListeners() throws IOException {
        write("proc/net/tcp", TCP);
        write("proc/net/tcp6", TCP_HEADER);
        write("proc/net/netstat", NO_OVERFLOWS);
        write("proc/sys/net/core/somaxconn", "4096\n");
        write("proc/4242/comm", "python3\n");
        write("proc/4242/cmdline", "python3\0listeners.py\0");
        write("proc/4242/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            1024                 524288               files     \n");
        Path fd = Files.createDirectories(root.resolve("proc/4242/fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[235770]"));
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[235771]"));
        commands.put("ss -Hltn", SS);
        commands.put("iptables-save", IPTABLES);
    }

    private void aHostWithoutListeners() throws IOException {
        write("proc/net/tcp", TCP_HEADER);
        write("proc/net/tcp6", TCP_HEADER);
        write("proc/net/netstat", NO_OVERFLOWS);
        commands.put("ss -Hltn", "");
    }

    private static JsonNode port(JsonNode report, int port) {
        return StreamSupport.stream(report.path("ports").spliterator(), false)
                .filter(p -> p.path("port").asInt() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + port + " in " + report.toPrettyString()));
    }

    private static List<String> causeIds(JsonNode port) {
        return StreamSupport.stream(port.path("causes").spliterator(), false).map(c -> c.path("id").asText()).toList();
    }

    // ---- no ports, bad ports

    @Test
    void noPortOnAHostWhereNothingListensPrintsTheHintAndExitsZero() throws IOException {
        aHostWithoutListeners();
        CliRun run = run("server", "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("No port listens on this host, and none was named")
                .contains("conndoctor server 8282");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void noPortOnAHostWhereNothingListensIsAnEmptyJsonReport() throws IOException {
        aHostWithoutListeners();
        CliRun run = run("server", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.path("schema").asText()).isEqualTo("conndoctor.server/1");
        assertThat(json.path("ports").isArray()).isTrue();
        assertThat(json.path("ports")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "70000", "65536", "abc", "80x"})
    void aBadPortExitsTwoWithOneLine(String port) throws IOException {
        aHostWithoutListeners();
        CliRun run = run("server", port, "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("conndoctor: ").doesNotContain("\n").doesNotContain("Exception");
        assertThat(run.err()).contains(port);
    }

    @Test
    void anOutOfRangePortIsNamedAsSuch() throws IOException {
        aHostWithoutListeners();

        assertThat(run("server", "70000", "--lang", "en").err()).contains("port 70000 is out of range");
    }

    // ---- the JSON contract

    @Test
    void theJsonReportNamesTheListenersProgramWithoutItsTokenNorAnyArgvSecret() throws IOException {
        aHostWithListeners();
        write("proc/4242/cmdline", "conndoctor\0listen\0websocket://0.0.0.0:8282\0--token\0tok-SECRET-1\0"
                + "--password=pw-SECRET-2\0");

        CliRun run = run("server", "8282", "--json", "--lang", "en");

        assertThat(run.out()).doesNotContain("SECRET");
        JsonNode listener = port(JSON.readTree(run.out()), 8282).path("listeners").get(0);
        // the field keeps its name; its meaning is the program and its arguments' shape, secrets redacted
        assertThat(listener.path("commandLine").asText())
                .isEqualTo("conndoctor listen websocket://0.0.0.0:8282 --token <redacted> --password=<redacted>");
    }

    @Test
    void theJsonReportHasTheSchemaAndPerPortListenersFirewallAndCauses() throws IOException {
        aHostWithListeners();
        CliRun run = run("server", "8282", "9000", "--json", "--lang", "en");

        JsonNode json = JSON.readTree(run.out());
        assertThat(json.path("schema").asText()).isEqualTo("conndoctor.server/1");
        assertThat(json.path("tool").path("name").asText()).isEqualTo("conndoctor");
        assertThat(json.path("ports")).hasSize(2);

        JsonNode wildcard = port(json, 8282);
        JsonNode listener = wildcard.path("listeners").get(0);
        assertThat(listener.path("address").asText()).isEqualTo("0.0.0.0");
        assertThat(listener.path("port").asInt()).isEqualTo(8282);
        assertThat(listener.path("family").asText()).isEqualTo("tcp");
        assertThat(listener.path("pid").asInt()).isEqualTo(4242);
        assertThat(listener.path("process").asText()).isEqualTo("python3");
        assertThat(listener.path("commandLine").asText()).isEqualTo("python3 listeners.py");
        assertThat(listener.path("backlog").asInt()).isEqualTo(511);
        assertThat(wildcard.path("firewall")).singleElement().satisfies(v -> {
            assertThat(v.path("source").asText()).isEqualTo("iptables");
            assertThat(v.path("direction").asText()).isEqualTo("input");
            assertThat(v.path("decision").asText()).isEqualTo("accepted");
            assertThat(v.path("decidedByPolicy").asBoolean()).isTrue();
            assertThat(v.path("policy").asText()).isEqualTo("ACCEPT");
        });
        assertThat(wildcard.path("causes").isArray()).isTrue();
        assertThat(wildcard.path("causes")).isEmpty();

        JsonNode loopback = port(json, 9000);
        assertThat(causeIds(loopback)).containsExactly("bound-to-loopback", "host-firewall");
        JsonNode cause = loopback.path("causes").get(0);
        assertThat(cause.path("confidence").asText()).isEqualTo("confirmed");
        assertThat(cause.path("summary").asText()).isNotBlank();
        assertThat(cause.path("evidence").get(0).asText()).contains("127.0.0.1:9000 (python3, pid 4242)");
        assertThat(cause.path("fixes")).isNotEmpty();
        JsonNode someBlocked = loopback.path("firewall").get(0);
        assertThat(someBlocked.path("decision").asText()).isEqualTo("some-blocked");
        assertThat(someBlocked.path("rules").get(0).path("rule").asText())
                .isEqualTo("-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 9000 -j DROP");
        assertThat(someBlocked.path("rules").get(0).path("chain").asText()).isEqualTo("INPUT");
        assertThat(someBlocked.path("rules").get(0).path("position").asInt()).isEqualTo(3);

        assertThat(json.path("host").path("somaxconn").asInt()).isEqualTo(4096);
        assertThat(json.path("host").path("firewallsRead").get(0).asText()).isEqualTo("iptables");
        assertThat(json.path("unreadable").isArray()).isTrue();
        assertThat(json.path("elapsedMs").isIntegralNumber()).isTrue();
        assertThat(json.path("elapsedMs").asLong()).as("files and fake commands only").isBetween(0L, 10_000L);
    }

    @Test
    void aPortWithACauseExitsOneAndACleanPortExitsZero() throws IOException {
        aHostWithListeners();

        assertThat(run("server", "8282", "--json").exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run("server", "9000", "--json").exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run("server", "8282", "9000", "--json").exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aPortNobodyListensOnIsServerNotListeningInTheReport() throws IOException {
        aHostWithListeners();
        CliRun run = run("server", "8290", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode p = port(JSON.readTree(run.out()), 8290);
        assertThat(p.path("listeners")).isEmpty();
        assertThat(causeIds(p)).containsExactly("server-not-listening");
        assertThat(p.path("causes").get(0).path("confidence").asText()).isEqualTo("confirmed");
    }

    @Test
    void aFullAcceptQueueIsAcceptBacklogOverflowConfirmed() throws IOException {
        aHostWithListeners();
        JsonNode p = port(JSON.readTree(run("server", "9400", "--json").out()), 9400);

        assertThat(p.path("listeners").get(0).path("queued").asInt()).isEqualTo(2);
        assertThat(p.path("listeners").get(0).path("backlog").asInt()).isEqualTo(1);
        // no owner was readable for 9400: pid and process are null, not missing
        assertThat(p.path("listeners").get(0).has("pid")).isTrue();
        assertThat(p.path("listeners").get(0).path("pid").isNull()).isTrue();
        assertThat(p.path("listeners").get(0).path("process").isNull()).isTrue();
        assertThat(causeIds(p)).contains("accept-backlog-overflow");
        assertThat(StreamSupport.stream(p.path("causes").spliterator(), false)
                .filter(c -> c.path("id").asText().equals("accept-backlog-overflow")).findFirst().orElseThrow()
                .path("confidence").asText()).isEqualTo("confirmed");
    }

    @Test
    void withoutPortsEveryListeningPortIsReported() throws IOException {
        aHostWithListeners();
        JsonNode json = JSON.readTree(run("server", "--json").out());

        assertThat(StreamSupport.stream(json.path("ports").spliterator(), false).map(p -> p.path("port").asInt()))
                .containsExactly(8282, 9000, 9400);
    }

    @Test
    void theJsonIsTheOnlyThingOnStdout() throws IOException {
        aHostWithListeners();
        CliRun run = run("server", "9400", "--json");

        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        assertThat(JSON.readTree(run.out()).isObject()).isTrue();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theTextReportNamesEachPortItsListenersAndCauses() throws IOException {
        aHostWithListeners();
        CliRun run = run("server", "8282", "9000", "--lang", "en", "--no-color");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("port 8282: nothing wrong found on this host")
                .contains("listens on 0.0.0.0:8282, python3 (pid 4242), 0 queued of backlog 511")
                .contains("bound-to-loopback (confirmed)")
                .contains("iptables: some-blocked (-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 9000 -j DROP)");
    }

    @Test
    void whatCouldNotBeReadIsReportedNotHidden() throws IOException {
        aHostWithListeners();
        commands.clear();
        JsonNode json = JSON.readTree(run("server", "8282", "--json").out());

        assertThat(json.path("host").path("firewallsRead")).isEmpty();
        assertThat(StreamSupport.stream(json.path("unreadable").spliterator(), false).map(JsonNode::asText))
                .contains("ss -Hltn: did not run (not installed, or needs root)",
                        "the firewall: iptables-save and nft did not run (not installed, or needs root)");
    }

    @Test
    void aPortTheFirewallDropsIsHostFirewallConfirmedWithTheRuleAndExitsOne() throws IOException {
        aHostWithListeners();
        write("proc/net/tcp", TCP.replace("00000000:205A", "00000000:205B")); // 0.0.0.0:8283
        CliRun run = run("server", "8283", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode p = port(JSON.readTree(run.out()), 8283);
        assertThat(causeIds(p)).containsExactly("host-firewall");
        assertThat(p.path("causes").get(0).path("confidence").asText()).isEqualTo("confirmed");
        assertThat(p.path("causes").get(0).path("evidence").get(0).asText())
                .contains("-A INPUT -p tcp -m tcp --dport 8283 -j DROP");
        assertThat(p.path("firewall").get(0).path("decision").asText()).isEqualTo("dropped");
    }

    // ---- the report as the client reads it

    @Test
    void theJsonReportReadsBackAsServerFacts() throws IOException {
        aHostWithListeners();
        CliRun run = run("server", "8282", "9000", "9400", "8290", "--json");

        List<ServerFacts> facts = ServerReportReader.read(run.out());
        assertThat(facts).extracting(ServerFacts::port).containsExactly(8282, 9000, 9400, 8290);
        ServerFacts wildcard = facts.get(0);
        assertThat(wildcard.listening()).isTrue();
        assertThat(wildcard.loopbackOnly()).isFalse();
        assertThat(wildcard.blocked()).isFalse();
        assertThat(wildcard.listenAddresses()).extracting(a -> a.getHostAddress()).containsExactly("0.0.0.0");
        assertThat(facts.get(1).loopbackOnly()).isTrue();
        // "some blocked" (a source-restricted DROP) is not "blocked" for every client
        assertThat(facts.get(1).blocked()).isFalse();
        assertThat(facts.get(3).listening()).isFalse();
        assertThat(wildcard.panel()).isEmpty();
    }

    @Test
    void aPanelInTheReportReachesTheFacts() throws IOException {
        aHostWithListeners();
        Files.createDirectories(root.resolve("www/server/panel"));
        CliRun run = run("server", "8282", "--json");

        assertThat(JSON.readTree(run.out()).path("host").path("panel").asText()).isEqualTo("baota");
        assertThat(ServerReportReader.read(run.out()).get(0).panel()).contains("baota");
    }

    /** Baota's firewall_new table as the panel creates it (config/databases.json), with the rows of its Security page. */
    private void aBaotaPanelOnIptables(String... acceptedPorts) throws Exception {
        Path db = Files.createDirectories(root.resolve("www/server/panel/data/db")).resolve("firewall.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `firewall_new` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `protocol` TEXT DEFAULT '', "
                    + "`ports` TEXT, `types` TEXT, `address` TEXT DEFAULT '', `brief` TEXT DEFAULT '', "
                    + "`addtime` TEXT DEFAULT '', `domain` TEXT DEFAULT '', `sid`  int DEFAULT 0, `chain` TEXT DEFAULT '')");
            for (String port : acceptedPorts) {
                s.execute("INSERT INTO firewall_new (ports, brief, protocol, address, types, addtime) VALUES ('" + port
                        + "', 'port " + port + "', 'tcp', '', 'accept', '2025-03-02 10:11:12')");
            }
        }
        write("usr/sbin/iptables", "");
        // the rules the panel wrote for its list (iptables -I INPUT ... --state NEW ... -j ACCEPT), policy DROP
        StringBuilder rules = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (String port : acceptedPorts) {
            rules.append("-A INPUT -p tcp -m state --state NEW -m tcp --dport ").append(port.replace('-', ':'))
                    .append(" -j ACCEPT\n");
        }
        commands.put("iptables-save", rules.append("-A INPUT -i lo -j ACCEPT\nCOMMIT\n").toString());
    }

    @Test
    void aBaotaPanelThatDoesNotListThePortIsInTheJsonAndJoinsTheClientsDiagnosis() throws Exception {
        aHostWithListeners();
        aBaotaPanelOnIptables("22", "80", "9000-9500");
        CliRun run = run("server", "8282", "9000", "--json");

        JsonNode report = JSON.readTree(run.out());
        JsonNode panel = report.path("host").path("panels").get(0);
        assertThat(panel.path("name").asText()).isEqualTo("baota");
        assertThat(panel.path("label").asText()).isEqualTo("Baota / aaPanel");
        assertThat(panel.path("drives").asText()).isEqualTo("iptables");
        assertThat(panel.path("source").asText()).isEqualTo("/www/server/panel/data/db/firewall.db (firewall_new)");
        assertThat(panel.path("rules").get(2).path("ports").asText()).isEqualTo("9000-9500");
        JsonNode port8282 = report.path("ports").get(0);
        assertThat(port8282.path("panels").get(0).path("status").asText()).isEqualTo("not-listed");
        assertThat(port8282.path("causes").get(0).path("id").asText()).isEqualTo("panel-firewall");
        assertThat(report.path("ports").get(1).path("panels").get(0).path("status").asText()).isEqualTo("allowed");

        ServerFacts facts = ServerReportReader.read(run.out()).get(0);
        assertThat(facts.panels()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("not-listed");
            assertThat(p.drives()).contains("iptables");
        });
    }

    @Test
    void theTextReportSaysWhatEachPanelDoesToThePort() throws Exception {
        aHostWithListeners();
        aBaotaPanelOnIptables("22", "80", "9000-9500");
        CliRun run = run("server", "8282", "9000", "--no-color");

        assertThat(run.out()).contains("Baota / aaPanel (drives iptables): port 8282 not in its list")
                .contains("Baota / aaPanel (drives iptables): port 9000 allowed by its list: 9000-9500/tcp accept (port 9000-9500)")
                .contains("panel-firewall (confirmed): Baota / aaPanel keeps port 8282 closed");
    }

    @Test
    void aDamagedPanelDatabaseIsNamedInCouldNotReadAndTheRunGoesOn() throws Exception {
        aHostWithListeners();
        write("www/server/panel/data/default.db", "not an SQLite database");
        write("usr/sbin/iptables", "");
        CliRun run = run("server", "8282", "--json");

        JsonNode report = JSON.readTree(run.out());
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(report.path("unreadable").toString()).contains("Baota / aaPanel: /www/server/panel/data/default.db");
        assertThat(report.path("ports").get(0).path("panels").get(0).path("status").asText()).isEqualTo("unreadable");
    }

    @Test
    void aHostRootThatIsNotADirectoryIsABadInvocation() {
        CliRun run = run("server", "8282", "--host-root", root.resolve("missing").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--host-root").contains("is not a directory");
    }

    // ---- diagnose --server-report with something that is not a report

    @Test
    void aServerReportThatIsAnotherDocumentExitsTwoNamingTheProblem() throws IOException {
        Path file = root.resolve("diagnosis.json");
        Files.writeString(file, "{\"schema\": \"conndoctor.diagnosis/1\", \"ports\": []}");
        CliRun run = run("diagnose", "127.0.0.1:9", "--server-report", file.toString(), "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("conndoctor: " + file
                + ": not a conndoctor server report (schema conndoctor.server/1)");
    }

    @Test
    void aServerReportThatIsNotJsonExitsTwoNamingTheProblem() throws IOException {
        Path file = root.resolve("report.txt");
        Files.writeString(file, "port 8282: nothing wrong found on this host\n");
        CliRun run = run("diagnose", "127.0.0.1:9", "--server-report", file.toString(), "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).startsWith("conndoctor: " + file + ": not JSON").doesNotContain("\n");
    }

    @Test
    void aServerReportThatDoesNotExistExitsTwo() {
        CliRun run = run("diagnose", "127.0.0.1:9", "--server-report", root.resolve("missing.json").toString(),
                "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("cannot read").contains("missing.json");
    }

    @Test
    void anEmptyServerReportFileExitsTwo() throws IOException {
        Path file = root.resolve("empty.json");
        Files.writeString(file, "");
        CliRun run = run("diagnose", "127.0.0.1:9", "--server-report", file.toString(), "--lang", "en");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("not a conndoctor server report");
    }
}
