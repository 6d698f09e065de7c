package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.lab.Lab.Host;
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
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonNode client : clients()) {
                    if (spoke.equals(client.path("spoke").asText())) {
                        return client;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the listener printed no client that spoke " + spoke + ": " + clients());
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
}
