package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.lab.Lab.Host;
import dev.conndoctor.testkit.HeadlessChromium;
import dev.conndoctor.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 8 in the lab: {@code conndoctor listen} run by the real launcher in the server's
 * namespace, {@code conndoctor diagnose --token} run by the real launcher on net B behind the
 * router. The end-to-end proof with the right and a wrong token, binding all addresses (IPv4 and
 * IPv6), and a NAT on the router that makes the server see the router instead of the client.
 *
 * <p>Issue 15, the browser check page: a real browser (Debian's chromium, headless, run in client
 * B's namespace with no driver, since the page runs and reports by itself) opens the listener's
 * page on the server over the lab's network: plain http, an https page opening ws:// (mixed
 * content; the browser ignores the self-signed certificate's errors, so that a test certificate
 * serves an https page), and pages behind a real nginx on the server that passes the upgrade, drops
 * it, or ends TLS in front of the listener.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabListenScenariosIT extends LabScenarios {

    private static final int PORT = 8282;
    private static final String TOKEN = "lab-listen-token-5e1f";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String testName;

    @BeforeEach
    void startClean(TestInfo info) {
        lab.reset();
        testName = "listen-" + info.getTestMethod().map(m -> m.getName()).orElse("scenario");
    }

    /** A running {@code conndoctor listen --json}: its process, its announcement and where its JSON lines go. */
    private record Listener(LabProcess process, String announcement, Path lines) {
        List<JsonNode> clients() throws IOException {
            List<JsonNode> nodes = new ArrayList<>();
            if (Files.exists(lines)) {
                for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        nodes.add(JSON.readTree(line));
                    }
                }
            }
            return nodes;
        }

        /** Waits for a client line that shows {@code spoke}. */
        JsonNode awaitClient(String spoke) throws IOException, InterruptedException {
            return await(client -> spoke.equals(client.path("spoke").asText()), Duration.ofSeconds(10),
                    "a client that spoke " + spoke);
        }

        /** The lines of browser checks' reports printed so far. */
        List<JsonNode> browserReports() throws IOException {
            return clients().stream().filter(c -> c.path("browser").path("stage").asText().equals("report")).toList();
        }

        /** Waits for the line of a browser check's report after the first {@code earlier} ones. */
        JsonNode awaitBrowserReport(int earlier) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (System.nanoTime() < deadline) {
                List<JsonNode> reports = browserReports();
                if (reports.size() > earlier) {
                    return reports.get(earlier);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the listener printed no browser check's report: " + clients());
        }

        JsonNode await(java.util.function.Predicate<JsonNode> which, Duration within, String what)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonNode client : clients()) {
                    if (which.test(client)) {
                        return client;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the listener printed no line of " + what + ": " + clients());
        }
    }

    /**
     * Starts {@code <repo>/conndoctor listen ADDRESS --json EXTRA...} in the server's namespace.
     * The launcher announces on stderr and the lab waits on stdout, so stderr goes to the lab's
     * pipe and stdout (the JSON lines) to a file; {@code exec} keeps it one process the lab can stop.
     */
    private Listener listen(String address, String... extra) throws IOException {
        Path lines = records.resolve(testName + "-" + address.replaceAll("[^A-Za-z0-9]+", "_") + ".jsonl");
        Files.deleteIfExists(lines);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.server().namespace(), "sh", "-c",
                "out=\"$1\"; shift; exec \"$0\" listen \"$@\" --json 2>&1 >>\"$out\"", lab.launcher().toString(),
                lines.toString(), address));
        command.addAll(List.of(extra));
        LabProcess process = lab.start(lab.server(), "listening: ", Duration.ofMinutes(3), command);
        return new Listener(process, process.readyLine(), lines);
    }

    private LabDiagnosis diagnose(Host client, String target, String token) throws IOException {
        LabDiagnosis d = lab.diagnose(client, target, "2s", "--token", token);
        Files.writeString(records.resolve(testName + ".txt"), d.describe() + "\n", StandardCharsets.UTF_8);
        return d;
    }

    private static JsonNode proof(LabDiagnosis d) {
        JsonNode proof = d.json().path("proof");
        assertThat(proof.isObject()).as("a proof object in\n%s", d.describe()).isTrue();
        return proof;
    }

    @Test
    @Order(1)
    void theRightTokenProvesTheServerAndItSawTheClientItself() throws Exception {
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--token", TOKEN,
                "--max-clients", "1");
        assertThat(listener.announcement()).startsWith("listening: websocket://192.0.2.10:8282")
                .contains("answering the proof").doesNotContain("ALL addresses", TOKEN);

        LabDiagnosis d = diagnose(lab.clientB(), "ws://192.0.2.10:" + PORT + "/", TOKEN);

        assertThat(d.exitCode()).as(d.describe()).isZero();
        assertThat(d.outcome()).isEqualTo("ok");
        JsonNode proof = proof(d);
        assertThat(proof.path("verified").asBoolean()).isTrue();
        assertThat(proof.path("seenAs").asText()).matches("198\\.51\\.100\\.20:\\d+");
        assertThat(proof.path("seenAsThisMachine").asBoolean()).isTrue();
        assertThat(d.warnings()).noneMatch(w -> w.contains("saw this client as"));

        JsonNode client = listener.awaitClient("websocket");
        assertThat(client.path("peer").asText()).isEqualTo(proof.path("seenAs").asText());
        assertThat(client.path("matches").asBoolean()).isTrue();
        assertThat(client.path("proof").asBoolean()).isTrue();
        // one diagnosis is one client: its port check does not count, its conversation does, and
        // --max-clients 1 stops the listener
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listener.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listener.process().isAlive()).as("stopped by --max-clients 1").isFalse();
        assertThat(d.stdout() + d.stderr() + Files.readString(listener.lines())).doesNotContain(TOKEN);
    }

    @Test
    @Order(2)
    void aWrongTokenIsTheWrongAddressPossibleSinceAMistypedTokenLooksTheSame() throws Exception {
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--token", TOKEN,
                "--duration", "2m");

        LabDiagnosis d = diagnose(lab.clientB(), "ws://192.0.2.10:" + PORT + "/", "not-the-token");

        assertThat(d.exitCode()).as(d.describe()).isEqualTo(1);
        assertThat(d.outcome()).isEqualTo("failed");
        assertThat(d.primaryId()).isEqualTo("wrong-address");
        // another listener, or this one with another token: the proof cannot tell, so it is not confirmed
        assertThat(d.primaryConfidence()).isEqualTo("possible");
        assertThat(d.evidenceOf("wrong-address")).anySatisfy(e -> assertThat(e).contains("does not verify"));
        JsonNode proof = proof(d);
        assertThat(proof.path("answered").asBoolean()).isTrue();
        assertThat(proof.path("verified").asBoolean()).isFalse();
        // the listener still served the client: only the proof differs
        assertThat(listener.awaitClient("websocket").path("matches").asBoolean()).isTrue();
        assertThat(d.stdout() + d.stderr() + Files.readString(listener.lines())).doesNotContain(TOKEN, "not-the-token");
    }

    @Test
    @Order(3)
    void allAddressesIsAnnouncedAndServesIpv4AndIpv6() throws Exception {
        Listener v4 = listen("websocket://0.0.0.0:" + PORT, "--token", TOKEN, "--duration", "2m");
        assertThat(v4.announcement()).contains("websocket://0.0.0.0:" + PORT, "on ALL addresses");

        LabDiagnosis d = diagnose(lab.clientB(), "ws://192.0.2.10:" + PORT + "/", TOKEN);
        assertThat(d.exitCode()).as(d.describe()).isZero();
        assertThat(proof(d).path("verified").asBoolean()).isTrue();

        Listener v6 = listen("text://[::]:" + (PORT + 1), "--token", TOKEN, "--duration", "2m");
        assertThat(v6.announcement()).contains("text://[::]:" + (PORT + 1), "on ALL addresses");
        LabDiagnosis d6 = diagnose(lab.clientB(), "text://[2001:db8:a::10]:" + (PORT + 1), TOKEN);
        assertThat(d6.exitCode()).as(d6.describe()).isZero();
        assertThat(proof(d6).path("verified").asBoolean()).isTrue();
        assertThat(proof(d6).path("seenAs").asText()).matches("\\[2001:db8:b::20\\]:\\d+");
        assertThat(v6.awaitClient("text").path("peer").asText()).isEqualTo(proof(d6).path("seenAs").asText());
    }

    @Test
    @Order(4)
    void behindANatTheServerSeesTheRouterAndTheClientIsWarned() throws Exception {
        assumeTrue(Lab.hasCommand("iptables"), "iptables is not installed");
        Host router = lab.router();
        // net B reaches the server through a source NAT on the router: the server sees 192.0.2.1
        lab.exec(router, "iptables", "-w", "-t", "nat", "-A", "POSTROUTING", "-s", lab.clientB().ipv4(), "-d",
                lab.server().ipv4(), "-j", "MASQUERADE").orThrow();
        try {
            Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--token", TOKEN,
                    "--duration", "2m");

            LabDiagnosis d = diagnose(lab.clientB(), "ws://192.0.2.10:" + PORT + "/", TOKEN);

            assertThat(d.exitCode()).as(d.describe()).isZero();
            assertThat(d.outcome()).isEqualTo("ok");
            JsonNode proof = proof(d);
            assertThat(proof.path("verified").asBoolean()).isTrue();
            assertThat(proof.path("seenAs").asText()).matches("192\\.0\\.2\\.1:\\d+");
            assertThat(proof.path("seenAsThisMachine").asBoolean()).isFalse();
            assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("saw this client as 192.0.2.1:",
                    "NAT, proxy or CDN"));
            assertThat(listener.awaitClient("websocket").path("peer").asText()).startsWith("192.0.2.1:");
        } finally {
            lab.exec(router, "iptables", "-w", "-t", "nat", "-F").orThrow();
        }
    }

    @Test
    @Order(5)
    void aTlsClientAtThePlainListenerIsToldWhatItSpoke() throws Exception {
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--duration", "2m");

        LabDiagnosis d = lab.diagnose(lab.clientB(), "wss://192.0.2.10:" + PORT + "/", "2s");
        Files.writeString(records.resolve(testName + ".txt"), d.describe() + "\n", StandardCharsets.UTF_8);

        assertThat(d.exitCode()).as(d.describe()).isEqualTo(1);
        JsonNode client = listener.awaitClient("tls");
        assertThat(client.path("peer").asText()).startsWith("198.51.100.20:");
        assertThat(client.path("matches").asBoolean()).isFalse();
        assertThat(client.path("sni").isMissingNode()).as("an IP literal sends no SNI").isTrue();
        assertThat(client.path("fix").asText()).contains("TLS ClientHello", "wss://", "ws://");
    }

    @Test
    @Order(6)
    void maxClientsOneIsOneDiagnosis() throws Exception {
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--token", TOKEN,
                "--max-clients", "1");

        LabDiagnosis d = diagnose(lab.clientB(), "ws://192.0.2.10:" + PORT + "/", TOKEN);

        assertThat(d.exitCode()).as(d.describe()).isZero();
        assertThat(proof(d).path("verified").asBoolean()).isTrue();
        assertThat(listener.awaitClient("websocket").path("proof").asBoolean()).isTrue();
    }

    // ---- issue 15: the browser check page, in a real browser on net B

    /**
     * Runs chromium in client B's namespace on {@code url} until the listener prints the check's
     * report, then stops it; returns the report's {@code browser} object.
     */
    private JsonNode browserCheck(Listener listener, String url) throws IOException, InterruptedException {
        Path profile = LabDaemon.workDirectory("browser-" + testName + "-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.clientB().namespace(), "sh", "-c",
                "echo browser-started; exec \"$@\"", "lab-browser"));
        command.addAll(HeadlessChromium.commandLine(url, profile, List.of("--ignore-certificate-errors")));
        int earlier = listener.browserReports().size();
        LabProcess browser = lab.start(lab.clientB(), "browser-started", Duration.ofSeconds(10), command);
        try {
            JsonNode report = listener.awaitBrowserReport(earlier);
            Files.writeString(records.resolve(testName + "-browser.json"), report.toPrettyString() + "\n",
                    StandardCharsets.UTF_8);
            return report;
        } finally {
            browser.close();
            deleteTree(profile);
        }
    }

    private static JsonNode attempt(JsonNode check, String scheme) {
        for (JsonNode a : check.path("browser").path("attempts")) {
            if (a.path("scheme").asText().equals(scheme)) {
                return a;
            }
        }
        throw new AssertionError("no " + scheme + " attempt in " + check);
    }

    private static void requireBrowser() {
        assumeTrue(HeadlessChromium.unavailableReason().isEmpty(),
                () -> "skipped: " + HeadlessChromium.unavailableReason().orElse(""));
    }

    @Test
    @Order(7)
    void aBrowserOnNetBOpensTheCheckPageAndTheListenerPrintsItsWorkingWebSocket() throws Exception {
        requireBrowser();
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--duration", "2m");

        JsonNode report = browserCheck(listener, "http://192.0.2.10:" + PORT + "/");

        assertThat(report.path("matches").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(report.path("peer").asText()).startsWith("198.51.100.20:");
        JsonNode check = report.path("browser");
        assertThat(check.path("works").asBoolean()).isTrue();
        assertThat(check.path("page").asText()).isEqualTo("http://192.0.2.10:" + PORT);
        JsonNode ws = attempt(report, "ws");
        assertThat(ws.path("url").asText()).isEqualTo("ws://192.0.2.10:" + PORT + "/_conndoctor/ws");
        assertThat(ws.path("arrival").asText()).isEqualTo("upgrade");
        assertThat(ws.path("arrivedFrom").asText()).startsWith("198.51.100.20:");
        assertThat(ws.path("closeCode").asInt()).isEqualTo(1000);
    }

    @Test
    @Order(8)
    void anHttpsPageOnTheLabsNetworkOpeningWsIsMixedContentAndWssIsTheFix() throws Exception {
        requireBrowser();
        Listener listener = listen("websocket://" + lab.server().ipv4() + ":" + PORT, "--tls", "self-signed",
                "--duration", "2m");

        JsonNode report = browserCheck(listener, "https://192.0.2.10:" + PORT + "/_conndoctor");

        assertThat(report.path("matches").asBoolean()).isFalse();
        assertThat(report.path("tls").asBoolean()).isTrue();
        JsonNode check = report.path("browser");
        assertThat(check.path("cause").asText()).as(report.toPrettyString()).isEqualTo("mixed-content");
        JsonNode ws = attempt(report, "ws");
        assertThat(ws.path("arrival").asText()).as("refused before any packet").isEqualTo("nothing");
        assertThat(ws.path("threw").asText()).contains("SecurityError");
        JsonNode wss = attempt(report, "wss");
        assertThat(wss.path("works").asBoolean()).isTrue();
        assertThat(wss.path("arrivedFrom").asText()).startsWith("198.51.100.20:");
        assertThat(report.path("fix").asText()).contains("connect with wss://",
                "wss://192.0.2.10:" + PORT + "/_conndoctor/ws works");
    }

    @Test
    @Order(9)
    void behindTheServersNginxTheCheckWorksWhereItPassesTheUpgradeAndNamesTheProxyWhereItDropsIt() throws Exception {
        requireBrowser();
        assumeTrue(LabEdge.available(), "nginx is not installed (apt-get install nginx-light)");
        // the classic deployment: the application on loopback, nginx on the public address in front of it
        Listener listener = listen("websocket://127.0.0.1:" + PORT, "--duration", "3m");
        startProxy();

        JsonNode passing = browserCheck(listener, "http://192.0.2.10/");
        assertThat(passing.path("browser").path("works").asBoolean()).as(passing.toPrettyString()).isTrue();
        assertThat(attempt(passing, "ws").path("arrivedFrom").asText()).as("nginx, not the browser")
                .startsWith("127.0.0.1:");

        JsonNode dropping = browserCheck(listener, "http://192.0.2.10:8080/");
        assertThat(dropping.path("browser").path("cause").asText()).as(dropping.toPrettyString())
                .isEqualTo("proxy-strips-upgrade");
        assertThat(attempt(dropping, "ws").path("arrival").asText()).isEqualTo("plain-get");
        assertThat(dropping.path("fix").asText()).contains("proxy_set_header Upgrade $http_upgrade");

        JsonNode https = browserCheck(listener, "https://192.0.2.10/");
        assertThat(https.path("browser").path("cause").asText()).as(https.toPrettyString()).isEqualTo("mixed-content");
        assertThat(attempt(https, "wss").path("works").asBoolean()).as("nginx ends TLS, the upgrade goes on").isTrue();
        assertThat(https.path("fix").asText()).contains("wss://192.0.2.10/_conndoctor/ws works");
    }

    /**
     * A real nginx on the server's address: port 80 and 443 (TLS, a leaf of a CA made for the run)
     * pass the WebSocket upgrade on to the listener on 127.0.0.1; port 8080 proxies without the
     * upgrade headers, as nginx does by default.
     */
    private void startProxy() {
        Path dir = LabDaemon.workDirectory("listen-proxy");
        TestCertificates.Leaf leaf = TestCertificates.newAuthority("conndoctor lab proxy CA").issue("192.0.2.10");
        Path chain = leaf.writeChainPem(dir.resolve("proxy-chain.pem"));
        Path key = leaf.writeKeyPem(dir.resolve("proxy-key.pem"));
        String address = lab.server().ipv4();
        LabEdge.nginx(lab, lab.server(), dir, "a reverse proxy in front of conndoctor listen", 8080, """
                server {
                    listen %1$s:80;
                    listen %1$s:443 ssl;
                    ssl_certificate %2$s;
                    ssl_certificate_key %3$s;
                    location / {
                        proxy_pass http://127.0.0.1:%4$d;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection "upgrade";
                        proxy_set_header Host $host;
                    }
                }
                server {
                    listen %1$s:8080;
                    location / {
                        proxy_pass http://127.0.0.1:%4$d;
                    }
                }
                """.formatted(address, chain, key, PORT));
    }

    /**
     * Removes a browser profile. Chromium's helper processes can still write into it for a moment
     * after the browser is gone, so a walk that meets a new file is tried again; what is left
     * after a second is under target/ and goes with the next clean.
     */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; attempt < 10 && Files.exists(dir); attempt++) {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
