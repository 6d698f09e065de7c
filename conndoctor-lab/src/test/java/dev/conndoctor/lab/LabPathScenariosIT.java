package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conndoctor.lab.Lab.Host;
import dev.conndoctor.lab.Lab.Network;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The path scenarios of issue 5 in the lab: what happens before a packet reaches the server.
 * A real dnsmasq serves the lab's names (a name pointing at the wrong machine, a name that
 * does not exist, a fake-IP answer, two nameservers that disagree), the client's own hosts
 * file overrides DNS, a lab range is declared a CDN and fronted by a real nginx edge, and a
 * real tinyproxy refuses the tunnel to the service port while the direct path works.
 *
 * <p>Every host diagnosed from has its own {@code /etc/netns/NS/resolv.conf} naming only the
 * lab's nameservers (or none), and the launcher runs with the proxy variables of the scenario
 * only (those of the test's own environment are removed), so that nothing leaves the lab.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabPathScenariosIT extends LabScenarios {

    private static final int PORT = 8282;
    private static final String TIMEOUT = "2s";
    private static final long TIMEOUT_MS = 2000;
    /** Two timeouts (a silent handshake and its follow-up), plus start-up and the rest. */
    private static final long BOUND_MS = 2 * TIMEOUT_MS + 1000;

    /** The server's name: the lab's nameserver answers with the server's address. */
    private static final String RIGHT = "right." + LabDns.ZONE;
    /** A name whose record points at another lab machine (clienta, where nothing listens on 8282). */
    private static final String WRONG = "wrong." + LabDns.ZONE;
    /** A name the lab's nameserver does not know: NXDOMAIN. */
    private static final String MISSING = "missing." + LabDns.ZONE;
    /** A name answered with 198.18.0.5, as proxy software in fake-IP mode answers. */
    private static final String FAKE = "fake." + LabDns.ZONE;
    private static final String FAKE_IP = "198.18.0.5";
    /** A name the two lab nameservers answer differently. */
    private static final String SPLIT = "split." + LabDns.ZONE;
    /** The name of the CDN edge. */
    private static final String EDGE = "edge." + LabDns.ZONE;

    /** Proxy variables a launcher could inherit from the test's environment: each run starts without them. */
    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "HTTP_PROXY", "https_proxy",
            "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY");

    private final List<LabDns.ResolvConf> resolvConfs = new ArrayList<>();
    private String testName;

    @BeforeEach
    void startClean(TestInfo info) {
        lab.reset();
        testName = scenarioName(info);
        // no lab host may ask the machine's own nameserver: the clients start with none at all
        useNameservers(lab.clientA());
        useNameservers(lab.clientB());
    }

    @AfterEach
    void removeResolvConfs() {
        if (Boolean.getBoolean("lab.keep")) {
            // a lab left up for a look around keeps its names; the next run's sweep removes /etc/netns/<ns>
            resolvConfs.clear();
            return;
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (LabDns.ResolvConf conf : resolvConfs) {
            try {
                conf.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        resolvConfs.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    // ---- set-up helpers

    /** Points the host's resolver at these lab nameservers only (none: an empty resolv.conf). */
    private void useNameservers(Host host, String... nameservers) {
        resolvConfs.add(LabDns.resolvConf(host, nameservers));
    }

    /** A host on net C for a daemon of this scenario; it asks no nameserver either. */
    private Host netCHost(String role, int number) {
        Host host = lab.addScenarioHost(role, Network.C, number, true);
        useNameservers(host);
        return host;
    }

    /** The lab's nameserver at 203.0.113.53, answering {@code nameThenAddress}. */
    private Host startDns(String... nameThenAddress) {
        return startDns("dns", 53, nameThenAddress);
    }

    private Host startDns(String role, int number, String... nameThenAddress) {
        assumeTrue(LabDns.available(), "dnsmasq is not installed (apt-get install dnsmasq-base), "
                + "so the DNS scenarios cannot run");
        Host dns = netCHost(role, number);
        LabDns.start(lab, dns, LabDns.answers(nameThenAddress));
        return dns;
    }

    private static void startWebSocketServer() {
        lab.startTestServer(lab.server(), lab.server().ipv4(), PORT, Behaviour.WEBSOCKET);
    }

    // ---- running the launcher

    private LabDiagnosis diagnose(Host client, String target, String... extra) throws IOException {
        return diagnose(client, Map.of(), target, extra);
    }

    /**
     * Runs {@code conndoctor diagnose TARGET --json --timeout 2s [extra...]} in the client's
     * namespace with exactly the proxy variables of {@code environment}, and keeps the JSON under
     * target/lab-diagnoses.
     */
    private LabDiagnosis diagnose(Host client, Map<String, String> environment, String target, String... extra)
            throws IOException {
        Path resolvConf = Path.of("/etc/netns", client.namespace(), "resolv.conf");
        if (!Files.isRegularFile(resolvConf)) {
            throw new IllegalStateException(client + " has no " + resolvConf + ": it would ask the machine's nameserver");
        }
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", client.namespace(), "env"));
        for (String variable : PROXY_VARIABLES) {
            command.add("-u");
            command.add(variable);
        }
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of(lab.launcher().toString(), "diagnose", target, "--json", "--timeout", TIMEOUT));
        command.addAll(List.of(extra));
        // from the repository root, as a user types ./conndoctor (the launcher's rebuild needs it)
        LabDiagnosis diagnosis = LabDiagnosis.of(client.namespace(),
                Commands.run(command, Duration.ofSeconds(120), Lab.locateRepoRoot().toFile()));
        Files.writeString(records.resolve(testName + ".txt"), diagnosis.describe() + "\n", StandardCharsets.UTF_8);
        return diagnosis;
    }

    // ---- shared checks

    private static void assertFailed(LabDiagnosis d, String symptom, String cause, String confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("failed");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo(symptom);
        soft.assertThat(d.primaryId()).as("causes[0].id").isEqualTo(cause);
        soft.assertThat(d.primaryConfidence()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertThat(d.exitCode()).as("exit code").isEqualTo(1);
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, BOUND_MS);
        soft.assertThat(d.causes().isEmpty() ? 0 : d.causes().get(0).path("fixes").size()).as("causes[0].fixes")
                .isPositive();
        soft.assertThat(d.causes().isEmpty() ? 0 : d.causes().get(0).path("evidence").size())
                .as("causes[0].evidence").isPositive();
        soft.assertAll();
    }

    private static void assertOk(LabDiagnosis d) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.schema()).as("schema").isEqualTo("conndoctor.diagnosis/1");
        soft.assertThat(d.outcome()).as("outcome").isEqualTo("ok");
        soft.assertThat(d.symptom()).as("symptom").isEqualTo("ok");
        soft.assertThat(d.exitCode()).as("exit code").isZero();
        soft.assertThat(d.causes()).as("causes").isEmpty();
        soft.assertThat(d.elapsedMs()).as("elapsedMs").isBetween(0L, BOUND_MS);
        soft.assertAll();
    }

    /** The A records one nameserver gave, from the JSON's {@code dns.answers}. */
    private static List<String> aRecordsFrom(LabDiagnosis d, String server) {
        List<String> data = new ArrayList<>();
        for (JsonNode answer : d.json().path("dns").path("answers")) {
            if (answer.path("server").asText().equals(server) && answer.path("type").asText().equals("A")) {
                answer.path("records").forEach(r -> {
                    if (r.path("type").asText().equals("A")) {
                        data.add(r.path("data").asText());
                    }
                });
            }
        }
        return data;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String ws(String host) {
        return "ws://" + host + ":" + PORT + "/";
    }

    // ---- names: a real nameserver

    @Test
    @Order(1)
    @DisplayName("N0. the server's name, answered by the lab's dnsmasq, --expect-ip the server")
    void theRightNameFromTheLabNameserverIsOk() throws IOException {
        Host dns = startDns(RIGHT, lab.server().ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(RIGHT), "--expect-ip", lab.server().ipv4());
        assertOk(d);
        assertThat(texts(d.json().path("dns").path("nameservers"))).as("nameservers asked").containsExactly(dns.ipv4());
        assertThat(aRecordsFrom(d, dns.ipv4())).as("A records of the lab nameserver").containsExactly(lab.server().ipv4());
    }

    @Test
    @Order(2)
    @DisplayName("N1. the name points at another lab machine, --expect-ip the server")
    void aNamePointingAtAnotherMachineIsDnsPointsElsewhereConfirmed() throws IOException {
        Host dns = startDns(RIGHT, lab.server().ipv4(), WRONG, lab.clientA().ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(WRONG), "--expect-ip", lab.server().ipv4());
        // the machine at the wrong address refuses: without --expect-ip that reads as "nothing listens"
        assertFailed(d, "refused", "dns-points-elsewhere", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("dns-points-elsewhere")))
                .contains(WRONG, lab.clientA().ipv4(), lab.server().ipv4());
        assertThat(aRecordsFrom(d, dns.ipv4())).as("A records of the lab nameserver").containsExactly(lab.clientA().ipv4());
    }

    @Test
    @Order(3)
    @DisplayName("N2. a name the lab's nameserver does not know")
    void aNameThatDoesNotExistIsDnsNxdomain() throws IOException {
        Host dns = startDns(RIGHT, lab.server().ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        LabDiagnosis d = diagnose(lab.clientB(), ws(MISSING));
        assertFailed(d, "dns-failed", "dns-nxdomain", "confirmed");
        JsonNode answers = d.json().path("dns").path("answers");
        assertThat(StreamSupport.stream(answers.spliterator(), false).map(a -> a.path("rcode").asText()).toList())
                .as("rcodes of the lab nameserver").isNotEmpty().allMatch(r -> r.equalsIgnoreCase("NXDOMAIN"));
    }

    @Test
    @Order(4)
    @DisplayName("N3. the name is answered with a fake IP (198.18.0.5), which the client has no route to")
    void aFakeIpAnswerIsFakeIpProxyConfirmed() throws IOException {
        Host dns = startDns(FAKE, FAKE_IP);
        useNameservers(lab.clientB(), dns.ipv4());
        // the packet cannot leave: the client has no route to 198.18.0.0/15 (and no default route)
        assertThat(lab.exec(lab.clientB(), "ip", "route", "get", FAKE_IP).ok()).as("a route to " + FAKE_IP).isFalse();
        LabDiagnosis d = diagnose(lab.clientB(), ws(FAKE));
        assertFailed(d, "unreachable", "fake-ip-proxy", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("fake-ip-proxy"))).contains(FAKE, FAKE_IP);
        assertThat(String.join("\n", d.warnings())).contains(FAKE_IP);
    }

    @Test
    @Order(5)
    @DisplayName("N4. two nameservers disagree: the first one gives an old address")
    void twoNameserversThatDisagreeAreDnsPointsElsewhereLikely() throws IOException {
        Host stale = startDns("dns", 53, SPLIT, lab.clientA().ipv4());
        Host current = startDns("dnstwo", 54, SPLIT, lab.server().ipv4());
        useNameservers(lab.clientB(), stale.ipv4(), current.ipv4());
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(SPLIT));
        assertFailed(d, "refused", "dns-points-elsewhere", "likely");
        assertThat(String.join("\n", d.evidenceOf("dns-points-elsewhere")))
                .contains(stale.ipv4(), current.ipv4(), lab.clientA().ipv4(), lab.server().ipv4());
        assertThat(aRecordsFrom(d, stale.ipv4())).containsExactly(lab.clientA().ipv4());
        assertThat(aRecordsFrom(d, current.ipv4())).containsExactly(lab.server().ipv4());
    }

    @Test
    @Order(5)
    @DisplayName("N4b. the same two nameservers, given with --dns; resolv.conf names the first only")
    void twoNameserversGivenWithDnsThatDisagreeAreDnsPointsElsewhereLikely() throws IOException {
        Host stale = startDns("dns", 53, SPLIT, lab.clientA().ipv4());
        Host current = startDns("dnstwo", 54, SPLIT, lab.server().ipv4());
        useNameservers(lab.clientB(), stale.ipv4());
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(SPLIT), "--dns", stale.ipv4(), "--dns", current.ipv4());
        assertFailed(d, "refused", "dns-points-elsewhere", "likely");
        assertThat(texts(d.json().path("dns").path("nameservers"))).containsExactly(stale.ipv4(), current.ipv4());
        assertThat(String.join("\n", d.evidenceOf("dns-points-elsewhere")))
                .contains(stale.ipv4(), current.ipv4(), lab.clientA().ipv4(), lab.server().ipv4());
    }

    @Test
    @Order(5)
    @DisplayName("N5. the client dials the old address itself, --expect-ip the server")
    void dialingAnotherMachinesAddressIsWrongAddressConfirmed() throws IOException {
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(lab.clientA().ipv4()), "--expect-ip", lab.server().ipv4());
        assertFailed(d, "refused", "wrong-address", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("wrong-address"))).contains(lab.clientA().ipv4(), lab.server().ipv4());
        assertThat(d.json().has("dns")).as("a literal is never looked up").isFalse();
    }

    // ---- the hosts file

    @Test
    @Order(6)
    @DisplayName("H1. the client's hosts file pins the name to an old address, DNS gives the server")
    void aHostsFileOverrideIsDnsPointsElsewhereLikely() throws IOException {
        Host dns = startDns(RIGHT, lab.server().ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        lab.writeHostsFile(lab.clientB(), lab.clientA().ipv4() + " " + RIGHT);
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(RIGHT));
        assertFailed(d, "refused", "dns-points-elsewhere", "likely");
        assertThat(String.join("\n", d.evidenceOf("dns-points-elsewhere")))
                .contains("hosts file", RIGHT, lab.clientA().ipv4(), lab.server().ipv4());
        assertThat(texts(d.json().path("dns").path("hostsFile"))).containsExactly(lab.clientA().ipv4());
        assertThat(aRecordsFrom(d, dns.ipv4())).containsExactly(lab.server().ipv4());
    }

    // ---- a CDN in front

    /** {@code labcdn 203.0.113.0/24 80,443}: net C is a CDN that forwards only the web ports. */
    private static Path cdnRanges() {
        return LabDaemon.write(LabDaemon.workDirectory("cdn").resolve("cdn-ranges.txt"),
                "# the lab's net C is a CDN that forwards only its web ports\nlabcdn " + Network.C.v4Subnet()
                        + " 80,443\n");
    }

    private Host startEdge() {
        assumeTrue(LabEdge.available(), "nginx is not installed (apt-get install nginx-light), "
                + "so the CDN scenarios cannot run");
        Host edge = netCHost("edge", 80);
        LabEdge.start(lab, edge, EDGE, edge.ipv4());
        return edge;
    }

    @Test
    @Order(7)
    @DisplayName("C1. the name resolves to a CDN edge that does not forward 8282")
    void aCdnEdgeThatDoesNotForwardThePortIsCdnInFront() throws IOException {
        Host edge = startEdge();
        Host dns = startDns(EDGE, edge.ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        LabDiagnosis d = diagnose(lab.clientB(), ws(EDGE), "--cdn-ranges", cdnRanges().toString());
        assertFailed(d, "refused", "cdn-in-front", "likely");
        assertThat(String.join("\n", d.evidenceOf("cdn-in-front"))).contains("labcdn", "8282", edge.ipv4());
        JsonNode sighting = d.json().path("cdn").path(0);
        assertThat(sighting.path("provider").asText()).isEqualTo("labcdn");
        assertThat(sighting.path("portForwarded").asBoolean(true)).as("portForwarded").isFalse();
    }

    @Test
    @Order(8)
    @DisplayName("C2. http:// to the same CDN edge on port 80 works, with the CDN warning")
    void aCdnEdgeOnAForwardedPortIsOkWithTheCdnWarning() throws IOException {
        Host edge = startEdge();
        Host dns = startDns(EDGE, edge.ipv4());
        useNameservers(lab.clientB(), dns.ipv4());
        LabDiagnosis d = diagnose(lab.clientB(), "http://" + EDGE + ":80/", "--cdn-ranges", cdnRanges().toString());
        assertOk(d);
        assertThat(d.json().path("protocol").path("http").path("status").asInt()).isEqualTo(200);
        assertThat(d.warnings()).as("warnings").anySatisfy(w -> assertThat(w).contains("CDN", "labcdn"));
    }

    // ---- a proxy in the path

    private Host startProxy() {
        assumeTrue(LabProxy.available(), "tinyproxy is not installed (apt-get install tinyproxy), "
                + "so the proxy scenarios cannot run");
        Host proxy = netCHost("proxy", 31);
        LabProxy.start(lab, proxy);
        return proxy;
    }

    private static Map<String, String> proxyVariables(Host proxy) {
        return Map.of("http_proxy", LabProxy.url(proxy), "https_proxy", LabProxy.url(proxy));
    }

    @Test
    @Order(9)
    @DisplayName("P1. http_proxy/https_proxy name a proxy that refuses CONNECT to 8282; direct works")
    void aProxyThatRefusesTheTunnelIsProxyInPathConfirmed() throws IOException {
        Host proxy = startProxy();
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), proxyVariables(proxy), ws(lab.server().ipv4()));
        assertFailed(d, "handshake-failed", "proxy-in-path", "confirmed");
        assertThat(String.join("\n", d.evidenceOf("proxy-in-path"))).contains(LabProxy.url(proxy), "http_proxy", "403");
        JsonNode tunnel = d.json().path("proxy").path("tunnel");
        assertThat(tunnel.path("result").asText()).isEqualTo("tunnel-refused");
        assertThat(tunnel.path("status").asInt()).isEqualTo(403);
    }

    @Test
    @Order(10)
    @DisplayName("P2. the same proxy variables, NO_PROXY=192.0.2.10 takes the server out of the proxy")
    void noProxyTakingTheTargetOutOfTheProxyIsOkWithTheBypassWarning() throws IOException {
        Host proxy = startProxy();
        startWebSocketServer();
        Map<String, String> environment = new java.util.LinkedHashMap<>(proxyVariables(proxy));
        environment.put("NO_PROXY", lab.server().ipv4());
        LabDiagnosis d = diagnose(lab.clientB(), environment, ws(lab.server().ipv4()));
        assertOk(d);
        assertThat(d.json().path("proxy").path("bypassedBy").asText()).isEqualTo("NO_PROXY=" + lab.server().ipv4());
        assertThat(d.warnings()).as("warnings")
                .anySatisfy(w -> assertThat(w).contains(LabProxy.url(proxy), "NO_PROXY=" + lab.server().ipv4()));
    }

    @Test
    @Order(11)
    @DisplayName("P3. the same proxy variables, --proxy none")
    void proxyNoneIgnoresTheProxyVariablesAndIsOk() throws IOException {
        Host proxy = startProxy();
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), proxyVariables(proxy), ws(lab.server().ipv4()), "--proxy", "none");
        assertOk(d);
    }

    @Test
    @Order(12)
    @DisplayName("P4. no proxy variables, --proxy http://203.0.113.31:8888")
    void anExplicitProxyThatRefusesTheTunnelIsProxyInPathConfirmed() throws IOException {
        Host proxy = startProxy();
        startWebSocketServer();
        LabDiagnosis d = diagnose(lab.clientB(), ws(lab.server().ipv4()), "--proxy", LabProxy.url(proxy));
        assertFailed(d, "handshake-failed", "proxy-in-path", "confirmed");
        assertThat(d.json().path("proxy").path("variable").asText()).isEqualTo("--proxy");
        assertThat(d.json().path("proxy").path("tunnel").path("status").asInt()).isEqualTo(403);
    }
}
