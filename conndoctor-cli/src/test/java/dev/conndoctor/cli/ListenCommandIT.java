package dev.conndoctor.cli;

import dev.conndoctor.cli.render.TextRenderer;

import static dev.conndoctor.cli.ListenCommandHarness.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.Text;
import dev.conndoctor.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conndoctor listen} in-process: the announcement, one line (or one JSON object) per
 * client, --max-clients and --duration, --tls self-signed and PEM files, bad invocations, and the
 * token that is never printed. Every listener binds 127.0.0.1.
 */
class ListenCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "cli-secret-token-93b1";

    @TempDir
    Path dir;

    @Test
    void theAnnouncementIsOnStderrAndStdoutHasOneLinePerClient() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port,
                "--max-clients", "1", "--no-color");
        String announcement = listen.awaitListening();

        assertThat(announcement.strip()).isEqualTo("listening: websocket://127.0.0.1:" + port + " (Ctrl-C to stop)");
        assertThat(announcement).doesNotContain("ALL addresses");
        assertThat(listen.out.toString()).as("nothing on stdout before a client").isEmpty();

        try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            client.getInputStream().read(); // the server closes: a text client at a WebSocket listener
        }
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);
        List<String> lines = listen.out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+  127\\.0\\.0\\.1:\\d+  spoke text: does not match");
        assertThat(lines.get(1)).startsWith("    this client sent text without an HTTP handshake to a websocket listener");
    }

    @Test
    void withTheTokenTheAnnouncementSaysSoButNeverPrintsIt() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "http://127.0.0.1:" + port, "--token", TOKEN,
                "--duration", "1s");
        String announcement = listen.awaitListening();

        assertThat(announcement).contains("listening: http://127.0.0.1:" + port, "answering the proof for the token given")
                .doesNotContain(TOKEN);
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);
    }

    @Test
    void theAllAddressesAnnouncementIsExplicit() {
        // binding 0.0.0.0 is for the lab's namespaces (LabListenScenariosIT); here only the sentence
        String all = Text.of("listen.started-all", "websocket", "0.0.0.0", "8282", "").render(TextRenderer.BUNDLE, Locale.ROOT);
        assertThat(all).startsWith("listening: websocket://0.0.0.0:8282 on ALL addresses")
                .contains("reachable from every network");
    }

    @Test
    void jsonPrintsOneObjectPerClientWithPeerSpokeAndMatches() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port,
                "--max-clients", "2", "--json");
        listen.awaitListening();

        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/room/1"), new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        listen.awaitLines(1, Duration.ofSeconds(10));
        int textPort;
        try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            textPort = client.getLocalPort();
            client.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
            client.getInputStream().read();
        }
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);

        List<String> lines = listen.out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("peer").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(first.path("spoke").asText()).isEqualTo("websocket");
        assertThat(first.path("matches").asBoolean()).isTrue();
        assertThat(first.path("tls").asBoolean()).isFalse();
        assertThat(first.path("path").asText()).isEqualTo("/room/1");
        assertThat(first.path("proof").asBoolean()).isFalse();
        assertThat(first.has("fix")).isFalse();
        assertThat(first.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.+Z");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("peer").asText()).isEqualTo("127.0.0.1:" + textPort);
        assertThat(second.path("spoke").asText()).isEqualTo("tls");
        assertThat(second.path("matches").asBoolean()).isFalse();
        assertThat(second.path("fix").asText()).contains("TLS ClientHello", "websocket", "wss://");
        assertThat(second.path("preview").asText()).startsWith("\\x16\\x03\\x01");
        // the announcement stays on stderr: stdout is JSON lines only
        assertThat(listen.err.toString()).contains("listening: ");
    }

    @Test
    void durationStopsAnIdleListener() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "text://127.0.0.1:" + port, "--duration", "2s");
        listen.awaitListening();

        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(8));
        assertThat(listen.out.toString()).isEmpty();
        assertThat(refusedWithin(port, Duration.ofSeconds(2))).as("nothing listens any more").isTrue();
    }

    // a diagnosis is one client: its first connection, a port check, does not count toward --max-clients
    @Test
    void theListenerAndDiagnoseWithTheSameTokenProveTheConnection() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port, "--token", TOKEN,
                "--max-clients", "1", "--json");
        listen.awaitListening();

        CliRun diagnose = CliRun.of("diagnose", "ws://127.0.0.1:" + port + "/", "--token", TOKEN, "--json", "--timeout", "2s");

        assertThat(diagnose.exitCode()).as(diagnose.out()).isEqualTo(ExitCode.OK);
        JsonNode proof = JSON.readTree(diagnose.out()).path("proof");
        assertThat(proof.path("verified").asBoolean()).isTrue();
        assertThat(proof.path("seenAs").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);
        List<JsonNode> clients = jsonLines(listen.out.toString());
        assertThat(clients).anySatisfy(c -> {
            assertThat(c.path("spoke").asText()).isEqualTo("websocket");
            assertThat(c.path("proof").asBoolean()).isTrue();
            assertThat(c.path("peer").asText()).isEqualTo(proof.path("seenAs").asText());
        });
        assertThat(diagnose.out() + diagnose.err() + listen.out + listen.err).doesNotContain(TOKEN);
    }

    @Test
    void theTokenFromAFileProvesTheConnectionAndStaysOutOfArgvAndOutput() throws Exception {
        int port = freePort();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "text://127.0.0.1:" + port, "--token-file",
                tokenFile.toString(), "--max-clients", "1");
        assertThat(listen.awaitListening()).contains("proof");

        // the client reads it from a file too: neither end has the token in its argv
        CliRun diagnose = CliRun.of("diagnose", "text://127.0.0.1:" + port, "--token-file", tokenFile.toString(), "--json",
                "--timeout", "2s");

        assertThat(diagnose.exitCode()).as(diagnose.out()).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(diagnose.out()).path("proof").path("verified").asBoolean()).isTrue();
        listen.awaitExit(Duration.ofSeconds(10));
        assertThat(listen.out.toString() + listen.err).doesNotContain(TOKEN);
    }

    @Test
    void theTokenFromTheEnvironmentProvesTheConnection() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start(java.util.Map.of("CONNDOCTOR_TOKEN", TOKEN), "listen",
                "websocket://127.0.0.1:" + port, "--max-clients", "1", "--json");
        listen.awaitListening();

        CliRun diagnose = CliRun.of(dev.conndoctor.ConnDoctor.system(), java.util.Map.of("CONNDOCTOR_TOKEN", TOKEN),
                java.io.InputStream.nullInputStream(), "diagnose", "ws://127.0.0.1:" + port + "/", "--json", "--timeout", "2s");

        assertThat(JSON.readTree(diagnose.out()).path("proof").path("verified").asBoolean()).as(diagnose.out()).isTrue();
        listen.awaitExit(Duration.ofSeconds(10));
        assertThat(listen.out.toString() + listen.err).doesNotContain(TOKEN);
    }

    @Test
    void aClientsPathAndServerNameReachTheTextOutputOnlyAsVisibleEscapes() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port,
                "--max-clients", "2");
        listen.awaitListening();

        try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            // clear the screen, retitle the window, and forge a line of the report
            client.getOutputStream().write(("GET /\u001b[2J\u001b]0;owned\u0007\u009b31m HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            client.getInputStream().readAllBytes();
        }
        try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            client.getOutputStream().write(helloWithServerName("\u001b[2Jexample."));
            client.setSoTimeout(10_000);
            client.getInputStream().readAllBytes();
        }
        listen.awaitExit(Duration.ofSeconds(15));

        String out = listen.out.toString();
        assertThat(out).doesNotContain("\u001b", "\u0007", "\u009b").contains("\\x1b[2J", "\\x1b]0;owned\\x07", "\\x9b31m");
        assertThat(out).contains("SNI \\x1b[2Jexample.)");
    }

    /**
     * A real ClientHello (OpenSSL 3.0, SNI example.test) whose twelve-byte server name is replaced
     * by {@code name}, twelve bytes too: the server name is the client's to choose.
     */
    private static byte[] helloWithServerName(String name) {
        byte[] hello = java.util.HexFormat.of().parseHex(
                "16030101390100013503033d30cb45335fbac6127cb01827e419fdc4e3e4deebe7e468a5766114e44e31cf203f861439"
                + "8e436cf973c440fc1182e355290eb04a55033a6763c588760d562c54003e130213031301c02cc030009fcca9cca8ccaa"
                + "c02bc02f009ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d003c0035002f00ff010000ae"
                + "00000011000f00000c6578616d706c652e74657374000b000403000102000a00160014001d0017001e00190018010001"
                + "01010201030104002300000016000000170000000d002a0028040305030603080708080809080a080b08040805080604"
                + "0105010601030303010302040205020602002b0009080304030303020301002d00020101003300260024001d00207877"
                + "88b71ef24a7be4b9a3b6d451a5cb7f9e495f74e5eda0008db590fdd8bb1f");
        byte[] original = "example.test".getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = name.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(replacement).hasSameSizeAs(original);
        for (int i = 0; i + original.length <= hello.length; i++) {
            if (java.util.Arrays.equals(hello, i, i + original.length, original, 0, original.length)) {
                System.arraycopy(replacement, 0, hello, i, replacement.length);
                return hello;
            }
        }
        throw new AssertionError("no server name in the captured hello");
    }

    @Test
    void aWrongTokenIsTheWrongServerAndNeitherTokenIsPrinted() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "text://127.0.0.1:" + port, "--token", TOKEN,
                "--max-clients", "1", "-v");
        listen.awaitListening();
        String other = "other-secret-4c2d";

        CliRun diagnose = CliRun.of("diagnose", "text://127.0.0.1:" + port, "--token", other, "--json", "--timeout", "2s",
                "-v");

        assertThat(diagnose.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode json = JSON.readTree(diagnose.out());
        assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("wrong-address");
        assertThat(json.path("causes").get(0).path("confidence").asText()).isEqualTo("possible");
        assertThat(json.path("proof").path("verified").asBoolean()).isFalse();
        assertThat(json.path("proof").path("answered").asBoolean()).isTrue();
        listen.awaitExit(Duration.ofSeconds(10));
        assertThat(diagnose.out() + diagnose.err() + listen.out + listen.err).doesNotContain(TOKEN, other);
    }

    @Test
    void tlsSelfSignedServesWssAndTheProof() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port, "--tls",
                "self-signed", "--token", TOKEN, "--max-clients", "1", "--json");
        String announcement = listen.awaitListening();
        assertThat(announcement).contains("listening: websocket+tls://127.0.0.1:" + port);

        CliRun diagnose = CliRun.of("diagnose", "wss://127.0.0.1:" + port + "/", "--insecure", "--token", TOKEN, "--json",
                "--timeout", "3s");

        assertThat(diagnose.exitCode()).as(diagnose.out()).isEqualTo(ExitCode.OK);
        JsonNode json = JSON.readTree(diagnose.out());
        assertThat(json.path("proof").path("verified").asBoolean()).isTrue();
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);
        assertThat(jsonLines(listen.out.toString())).anySatisfy(c -> {
            assertThat(c.path("spoke").asText()).isEqualTo("websocket");
            assertThat(c.path("tls").asBoolean()).isTrue();
            assertThat(c.path("matches").asBoolean()).isTrue();
        });
    }

    @Test
    void tlsSelfSignedIsUntrustedWithoutInsecureAndTheListenerSaysWhy() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port, "--tls",
                "self-signed", "--max-clients", "1", "--json");
        listen.awaitListening();

        CliRun diagnose = CliRun.of("diagnose", "wss://127.0.0.1:" + port + "/", "--json", "--timeout", "3s");

        assertThat(diagnose.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(JSON.readTree(diagnose.out()).path("causes").get(0).path("id").asText()).isEqualTo("tls-untrusted");
        listen.awaitExit(Duration.ofSeconds(10));
        assertThat(jsonLines(listen.out.toString())).anySatisfy(c -> {
            assertThat(c.path("spoke").asText()).isEqualTo("tls");
            assertThat(c.path("matches").asBoolean()).isFalse();
            assertThat(c.path("fix").asText()).contains("does not trust this certificate");
        });
    }

    @Test
    void tlsWithPemFilesServesHttps() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority("conndoctor ListenCommandIT CA");
        TestCertificates.Leaf leaf = ca.issue("localhost", "127.0.0.1");
        Path cert = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = leaf.writeKeyPem(dir.resolve("key.pem"));
        Path caPem = ca.writePem(dir.resolve("ca.pem"));
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "http://127.0.0.1:" + port, "--tls",
                cert.toString(), key.toString(), "--token", TOKEN, "--max-clients", "1", "--json");
        listen.awaitListening();

        CliRun diagnose = CliRun.of("diagnose", "https://localhost:" + port + "/", "--cacert", caPem.toString(),
                "--token", TOKEN, "--json", "--timeout", "3s");

        assertThat(diagnose.exitCode()).as(diagnose.out()).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(diagnose.out()).path("proof").path("verified").asBoolean()).isTrue();
        listen.awaitExit(Duration.ofSeconds(10));
        assertThat(jsonLines(listen.out.toString())).anySatisfy(c -> {
            assertThat(c.path("spoke").asText()).isEqualTo("http");
            assertThat(c.path("tls").asBoolean()).isTrue();
            assertThat(c.path("sni").asText()).isEqualTo("localhost");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "websocket://example.com:8282",
        "websocket://127.0.0.1",
        "websocket://127.0.0.1:",
        "127.0.0.1:8282",
        "websocket://999.1.1.1:8282",
        "websocket://127.0.0.1:70000",
        "websocket://127.0.0.1:8282/chat",
        "ftp://127.0.0.1:8282",
        "wss://127.0.0.1:8282",
        "https://127.0.0.1:8282",
        "websocket://[fe80::zz]:8282",
        "websocket://127.0.0.1:8282 ; rm -rf /"})
    void badAddressesAndSchemesExitTwoWithOneLine(String address) {
        CliRun run = CliRun.of("listen", address, "--duration", "1s");

        assertUsage(run);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--max-connections 0", "--max-connections 5000", "--max-clients -1", "--max-clients x",
        "--duration forever", "--duration -1s", "--tls", "--tls a b c", "--tls self-made", "--lang fr"})
    void badOptionsExitTwoWithOneLine(String options) {
        List<String> args = new ArrayList<>(List.of("listen", "websocket://127.0.0.1:" + 1, "--duration", "1s"));
        args.addAll(List.of(options.split(" ")));
        if (options.startsWith("--duration")) {
            args.remove(2);
            args.remove(2);
        }

        assertUsage(CliRun.of(args.toArray(String[]::new)));
    }

    @Test
    void tlsFilesThatAreMissingOrNotPemExitTwoWithOneLine() throws Exception {
        Path notPem = Files.writeString(dir.resolve("cert.txt"), "not a certificate\n");
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
        TestCertificates.Leaf leaf = TestCertificates.selfSigned("localhost");
        Path cert = leaf.writeChainPem(dir.resolve("chain.pem"));
        String address = "websocket://127.0.0.1:" + freePort();

        assertUsage(CliRun.of("listen", address, "--tls", dir.resolve("missing.pem").toString(),
                dir.resolve("missing.key").toString(), "--duration", "1s"));
        assertUsage(CliRun.of("listen", address, "--tls", notPem.toString(), notPem.toString(), "--duration", "1s"));
        CliRun oldKey = CliRun.of("listen", address, "--tls", cert.toString(), rsaKey.toString(), "--duration", "1s");
        assertUsage(oldKey);
        assertThat(oldKey.err()).contains("openssl pkcs8 -topk8");
    }

    @Test
    void anEmptyTokenIsABadInvocation() {
        assertUsage(CliRun.of("listen", "websocket://127.0.0.1:" + 1, "--token", "", "--duration", "1s"));
        assertUsage(CliRun.of("diagnose", "ws://127.0.0.1:1/", "--token", "", "--json"));
    }

    @Test
    void aPortInUseIsOneLineOnStderrAndNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("listen", "websocket://127.0.0.1:" + taken.getLocalPort(), "--duration", "1s");

            assertThat(run.exitCode()).isIn(ExitCode.USAGE, ExitCode.INTERNAL);
            assertThat(run.err().strip()).isNotEmpty().doesNotContain("\n", "\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anAddressThatCannotBeBoundIsABadInvocationNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun inUse = CliRun.of("listen", "websocket://127.0.0.1:" + taken.getLocalPort(), "--duration", "1s");
            assertUsage(inUse);
            assertThat(inUse.err()).contains("127.0.0.1:" + taken.getLocalPort()).doesNotContain("BindException");
        }
        // binding an address this host does not have sends nothing anywhere: it fails at once
        CliRun notHere = CliRun.of("listen", "websocket://192.0.2.99:8282", "--duration", "1s");
        assertUsage(notHere);
        assertThat(notHere.err()).contains("192.0.2.99").doesNotContain("BindException");
    }

    @Test
    void theHelpNamesTheProtocolsAndTheStopOptions() {
        CliRun run = CliRun.of("listen", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("websocket", "--tls", "--token", "--max-clients", "--duration", "--max-connections",
                "0.0.0.0", "Never printed");
    }

    private static void assertUsage(CliRun run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).as("one line on stderr").isNotEmpty().doesNotContain("\n", "\tat ", "Exception");
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).doesNotContain("listening:");
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    /** Whether connecting is refused within {@code limit} (the JDK releases a listening socket a moment after close). */
    private static boolean refusedWithin(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                Thread.sleep(50);
            } catch (java.net.ConnectException e) {
                return true;
            }
        }
        return false;
    }

    @Test
    void whatAStrangerPutsInAReportReachesTheTextOutputOnlyAsVisibleEscapes() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port,
                "--max-clients", "1");
        listen.awaitListening();

        String page = exchangeHttp(port, "GET /_conndoctor HTTP/1.1\r\nHost: h\r\n\r\n");
        Matcher check = Pattern.compile("\"check\":\"([0-9a-f]{32})\"").matcher(page);
        assertThat(check.find()).isTrue();
        String body = """
                {"check":"%s","origin":"https://x\\u001b[2J\\u001b]0;owned\\u0007","userAgent":"Evil\\u009b31m/1",
                 "attempts":[{"scheme":"ws","url":"ws://x/\\u001b[2J\\nforged line","opened":false,"closeCode":1006}],
                 "violations":[],"ms":1}""".formatted(check.group(1));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchangeHttp(port, "POST /_conndoctor/report HTTP/1.1\r\nHost: h\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                + body);
        listen.awaitExit(Duration.ofSeconds(10));

        String out = listen.out.toString();
        assertThat(out).doesNotContain("\u001b", "\u0007", "\u009b", "\nforged line")
                .contains("\\x1b[2J\\x1b]0;owned\\x07", "\\x1b[2J\\x0aforged line");
    }

    private static String exchangeHttp(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
