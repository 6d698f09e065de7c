package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.lab.Lab.Host;
import dev.conndoctor.lab.Lab.Network;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenarios of issue 3: every failure of the guide reproduced in the lab's namespaces and
 * diagnosed by the real launcher, run inside the client's namespace as a user would run it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabScenariosIT extends LabScenarios {

    private static final int PORT = 8282;
    /** Not a lab address: nothing holds it on net A, and no route is missing to reach net A. */
    private static final String NOBODY = Network.A.v4(99);

    private String testName;

    @BeforeEach
    void startClean(TestInfo info) {
        lab.reset();
        testName = scenarioName(info);
    }

    /** Runs the launcher in the host's namespace and keeps the JSON under target/lab-diagnoses. */
    private LabDiagnosis diagnose(Host client, String target, String timeout) throws IOException {
        LabDiagnosis diagnosis = lab.diagnose(client, target, timeout);
        Files.writeString(records.resolve(testName + ".txt"), diagnosis.describe() + "\n", StandardCharsets.UTF_8);
        return diagnosis;
    }

    /** The checks every failed scenario shares: outcome, symptom, primary cause, exit code, time. */
    private static void assertFailed(LabDiagnosis d, String symptom, String cause, String confidence, long timeoutMs) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("failed");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo(symptom);
        soft.assertThat(d.primaryId()).as("causes[0].id").isEqualTo(cause);
        soft.assertThat(d.primaryConfidence()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertThat(d.exitCode()).as("exit code").isEqualTo(1);
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, timeoutMs + 1000);
        soft.assertThat(d.causes().get(0).path("fixes").size()).as("causes[0].fixes").isPositive();
        soft.assertThat(d.causes().get(0).path("evidence").size()).as("causes[0].evidence").isPositive();
        soft.assertAll();
    }

    /**
     * The silent port was judged before the timeout ran out, and the JSON says how: its tcp probe
     * carries {@code silence} with the attempts (at least 3, all unanswered), the host's round trip
     * and the wait, which passed the first SYN retransmission and ended before the timeout.
     */
    private static void assertSilenceJudgedEarly(LabDiagnosis d, long timeoutMs) {
        com.fasterxml.jackson.databind.JsonNode tcp = d.probes().stream()
                .filter(p -> p.path("kind").asText().equals("tcp") && p.path("port").asInt() == PORT)
                .findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode silence = tcp.path("silence");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(tcp.path("result").asText()).as("tcp result").isEqualTo("timeout");
        soft.assertThat(silence.path("attempts").asInt()).as("silence.attempts").isGreaterThanOrEqualTo(3);
        soft.assertThat(silence.path("rttMs").isNumber()).as("silence.rttMs is a number").isTrue();
        soft.assertThat(silence.path("conclusive").asBoolean()).as("silence.conclusive").isTrue();
        soft.assertThat(silence.path("waitedMs").asLong()).as("silence.waitedMs")
                .isGreaterThan(silence.path("retransmitMs").asLong()).isLessThan(timeoutMs);
        soft.assertThat(tcp.path("elapsedMs").asLong()).as("the tcp probe ended before the timeout").isLessThan(timeoutMs);
        soft.assertThat(String.join("\n", d.evidenceOf("firewall-drop"))).as("firewall-drop's evidence")
                .contains("stayed silent to " + silence.path("attempts").asInt() + " connections");
        soft.assertAll();
    }

    private static void assertOk(LabDiagnosis d, long timeoutMs) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("ok");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo("ok");
        soft.assertThat(d.exitCode()).as("exit code").isZero();
        soft.assertThat(d.causes()).as("causes").isEmpty();
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, timeoutMs + 1000);
        soft.assertAll();
    }

    private static String server() {
        return lab.server().ipv4() + ":" + PORT;
    }

    // ---- connection refused

    @Test
    @Order(1)
    @DisplayName("1. nothing listens on the port")
    void nothingListeningOnThePortIsServerNotListening() throws IOException {
        LabDiagnosis d = diagnose(lab.clientA(), server(), "2s");
        assertFailed(d, "refused", "server-not-listening", "likely", 2000);
    }

    @Test
    @Order(2)
    @DisplayName("2. the server listens on 8282, the client dials 8283")
    void dialingTheNextPortOfAListeningServerIsServerNotListening() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.ACCEPT);
        LabDiagnosis d = diagnose(lab.clientA(), lab.server().ipv4() + ":" + (PORT + 1), "2s");
        assertFailed(d, "refused", "server-not-listening", "likely", 2000);
    }

    @Test
    @Order(2)
    @DisplayName("2b. a WebSocket server listens on 8282, a ws:// client dials 8283")
    void aWebSocketClientDialingTheNextPortIsWrongPort() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), "ws://" + lab.server().ipv4() + ":" + (PORT + 1) + "/", "2s");
        assertFailed(d, "refused", "wrong-port", "likely", 2000);
        assertThat(String.join("\n", d.evidenceOf("wrong-port"))).contains(server());
        assertThat(d.causeIds()).contains("server-not-listening");
    }

    @Test
    @Order(3)
    @DisplayName("3. the server is bound to 127.0.0.1, a client on another host dials its address")
    void aLoopbackOnlyServerSeenFromAnotherHostIsServerNotListeningWithLoopbackPossible() throws IOException {
        lab.startTestServer(lab.server(), "127.0.0.1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), server(), "2s");
        assertFailed(d, "refused", "server-not-listening", "likely", 2000);
        assertThat(d.cause("bound-to-loopback").path("confidence").asText()).isEqualTo("possible");
    }

    @Test
    @Order(4)
    @DisplayName("4. on the server itself, the listener on 127.0.0.1, dialling the lab address")
    void aLoopbackOnlyServerSeenFromItsOwnHostIsBoundToLoopbackConfirmed() throws IOException {
        lab.startTestServer(lab.server(), "127.0.0.1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.server(), server(), "2s");
        assertFailed(d, "refused", "bound-to-loopback", "confirmed", 2000);
        assertThat(String.join("\n", d.evidenceOf("bound-to-loopback"))).contains("127.0.0.1");
    }

    // ---- connection timeout

    @Test
    @Order(5)
    @DisplayName("5. iptables DROP on the server for the port, other ports answer with a reset")
    void aDropRuleOnTheServerIsFirewallDrop() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        LabDiagnosis d = diagnose(lab.clientA(), server(), "3s");
        assertFailed(d, "timeout", "firewall-drop", "likely", 3000);
        assertThat(d.ruledOutIds()).contains("host-down");
        assertSilenceJudgedEarly(d, 3000);
    }

    @Test
    @Order(5)
    @DisplayName("5b. a server firewall that drops everything but SSH, where a server accepts")
    void aDropPolicyWithOnlySshOpenIsFirewallDrop() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.startTestServer(lab.server(), lab.server().ipv4(), 22, Behaviour.ACCEPT);
        lab.iptables(lab.server(), "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-P", "INPUT", "DROP");
        LabDiagnosis d = diagnose(lab.clientA(), server(), "2s");
        assertFailed(d, "timeout", "firewall-drop", "likely", 2000);
        assertThat(String.join("\n", d.evidenceOf("firewall-drop"))).contains(":22");
        assertSilenceJudgedEarly(d, 2000);
    }

    @Test
    @Order(5)
    @DisplayName("5c. a server firewall that drops every port, seen from its own network: ARP proves it up")
    void aServerThatDropsEveryPortButAnswersArpIsFirewallDropJudgedEarly() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-A", "INPUT", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
        lab.iptables(lab.server(), "-P", "INPUT", "DROP");
        // an entry left complete by an earlier scenario is no proof (it may be stale): start from none
        lab.exec(lab.clientA(), "ip", "neigh", "flush", "dev", "eth0").orThrow();
        LabDiagnosis d = diagnose(lab.clientA(), server(), "4s");
        assertFailed(d, "timeout", "firewall-drop", "likely", 4000);
        assertThat(d.ruledOutIds()).contains("host-down");
        assertSilenceJudgedEarly(d, 4000);
        assertThat(d.probes().stream().filter(p -> p.path("port").asInt() == PORT).findFirst().orElseThrow()
                .path("silence").path("rttFrom").asText()).isEqualTo("neighbour");
        assertThat(String.join("\n", d.evidenceOf("firewall-drop"))).contains("neighbour discovery");
    }

    @Test
    @Order(6)
    @DisplayName("6. DROP on the router between the networks, the server's own rules clean")
    void aDropOnTheRouterIsFirewallDropFromTheClientAlone() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.router(), "-A", "FORWARD", "-s", Network.B.v4Subnet(), "-d", lab.server().ipv4(),
                "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        assertThat(lab.exec(lab.server(), "iptables", "-w", "-S").orThrow().stdout().strip())
                .isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT");
        LabDiagnosis d = diagnose(lab.clientB(), server(), "3s");
        assertFailed(d, "timeout", "firewall-drop", "likely", 3000);
        assertSilenceJudgedEarly(d, 3000);
        // three connections, and the first one's retransmission: every one of them dropped
        assertThat(lab.packetsOfFirstRule(lab.router(), "filter", "FORWARD")).as("SYNs dropped by the router")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(7)
    @DisplayName("7. REJECT with icmp-host-prohibited on the server")
    void aRejectWithHostProhibitedIsFirewallReject() throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT),
                "-j", "REJECT", "--reject-with", "icmp-host-prohibited");
        LabDiagnosis d = diagnose(lab.clientA(), server(), "2s");
        assertFailed(d, "unreachable", "firewall-reject", "likely", 2000);
    }

    @ParameterizedTest(name = "7. REJECT --reject-with {0} looks exactly like a closed port")
    @Order(7)
    @ValueSource(strings = {"icmp-port-unreachable", "tcp-reset"})
    void aRejectWithPortUnreachableOrResetLooksExactlyLikeAClosedPort(String rejectWith) throws IOException {
        requireIptables();
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        lab.iptables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT),
                "-j", "REJECT", "--reject-with", rejectWith);
        LabDiagnosis d = diagnose(lab.clientA(), server(), "2s");
        // honest: from the client, this REJECT cannot be told from a port where nothing listens
        assertFailed(d, "refused", "server-not-listening", "likely", 2000);
        assertThat(d.evidence()).anyMatch(line -> line.contains("looks exactly like a closed port"));
    }

    @Test
    @Order(8)
    @DisplayName("8. no machine at the address on the client's own network (ARP gives up)")
    void noMachineOnTheClientsOwnNetworkIsHostDown() throws IOException {
        LabDiagnosis d = diagnose(lab.clientA(), NOBODY + ":" + PORT, "4s");
        assertFailed(d, "unreachable", "host-down", "likely", 4000);
        assertThat(String.join("\n", d.evidenceOf("host-down"))).contains(NOBODY);
    }

    @Test
    @Order(8)
    @DisplayName("8b. no machine at the address behind the router")
    void noMachineBehindTheRouterIsHostDown() throws IOException {
        LabDiagnosis d = diagnose(lab.clientB(), NOBODY + ":" + PORT, "4s");
        assertThat(d.symptom()).isIn("unreachable", "timeout");
        assertFailed(d, d.symptom(), "host-down", "likely", 4000);
    }

    @Test
    @Order(9)
    @DisplayName("9. an address the client has no route to: the packet never leaves")
    void anAddressWithoutARouteIsNoRouteAndNeverLeavesTheNamespace() throws IOException {
        requireIptables();
        Host isolated = lab.addScenarioHost("isolated", Network.B, 30, false);
        String elsewhere = Network.C.v4(50);
        // count, on the router, every packet for that address: there must be none
        lab.iptables(lab.router(), "-t", "raw", "-A", "PREROUTING", "-d", elsewhere, "-j", "ACCEPT");
        LabDiagnosis d = diagnose(isolated, elsewhere + ":" + PORT, "2s");
        assertFailed(d, "unreachable", "no-route", "confirmed", 2000);
        assertThat(lab.packetsOfFirstRule(lab.router(), "raw", "PREROUTING")).as("packets that left the client")
                .isZero();
    }

    // ---- cannot assign requested address

    @Test
    @Order(10)
    @DisplayName("10. four local ports, all held by open connections to the server")
    void heldEphemeralPortsAreEphemeralPortsExhaustedWithTheCounts() throws IOException {
        Host client = lab.addScenarioHost("ports", Network.A, 30, true);
        lab.sysctl(client, "net.ipv4.ip_local_port_range", "40000 40003");
        assertThat(lab.readSysctl(client, "net.ipv4.ip_local_port_range")).isEqualTo("40000 40003");
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.ACCEPT);
        LabProcess holder = lab.holdConnections(client, server(), 100);
        assertThat(holder.readyLine()).isEqualTo("held 4 Cannot assign requested address");

        LabDiagnosis d = diagnose(client, server(), "2s");
        assertFailed(d, "address-unavailable", "ephemeral-ports-exhausted", "confirmed", 2000);
        assertThat(String.join("\n", d.evidenceOf("ephemeral-ports-exhausted")))
                .contains("40000-40003")
                .contains("4 sockets already hold a local port to " + server())
                .contains("4 ESTABLISHED");
    }

    // ---- working connections

    @Test
    @Order(11)
    @DisplayName("11. a working WebSocket server")
    void aWorkingWebSocketServerIsOk() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), "ws://" + server() + "/", "2s");
        assertOk(d, 2000);
        assertThat(d.probes()).anyMatch(p -> "connected".equals(p.path("result").asText()));
        assertThat(d.warnings()).noneMatch(w -> w.contains("failed"));
    }

    @Test
    @Order(11)
    @DisplayName("11b. a working WebSocket server seen through the router")
    void aWorkingWebSocketServerBehindTheRouterIsOk() throws IOException {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientB(), "ws://" + server() + "/", "2s");
        assertOk(d, 2000);
    }

    // ---- IPv6

    /**
     * Whether the text names the IPv6 address, in its short form (RFC 5952) or in the long form
     * that {@code Inet6Address.getHostAddress()} writes; {@link #ipv6AddressesAreWrittenInTheirShortForm}
     * holds the product to the short one.
     */
    private static boolean mentions(String text, String ipv6) {
        try {
            return text.contains(ipv6) || text.contains(java.net.InetAddress.getByName(ipv6).getHostAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ipv6, e);
        }
    }

    private static String serverV6() {
        return "[" + lab.server().ipv6() + "]:" + PORT;
    }

    @Test
    @Order(12)
    @DisplayName("12. the server listens on [::1] only, a client on another host dials its IPv6 address")
    void anIpv6LoopbackOnlyServerSeenFromAnotherHostIsServerNotListening() throws IOException {
        lab.startTestServer(lab.server(), "::1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), serverV6(), "2s");
        assertFailed(d, "refused", "server-not-listening", "likely", 2000);
        assertThat(d.cause("bound-to-loopback").path("confidence").asText()).isEqualTo("possible");
    }

    @Test
    @Order(12)
    @DisplayName("12b. the server listens on [::1] only, dialled on its IPv6 address from the server itself")
    void anIpv6LoopbackOnlyServerSeenFromItsOwnHostIsBoundToLoopbackConfirmed() throws IOException {
        lab.startTestServer(lab.server(), "::1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.server(), serverV6(), "2s");
        assertFailed(d, "refused", "bound-to-loopback", "confirmed", 2000);
        assertThat(mentions(String.join("\n", d.evidenceOf("bound-to-loopback")), "::1")).isTrue();
    }

    /**
     * The name's addresses as the diagnosis resolved them: in the system's order (getaddrinfo,
     * RFC 6724, this namespace's /etc/gai.conf), one tcp probe per address.
     */
    private static java.util.List<String> resolvedInOrder(LabDiagnosis d) {
        assertThat(d.json().path("resolution").path("order").asText()).as("resolution.order").isEqualTo("system");
        java.util.List<String> addresses = new java.util.ArrayList<>();
        d.json().path("resolution").path("addresses").forEach(a -> addresses.add(a.path("address").asText()));
        assertThat(d.probes().stream().filter(p -> p.path("kind").asText().equals("tcp")).count())
                .as("one tcp probe per address").isEqualTo(addresses.size());
        return addresses;
    }

    /** Mounting /etc/netns/NS/gai.conf needs an /etc/gai.conf to mount it over. */
    private static void requireGaiConf() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(java.nio.file.Path.of("/etc/gai.conf")),
                "this machine has no /etc/gai.conf for `ip netns exec` to mount the scenario's over");
    }

    @Test
    @Order(12)
    @DisplayName("12c. a name with A and AAAA, the AAAA first in the system's order and refused, the A working")
    void aRefusedAaaaFirstBesideAWorkingAIsAddressFamilyMismatch() throws IOException {
        lab.writeHostsFile(lab.clientA(), lab.server().ipv4() + " dual.lab", lab.server().ipv6() + " dual.lab");
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), "dual.lab:" + PORT, "2s");
        // RFC 6724 puts the IPv6 address first (the hosts file lists it second): clients that dial only it fail
        assertFailed(d, "refused", "address-family-mismatch", "confirmed", 2000);
        assertThat(mentions(resolvedInOrder(d).get(0), lab.server().ipv6())).as("the IPv6 address first").isTrue();
        assertThat(String.join("\n", d.evidenceOf("address-family-mismatch"))).contains("comes first")
                .contains(lab.server().ipv4() + ":" + PORT + " (IPv4) accepts the connection");
        assertThat(d.causeIds()).doesNotContain("server-not-listening");
        assertThat(d.warnings()).anyMatch(w -> mentions(w, lab.server().ipv6()) && w.contains("refused"));
    }

    @Test
    @Order(12)
    @DisplayName("12c'. the same name with IPv4 first in this client's gai.conf: the refused AAAA comes later")
    void aRefusedAaaaAfterAWorkingAIsOkWithAWarning() throws IOException {
        requireGaiConf();
        lab.writeHostsFile(lab.clientA(), lab.server().ipv4() + " dual.lab", lab.server().ipv6() + " dual.lab");
        lab.writeGaiConf(lab.clientA(), true);
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.clientA(), "dual.lab:" + PORT, "2s");
        assertOk(d, 2000);
        assertThat(resolvedInOrder(d).get(0)).as("the IPv4 address first").isEqualTo(lab.server().ipv4());
        assertThat(d.warnings()).anyMatch(w -> mentions(w, lab.server().ipv6()) && w.contains("refused"));
        assertThat(d.warnings()).anyMatch(w -> w.contains("Every IPv6 address of the name fails while IPv4 works"));
        assertThat(d.warnings()).noneMatch(w -> w.contains(lab.server().ipv4()));
    }

    @Test
    @Order(12)
    @DisplayName("12d. a name with A and AAAA, the AAAA first and dropped by ip6tables, the A working")
    void aDroppedAaaaFirstBesideAWorkingAIsAddressFamilyMismatch() throws IOException {
        requireIptables();
        lab.writeHostsFile(lab.clientA(), lab.server().ipv4() + " dual.lab", lab.server().ipv6() + " dual.lab");
        lab.startTestServer(lab.server(), "::", PORT, Behaviour.WEBSOCKET);
        lab.ip6tables(lab.server(), "-A", "INPUT", "-p", "tcp", "--dport", String.valueOf(PORT), "-j", "DROP");
        LabDiagnosis d = diagnose(lab.clientA(), "dual.lab:" + PORT, "2s");
        assertFailed(d, "timeout", "address-family-mismatch", "confirmed", 2000);
        assertThat(d.cause("address-family-mismatch").path("fixes").get(0).asText()).contains("ip6tables");
        assertThat(d.warnings()).anyMatch(w -> mentions(w, lab.server().ipv6()) && w.contains("timeout"));
    }

    @Test
    @Order(12)
    @DisplayName("12f. localhost is ::1 first, the server listens on 127.0.0.1 only, dialled on the server itself")
    void localhostAsIpv6FirstWithTheServerOnIpv4LoopbackIsAddressFamilyMismatchWithItsSocketTable() throws IOException {
        lab.writeHostsFile(lab.server()); // 127.0.0.1 localhost, ::1 localhost: as Debian and Ubuntu write it
        lab.startTestServer(lab.server(), "127.0.0.1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.server(), "ws://localhost:" + PORT + "/", "2s");
        assertFailed(d, "refused", "address-family-mismatch", "confirmed", 2000);
        assertThat(resolvedInOrder(d)).containsExactly("::1", "127.0.0.1");
        assertThat(String.join("\n", d.evidenceOf("address-family-mismatch")))
                .contains("127.0.0.1:" + PORT + " listening, not ::1");
        assertThat(d.cause("address-family-mismatch").path("fixes").toString())
                .contains("--dns-result-order=ipv4first").contains("websocket://[::]:" + PORT);
        assertThat(d.json().path("protocol").path("pingAnswered").asBoolean()).as("the WebSocket works on 127.0.0.1")
                .isTrue();
    }

    @Test
    @Order(12)
    @DisplayName("12e. IPv6 addresses appear in the report the way the user wrote them")
    void ipv6AddressesAreWrittenInTheirShortForm() throws IOException {
        lab.startTestServer(lab.server(), "::1", PORT, Behaviour.WEBSOCKET);
        LabDiagnosis d = diagnose(lab.server(), serverV6(), "2s");
        // RFC 5952: 2001:db8:a::10 and ::1, never 2001:db8:a:0:0:0:0:10 or 0:0:0:0:0:0:0:1
        assertThat(d.stdout()).contains(lab.server().ipv6()).doesNotContain("2001:db8:a:0:0:0:0:10")
                .doesNotContain("0:0:0:0:0:0:0:1");
    }
}
