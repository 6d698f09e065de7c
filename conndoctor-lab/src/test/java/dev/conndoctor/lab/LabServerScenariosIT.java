package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conndoctor.lab.Lab.Network;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenarios of issue 6: {@code conndoctor server} run by the real launcher inside the
 * server's namespace, with real listeners and real iptables / nft rules; its report fed to the
 * client's diagnosis ({@code --server-report}); the client's own OUTPUT rules; a real backlog
 * overflowed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabServerScenariosIT extends LabScenarios {

    private static final int PORT = 8282;

    private static Path reports;
    private String testName;

    @BeforeAll
    static void prepareThisClass() throws IOException {
        reports = Lab.locateRepoRoot().resolve("conndoctor-lab/target/lab-server-reports");
    }

    @BeforeEach
    void startClean(TestInfo info) {
        lab.reset();
        testName = scenarioName(info);
    }

    private static void requireNft() {
        assumeTrue(Lab.hasCommand("nft"), "nft is not installed, so the nftables scenarios cannot run");
    }

    /** {@code conndoctor server ARGS --json} in the server's namespace, kept under target/lab-diagnoses. */
    private LabServerReport server(String... args) throws IOException {
        LabServerReport report = LabServerReport.run(lab, lab.server(), args);
        Files.writeString(records.resolve("server-" + testName + ".txt"), report.describe() + "\n",
                StandardCharsets.UTF_8);
        return report;
    }

    private LabDiagnosis diagnose(Lab.Host client, String target, String... extra) throws IOException {
        LabDiagnosis d = lab.diagnose(client, target, "2s", extra);
        Files.writeString(records.resolve("client-" + testName + ".txt"), d.describe() + "\n", StandardCharsets.UTF_8);
        return d;
    }

    /** The server's report for PORT, written where the client namespace can read it, then the client's diagnosis with it. */
    private LabDiagnosis diagnoseWithReport(Lab.Host client, LabServerReport report) throws IOException {
        Path file = report.save(reports, testName);
        return diagnose(client, lab.server().ipv4() + ":" + PORT, "--server-report", file.toString());
    }

    private static void assertReport(LabServerReport r, int exitCode) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.schema()).as("schema").isEqualTo("conndoctor.server/1");
        soft.assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isEqualTo(exitCode);
        soft.assertThat(r.stderr()).as("stderr").doesNotContain("Exception");
        soft.assertAll();
    }


    private static void assertFailed(LabDiagnosis d, String symptom, String cause, String confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("failed");
        soft.assertThat(d.symptom()).as("symptom\n%s", d.describe()).isEqualTo(symptom);
        soft.assertThat(d.primaryId()).as("causes[0].id\n%s", d.describe()).isEqualTo(cause);
        soft.assertThat(d.primaryConfidence()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertThat(d.exitCode()).as("exit code").isEqualTo(1);
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, 3000L);
        soft.assertAll();
    }

    private static String server8282() {
        return lab.server().ipv4() + ":" + PORT;
    }

    // ---- listeners

    @Test
    @Order(1)
    @DisplayName("S1. a Java server on 0.0.0.0: listening everywhere, owner java with its pid, no cause")
    void aWildcardListenerIsReportedWithItsOwnerAndNoCause() throws IOException {
        LabProcess java = lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 0);
        assertThat(r.causes(PORT)).as(r.describe()).isEmpty();
        assertThat(r.listeners(PORT)).singleElement().satisfies(l -> {
            // Java listens on 0.0.0.0 through a dual-stack IPv6 socket: the kernel shows [::]
            assertThat(l.path("address").asText()).isIn("0.0.0.0", "::");
            assertThat(l.path("port").asInt()).isEqualTo(PORT);
            assertThat(l.path("family").asText()).isIn("tcp", "tcp6");
            assertThat(l.path("pid").asLong()).isEqualTo(java.pid());
            assertThat(l.path("process").asText()).isEqualTo("java");
            assertThat(l.path("commandLine").asText()).contains("TestServer");
        });
        // from the host itself, its own address on net A works
        assertThat(r.port(PORT).path("selfCheck").toString()).contains("\"address\":\"192.0.2.10\",\"result\":\"connected\"");
    }

    @Test
    @Order(2)
    @DisplayName("S2. a Java server on 127.0.0.1: bound-to-loopback, confirmed")
    void aLoopbackListenerIsBoundToLoopbackConfirmed() throws IOException {
        LabProcess java = lab.startTestServer(lab.server(), "127.0.0.1", PORT, Behaviour.ACCEPT);
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "bound-to-loopback", "confirmed");
        assertThat(r.listeners(PORT)).singleElement()
                .satisfies(l -> assertThat(l.path("address").asText()).isEqualTo("127.0.0.1"));
        assertThat(r.evidenceOf(PORT, "bound-to-loopback")).contains("127.0.0.1:8282 (java, pid " + java.pid() + ")");
    }

    @Test
    @Order(3)
    @DisplayName("S3. a Java server on 192.0.2.10 only: bound-to-other-address, possible")
    void aSpecificAddressListenerIsBoundToOtherAddressPossible() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.ACCEPT);
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "bound-to-other-address", "possible");
        assertThat(r.listeners(PORT)).singleElement()
                .satisfies(l -> assertThat(l.path("address").asText()).isEqualTo("192.0.2.10"));
    }

    @Test
    @Order(4)
    @DisplayName("S4. nothing on the port: server-not-listening, confirmed")
    void nothingOnThePortIsServerNotListeningConfirmed() throws IOException {
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "server-not-listening", "confirmed");
        assertThat(r.listeners(PORT)).isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("S4b. no port named: every listening port is reported, a loopback-only one as local only; named, it is judged")
    void withoutAPortEveryListeningPortIsReported() throws IOException {
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        lab.startTestServer(lab.server(), "127.0.0.1", PORT + 1, Behaviour.ACCEPT);
        LabServerReport r = server();

        // a port on loopback only that nobody asked about is listed, not judged (local-only, d681d56)
        assertReport(r, 0);
        assertThat(r.ports()).containsExactly(PORT, PORT + 1);
        assertThat(r.causes(PORT)).isEmpty();
        assertThat(r.port(PORT + 1).path("localOnly").asBoolean()).as(r.describe()).isTrue();
        assertThat(r.causes(PORT + 1)).isEmpty();
        server(String.valueOf(PORT + 1)).assertPrimary(PORT + 1, "bound-to-loopback", "confirmed");
    }

    // ---- the server's own firewall

    @Test
    @Order(5)
    @DisplayName("S5. iptables DROP for the port: host-firewall, confirmed, with the rule")
    void anIptablesDropIsHostFirewallConfirmedWithTheRule() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "host-firewall", "confirmed");
        assertThat(r.evidenceOf(PORT, "host-firewall")).contains("iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP");
        assertThat(r.firewall(PORT)).anySatisfy(v -> assertThat(v.path("decision").asText()).isEqualTo("dropped"));
    }

    @ParameterizedTest(name = "S6. iptables REJECT --reject-with {0}: host-firewall, confirmed")
    @Order(6)
    @ValueSource(strings = {"icmp-port-unreachable", "tcp-reset"})
    void anIptablesRejectIsHostFirewallConfirmed(String rejectWith) throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "REJECT",
                "--reject-with", rejectWith);
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "host-firewall", "confirmed");
        assertThat(r.evidenceOf(PORT, "host-firewall")).contains("rejected").contains("--reject-with " + rejectWith);
    }

    @Test
    @Order(7)
    @DisplayName("S7. a multiport DROP of 80,443,8000:8300: host-firewall, confirmed")
    void aMultiportDropWithARangeIsHostFirewallConfirmed() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "80,443,8000:8300",
                "-j", "DROP");
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "host-firewall", "confirmed");
        assertThat(r.evidenceOf(PORT, "host-firewall")).contains("--dports 80,443,8000:8300");
    }

    @Test
    @Order(8)
    @DisplayName("S8. a DROP for net B's clients only: host-firewall, likely (some clients blocked)")
    void aSourceRestrictedDropIsHostFirewallLikely() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        lab.iptables(lab.server(), "-A", "INPUT", "-s", Network.B.v4Subnet(), "-p", "tcp", "--dport",
                String.valueOf(PORT), "-j", "DROP");
        LabServerReport r = server(String.valueOf(PORT));

        assertReport(r, 1);
        r.assertPrimary(PORT, "host-firewall", "likely");
        assertThat(r.evidenceOf(PORT, "host-firewall")).contains("-s 198.51.100.0/24");
        assertThat(r.firewall(PORT)).anySatisfy(v -> {
            assertThat(v.path("source").asText()).isEqualTo("iptables");
            assertThat(v.path("decision").asText()).isEqualTo("some-blocked");
            assertThat(v.path("rules").get(0).path("rule").asText())
                    .isEqualTo("-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 8282 -j DROP");
        });
    }

    @Test
    @Order(9)
    @DisplayName("S9. a native nft table that drops the port: host-firewall, confirmed")
    void aNativeNftDropIsHostFirewallConfirmed() throws IOException {
        requireNft();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        try {
            nft("add table inet cdlabtest",
                    "add chain inet cdlabtest input { type filter hook input priority 0 ; policy accept ; }",
                    "add rule inet cdlabtest input tcp dport { 22, 8282 } drop");
            LabServerReport r = server(String.valueOf(PORT));

            assertReport(r, 1);
            r.assertPrimary(PORT, "host-firewall", "confirmed");
            assertThat(r.evidenceOf(PORT, "host-firewall")).contains("nft: tcp dport { 22, 8282 } drop");
        } finally {
            removeNftTable();
        }
    }

    @Test
    @Order(9)
    @DisplayName("S9b. a native nft table that drops the port for one source: host-firewall, likely")
    void aNativeNftDropForOneSourceIsHostFirewallLikely() throws IOException {
        requireNft();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.ACCEPT);
        try {
            nft("add table inet cdlabtest",
                    "add chain inet cdlabtest input { type filter hook input priority 0 ; policy accept ; }",
                    "add rule inet cdlabtest input ip saddr 198.51.100.0/24 tcp dport 8000-8300 drop");
            LabServerReport r = server(String.valueOf(PORT));

            assertReport(r, 1);
            r.assertPrimary(PORT, "host-firewall", "likely");
            assertThat(r.evidenceOf(PORT, "host-firewall")).contains("nft: ip saddr 198.51.100.0/24 tcp dport 8000-8300 drop");
            assertThat(r.json().path("host").path("firewallsRead").toString()).contains("nft");
        } finally {
            removeNftTable();
        }
    }

    private void nft(String... commands) {
        for (String command : commands) {
            List<String> full = new ArrayList<>(List.of("nft"));
            full.addAll(List.of(command.split(" ")));
            lab.exec(lab.server(), full.toArray(String[]::new)).orThrow();
        }
    }

    private void removeNftTable() {
        // Lab.reset() flushes iptables only: the scenario's own nft table goes here
        lab.exec(lab.server(), "nft", "delete", "table", "inet", "cdlabtest");
    }

    // ---- two-sided: the server's report joined with the client's diagnosis

    @Test
    @Order(10)
    @DisplayName("S10. loopback-bound server + its report: the client's refusal is bound-to-loopback, confirmed")
    void aLoopbackServersReportMakesTheRefusalBoundToLoopbackConfirmed() throws IOException {
        lab.startTestServer(lab.server(), "127.0.0.1", PORT, Behaviour.ACCEPT);
        LabServerReport report = server(String.valueOf(PORT));
        assertReport(report, 1);

        LabDiagnosis without = diagnose(lab.clientA(), server8282());
        assertFailed(without, "refused", "server-not-listening", "likely");
        LabDiagnosis with = diagnoseWithReport(lab.clientA(), report);
        assertFailed(with, "refused", "bound-to-loopback", "confirmed");
        assertThat(String.join("\n", with.evidenceOf("bound-to-loopback")))
                .contains("The server's report: port 8282 listens on 127.0.0.1");
    }

    @Test
    @Order(11)
    @DisplayName("S11. DROP on the router, server clean + its report: network-firewall, likely")
    void aRouterDropWithACleanServerReportIsNetworkFirewallLikely() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.router(), "-A", "FORWARD", "-s", Network.B.v4Subnet(), "-d", lab.server().ipv4(),
                "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        LabServerReport report = server(String.valueOf(PORT));
        assertReport(report, 0);

        LabDiagnosis d = diagnoseWithReport(lab.clientB(), report);
        assertFailed(d, "timeout", "network-firewall", "likely");
        assertThat(String.join("\n", d.evidenceOf("network-firewall")))
                .contains("its own firewall lets the port in");
        assertThat(lab.packetsOfFirstRule(lab.router(), "filter", "FORWARD")).as("SYNs dropped by the router")
                .isPositive();
    }

    @Test
    @Order(12)
    @DisplayName("S12. DROP on the server + its report: host-firewall, confirmed")
    void aServerDropWithItsReportIsHostFirewallConfirmed() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        LabServerReport report = server(String.valueOf(PORT));
        assertReport(report, 1);

        LabDiagnosis d = diagnoseWithReport(lab.clientA(), report);
        assertFailed(d, "timeout", "host-firewall", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("host-firewall"))).contains("-A INPUT -p tcp -m tcp --dport 8282 -j DROP");
    }

    @Test
    @Order(12)
    void aServerDropForTheClientsNetworkWithItsReportIsNotNetworkFirewall() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-s", Network.B.v4Subnet(), "-p", "tcp", "--dport",
                String.valueOf(PORT), "-j", "DROP");
        LabServerReport report = server(String.valueOf(PORT));
        report.assertPrimary(PORT, "host-firewall", "likely");

        LabDiagnosis d = diagnoseWithReport(lab.clientB(), report);
        assertThat(d.symptom()).isEqualTo("timeout");
        assertThat(d.primaryId()).as(d.describe()).isEqualTo("host-firewall");
        assertThat(d.causeIds()).doesNotContain("network-firewall");
    }

    // ---- the client's own OUTPUT rules

    @Test
    @Order(13)
    @DisplayName("S13. the client's own OUTPUT DROP for the port: local-firewall, confirmed")
    void theClientsOwnOutputDropIsLocalFirewallConfirmed() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.clientA(), "-A", "OUTPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");

        LabDiagnosis d = diagnose(lab.clientA(), server8282());
        assertThat(d.symptom()).as(d.describe()).isIn("timeout", "blocked-locally");
        assertFailed(d, d.symptom(), "local-firewall", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("local-firewall")))
                .contains("-A OUTPUT -p tcp -m tcp --dport 8282 -j DROP");
    }

    @Test
    @Order(14)
    @DisplayName("S14. the client's own OUTPUT REJECT for the port: local-firewall, confirmed")
    void theClientsOwnOutputRejectIsLocalFirewallConfirmed() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.clientA(), "-A", "OUTPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "REJECT");

        LabDiagnosis d = diagnose(lab.clientA(), server8282());
        assertThat(d.symptom()).as(d.describe()).isIn("refused", "unreachable", "blocked-locally");
        assertFailed(d, d.symptom(), "local-firewall", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("local-firewall"))).contains("rejected").contains("-j REJECT");
    }

    // ---- a real backlog, overflowed (last: the namespace's ListenOverflows counter stays raised)

    /** A listener with a backlog of one that never accepts, in its own JVM in the server's namespace. */
    private LabProcess backlogListener(boolean ipv4Stack) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.server().namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        if (ipv4Stack) {
            command.add("-Djava.net.preferIPv4Stack=true");
        }
        command.addAll(List.of("-cp", testClasses(), BacklogListener.class.getName(), lab.server().ipv4(),
                String.valueOf(PORT), "1"));
        return lab.start(lab.server(), "listening ", Duration.ofSeconds(20), command);
    }

    private static String testClasses() {
        try {
            return Path.of(BacklogListener.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new LabException("cannot find the lab's test classes", e);
        }
    }

    private void assertOverflowConfirmed(LabServerReport r) {
        assertReport(r, 1);
        JsonNode listener = r.listeners(PORT).get(0);
        assertThat(listener.path("queued").asInt()).as(r.describe()).isGreaterThan(listener.path("backlog").asInt(99));
        assertThat(r.causeIds(PORT)).as(r.describe()).contains("accept-backlog-overflow");
        assertThat(r.cause(PORT, "accept-backlog-overflow").path("confidence").asText()).as(r.describe())
                .isEqualTo("confirmed");
        assertThat(r.evidenceOf(PORT, "accept-backlog-overflow")).contains("192.0.2.10:8282: 2 connections queued, backlog 1");
        assertThat(r.json().path("host").path("listenOverflows").asLong()).isPositive();
    }

    @Test
    @Order(15)
    @DisplayName("S15. a plain DNAT rule (no engine) into another namespace whose app is on its loopback: container-bound-to-loopback")
    void aDnatIntoANamespaceWhoseAppListensOnItsLoopbackIsContainerBoundToLoopbackWithoutAnEngine() throws IOException {
        requireIptables();
        // a "container": a namespace of its own on net A, its app on 127.0.0.1, reached only through the server's DNAT
        Lab.Host box = lab.addScenarioHost("box", Network.A, 40, true);
        lab.startTestServer(box, "127.0.0.1", 80, Behaviour.WEBSOCKET);
        try {
            lab.iptables(lab.server(), "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "18081",
                    "-j", "DNAT", "--to-destination", box.ipv4() + ":80");
            LabServerReport r = server("18081");
            r.assertPrimary(18081, "container-bound-to-loopback", "confirmed");
            assertThat(String.join("\n", r.evidenceOf(18081, "container-bound-to-loopback")))
                    .contains(box.ipv4() + ":80").contains("127.0.0.1:80");
            assertThat(r.causeIds(18081)).as("the DNAT publishes the port: no listener is expected on the host")
                    .doesNotContain("server-not-listening");
        } finally {
            lab.iptables(lab.server(), "-t", "nat", "-F");
        }
    }

    // ---- hosting panels: the server namespace's host root holds the panel's files, its rules are real

    /**
     * A host root for {@code server --host-root}: the panel's files in place, its {@code /proc} the real
     * one (read from inside the server's namespace, so /proc/net is that namespace's), never the
     * machine's own /www or /etc.
     */
    private Path panelRoot() throws IOException {
        Path root = Lab.locateRepoRoot().resolve("conndoctor-lab/target/lab-panel-roots").resolve(testName);
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc"));
        return root;
    }

    private static Path write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** A panel's database from the core module's fixture script (its real schema and rows). */
    private static void database(Path file, String fixture) throws IOException {
        String sql = Files.readString(Lab.locateRepoRoot().resolve("conndoctor-core/src/test/resources/fixtures/panels")
                .resolve(fixture), StandardCharsets.UTF_8);
        String body = String.join("\n", sql.lines().filter(l -> !l.strip().startsWith("--")).toList());
        Files.createDirectories(file.getParent());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement st = c.createStatement()) {
            for (String statement : body.split(";\\s*\n")) {
                if (!statement.isBlank()) {
                    st.execute(statement.strip());
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot build " + file + " from " + fixture, e);
        }
    }

    @Test
    @Order(16)
    @DisplayName("S16. Baota on iptables, 8282 not in its list: panel-firewall confirmed on the server and, with the report, on the client")
    void baotaOnIptablesWithoutThePortIsPanelFirewallOnBothSides() throws IOException {
        requireIptables();
        Path root = panelRoot();
        database(root.resolve("www/server/panel/data/db/firewall.db"), "baota/firewall.db.sql");
        write(root, "usr/sbin/iptables", ""); // no ufw, no firewalld: the panel drives iptables
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        lab.startTestServer(lab.server(), "0.0.0.0", 8888, Behaviour.ACCEPT);
        // the base a CentOS host has, then what the panel runs for each port of its list (class/firewalls.py)
        lab.iptables(lab.server(), "-P", "INPUT", "DROP");
        lab.iptables(lab.server(), "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-A", "INPUT", "-m", "state", "--state", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        for (String port : List.of("21", "22", "80", "443", "8888", "39000:40000")) {
            lab.iptables(lab.server(), "-I", "INPUT", "-p", "tcp", "-m", "state", "--state", "NEW", "-m", "tcp",
                    "--dport", port, "-j", "ACCEPT");
        }
        LabServerReport r = server(String.valueOf(PORT), "8888", "--host-root", root.toString());

        assertReport(r, 1);
        r.assertPrimary(PORT, "panel-firewall", "confirmed");
        assertThat(r.evidenceOf(PORT, "panel-firewall"))
                .contains("Baota / aaPanel's list of open ports does not have 8282 (it opens 21, 22, 80, 443, 8888, 39000-40000")
                .contains("it drives iptables")
                .contains("port 8282 dropped by iptables: policy DROP");
        assertThat(r.causeIds(PORT)).contains("host-firewall");
        assertThat(r.causeIds(8888)).as(r.describe()).isEmpty();
        assertThat(r.port(8888).path("ruledOut").toString()).contains("Baota / aaPanel lets port 8888 in: 8888/tcp accept (WEB面板)");
        assertThat(r.json().path("host").path("panels").get(0).path("source").asText())
                .isEqualTo("/www/server/panel/data/db/firewall.db (firewall_new)");

        LabDiagnosis d = diagnoseWithReport(lab.clientA(), r);
        assertFailed(d, "timeout", "panel-firewall", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("panel-firewall")))
                .contains("The server's report: port 8282 is not in Baota / aaPanel's list of open ports");
    }

    @Test
    @Order(17)
    @DisplayName("S17. CSF with 8282 in TCP_IN, lfd's block of client B in csf.deny: B's timeout is panel-firewall confirmed, A connects")
    void csfDenyingOneClientsAddressIsPanelFirewallForThatClientOnly() throws IOException {
        requireIptables();
        Path root = panelRoot();
        write(root, "etc/csf/csf.conf", Files.readString(Lab.locateRepoRoot()
                .resolve("conndoctor-core/src/test/resources/fixtures/panels/csf/csf.conf"), StandardCharsets.UTF_8)
                .replace("8443,30000:35000\"", "8443,8282,30000:35000\""));
        String blocked = lab.clientB().ipv4();
        write(root, "etc/csf/csf.deny", blocked + " # lfd: (sshd) Failed SSH login from " + blocked
                + " (XX/-/-): 5 in the last 3600 secs - Sun Mar  2 10:18:09 2025\n");
        lab.startTestServer(lab.server(), "0.0.0.0", PORT, Behaviour.WEBSOCKET);
        // csf.pl's chains: LOCALINPUT before the TCP_IN rules, csf.deny's addresses in DENYIN, policy DROP
        lab.iptables(lab.server(), "-N", "LOCALINPUT");
        lab.iptables(lab.server(), "-N", "DENYIN");
        lab.iptables(lab.server(), "-P", "INPUT", "DROP");
        lab.iptables(lab.server(), "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-A", "INPUT", "!", "-i", "lo", "-j", "LOCALINPUT");
        lab.iptables(lab.server(), "-A", "LOCALINPUT", "-j", "DENYIN");
        lab.iptables(lab.server(), "-A", "DENYIN", "-s", blocked, "-j", "DROP");
        lab.iptables(lab.server(), "-A", "INPUT", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
        for (String port : List.of("22", "80", "443", String.valueOf(PORT), "30000:35000")) {
            lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "-m", "conntrack", "--ctstate", "NEW", "--dport", port,
                    "-j", "ACCEPT");
        }
        LabServerReport r = server(String.valueOf(PORT), "--host-root", root.toString());

        assertThat(r.causeIds(PORT)).as(r.describe()).doesNotContain("panel-firewall");
        assertThat(r.port(PORT).path("ruledOut").toString()).contains("CSF lets port 8282 in: 8282/tcp accept (TCP_IN)");
        assertThat(r.json().path("host").path("panels").get(0).path("denied").get(0).path("source").asText())
                .isEqualTo(blocked);

        LabDiagnosis b = diagnoseWithReport(lab.clientB(), r);
        assertFailed(b, "timeout", "panel-firewall", "confirmed");
        assertThat(String.join("\n", b.evidenceOf("panel-firewall")))
                .contains("CSF denies this client's address " + blocked + " outright (lfd: (sshd) Failed SSH login");
        assertThat(b.describe()).contains("csf -dr " + blocked);

        LabDiagnosis a = diagnoseWithReport(lab.clientA(), r);
        assertThat(a.outcome()).as(a.describe()).isEqualTo("ok");
    }

    @Test
    @Order(20)
    @DisplayName("S20. a listener with backlog 1 that never accepts, its queue filled from a client: accept-backlog-overflow, confirmed")
    void aFullAcceptQueueIsAcceptBacklogOverflowConfirmed() throws IOException {
        backlogListener(true);
        LabProcess holder = lab.holdConnections(lab.clientA(), server8282(), 10);
        // two connections complete into the queue (it is full when it holds more than its backlog); the third SYN is dropped
        assertThat(holder.readyLine()).startsWith("held 2 ");

        assertOverflowConfirmed(server(String.valueOf(PORT)));
    }

    @Test
    @Order(21)
    @DisplayName("S21. the same with Java's default dual-stack sockets")
    void aFullAcceptQueueOfAJavaListenerIsAcceptBacklogOverflowConfirmed() throws IOException {
        backlogListener(false);
        LabProcess holder = lab.holdConnections(lab.clientA(), server8282(), 10);
        assertThat(holder.readyLine()).startsWith("held 2 ");

        assertOverflowConfirmed(server(String.valueOf(PORT)));
    }
}
