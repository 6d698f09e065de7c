package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conndoctor explain} in-process: TEXT, {@code -} (standard input, given to the run),
 * {@code --file LOG}; text and
 * {@code --json}; exit codes 0 recognized, 1 not, 2 bad invocation; English and Spanish. The
 * messages are real ones (Node, curl and Java captures, see conndoctor-core's fixtures/explain).
 * Explain dials nothing: the doctor has no resolver, network or host to read.
 */
class ExplainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Locale SPANISH = Locale.forLanguageTag("es");
    private static final ConnDoctor NOTHING = ConnDoctor.builder()
            .resolver(host -> {
                throw new AssertionError("explain resolved " + host);
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(java.util.Map.of())
            .build();

    /** Captured from Node 20 against a closed loopback port (fixtures/explain/captured/node-econnrefused.txt). */
    private static final String NODE_REFUSED = """
            Error: connect ECONNREFUSED 127.0.0.1:8109
                at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {
              errno: -111,
              syscall: 'connect',
              address: '127.0.0.1',
              port: 8109
            }
            """;
    private static final String CURL_SELF_SIGNED = "curl: (60) SSL certificate problem: unable to get local issuer certificate";
    private static final String LOG = """
            2024-11-22T10:00:00.001Z INFO  server listening on 0.0.0.0:3000
            2024-11-22T10:00:01.502Z ERROR upstream error Error: connect ECONNREFUSED 127.0.0.1:8109
            2024-11-22T10:00:06.505Z ERROR upstream error Error: connect ECONNREFUSED 127.0.0.1:8109
            2024-11-22T10:00:11.507Z ERROR upstream error Error: connect ECONNREFUSED 127.0.0.1:8109
            2024-11-22T10:00:12.000Z WARN  slow request GET /health 1200ms
            2024-11-22T10:00:15.000Z ERROR feed Error: Unexpected server response: 200
            2024-11-22T10:00:20.000Z ERROR feed Error: Unexpected server response: 200
            """;

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(NOTHING, args);
    }

    private static JsonNode json(CliRun run) throws IOException {
        return JSON.readTree(run.out());
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    /** Runs with {@code stdin} as standard input; the process's own is never read. */
    private static CliRun withStdin(String stdin, String... args) {
        return CliRun.of(NOTHING, CliRun.NO_ENVIRONMENT, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                args);
    }

    private static void assertUsage(CliRun run) {
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("conndoctor: ").doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    // ------------------------------------------------------------ TEXT

    @Test
    void aRecognizedMessageExitsZeroWithClientCausesTargetAndNext() {
        CliRun run = run("explain", "--lang", "en", "Error: connect ECONNREFUSED 127.0.0.1:8109");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains(
                "node: refused",
                "  Error: connect ECONNREFUSED 127.0.0.1:8109",
                "  target: tcp://127.0.0.1:8109",
                "  likely causes, most likely first: server-not-listening, wrong-port, bound-to-loopback, firewall-reject",
                "    - server-not-listening: " + Text.of("title.server-not-listening").render(Locale.ROOT),
                "  confirm it: conndoctor diagnose tcp://127.0.0.1:8109");
        assertThat(run.out()).doesNotContain("seen ").doesNotContain("\u001b[");
    }

    @Test
    void aMessageOnlyTheGeneralReaderKnowsSaysSoAndNamesItsFamily() {
        CliRun run = run("explain", "--lang", "en", "relay 7: OSError: [Errno 111] Connect call failed");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("any: refused",
                "  read by the general reader: conndoctor knows no form of this client's message, but its words name "
                        + "the refused family",
                "likely causes, most likely first: server-not-listening");
    }

    @Test
    void aBrowsersRefusalNamesItsCauseAndItsFix() {
        CliRun run = run("explain", "--lang", "en", "Mixed Content: The page at 'https://example.com/' was loaded over "
                + "HTTPS, but attempted to connect to the insecure WebSocket endpoint 'ws://example.com:8282/'. This "
                + "request has been blocked; this endpoint must be available over WSS.");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("chrome: blocked-locally", "    - mixed-content: ",
                "      fix: From a page loaded over https, connect with wss://");
        assertThat(run.out()).doesNotContain("read by the general reader");
    }

    @Test
    void aRefusalByIpv6LoopbackNamesAddressFamilyMismatchFirstWithItsFixes() throws IOException {
        CliRun text = run("explain", "--lang", "en", "Error: connect ECONNREFUSED ::1:3000");
        CliRun json = run("explain", "--json", "Error: connect ECONNREFUSED ::1:3000");

        assertThat(text.out()).contains("likely causes, most likely first: address-family-mismatch, server-not-listening",
                "`--dns-result-order=ipv4first`", "target: tcp://[::1]:3000");
        JsonNode m = json(json).path("matches").get(0);
        assertThat(texts(m.path("causes"))).first().isEqualTo("address-family-mismatch");
        assertThat(m.path("reader").asText()).isEqualTo("known");
    }

    @Test
    void theGeneralReaderAndTheFixesInSpanish() {
        CliRun general = run("explain", "--lang", "es", "relay 7: OSError: [Errno 111] Connect call failed");
        CliRun csp = run("explain", "--lang", "es", "Refused to connect to 'wss://example.com/ws' because it violates the "
                + "following Content Security Policy directive: \"connect-src 'self'\".");

        assertThat(general.out()).contains("leído por el lector general", "la familia refused");
        assertThat(csp.out()).contains("csp-connect-src", "arreglo: Permite el servidor en la política de la página: "
                + "`Content-Security-Policy: connect-src 'self' wss://HOST:PORT`");
    }

    @Test
    void severalWordsAreOneMessage() {
        CliRun run = run("explain", "--lang", "en", "curl:", "(60)", "SSL", "certificate", "problem:", "unable", "to",
                "get", "local", "issuer", "certificate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("curl: tls-failed", "tls-untrusted",
                "conndoctor diagnose https://HOST:PORT");
    }

    @Test
    void anUnknownErrorExitsOneNamingTheNearestFamilies() {
        CliRun run = run("explain", "--lang", "en", "Error: WebSocket was closed before the connection was established");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Not recognized")
                .contains("It is nearest to these families: protocol, closed.");
    }

    @Test
    void aLineThatIsNoErrorExitsOneWithoutFamilies() {
        CliRun run = run("explain", "--lang", "en", "INFO connected to ws://example.com:8282/chat");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("Not recognized").doesNotContain("families");
    }

    @Test
    void aVeryLongLineIsShortenedInTheReport() {
        String line = "Error: connect ECONNREFUSED 127.0.0.1:8109 " + "x".repeat(400);

        CliRun run = run("explain", "--lang", "en", line);

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains(line.substring(0, 200) + "…").doesNotContain(line.substring(0, 201));
    }

    // ------------------------------------------------------------ - and --file

    @Test
    void aDashReadsStandardInput() {
        CliRun run = withStdin(NODE_REFUSED, "explain", "--lang", "en", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("node: refused", "conndoctor diagnose tcp://127.0.0.1:8109");
    }

    @Test
    void anEmptyStandardInputIsNotRecognized() {
        CliRun run = withStdin("", "explain", "--lang", "en", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("Not recognized");
    }

    @Test
    void aLogFileListsEachErrorOnceWithCountAndTimes() throws IOException {
        CliRun run = run("explain", "--lang", "en", "--file", file("app.log", LOG).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains(
                "seen 3 times, from 2024-11-22T10:00:01.502Z to 2024-11-22T10:00:11.507Z",
                "seen 2 times, from 2024-11-22T10:00:15.000Z to 2024-11-22T10:00:20.000Z");
        assertThat(run.out().split("node: refused", -1)).as("each distinct error once").hasSize(2);
        assertThat(run.out().indexOf("node: refused")).isLessThan(run.out().indexOf("node: handshake-failed"));
        assertThat(run.out()).doesNotContain("slow request").doesNotContain("server listening");
    }

    @Test
    void aFileWithoutErrorsIsNotRecognized() throws IOException {
        CliRun run = run("explain", "--lang", "en", "--file", file("quiet.log", "INFO all good\nINFO still good\n").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("Not recognized").doesNotContain("families");
    }

    // ------------------------------------------------------------ --json

    @Test
    void jsonFollowsTheContract() throws IOException {
        CliRun run = run("explain", "--json", "--file", file("app.log", LOG).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        JsonNode root = json(run);
        assertThat(root.path("schema").asText()).isEqualTo("conndoctor.explain/1");
        assertThat(root.path("tool").path("name").asText()).isEqualTo("conndoctor");
        assertThat(root.path("recognized").asBoolean()).isTrue();
        assertThat(root.path("linesRead").asInt()).isEqualTo(7);
        assertThat(root.path("nearest").isArray()).isTrue();
        assertThat(root.path("matches")).hasSize(2);

        JsonNode refused = root.path("matches").get(0);
        assertThat(fieldNames(refused)).containsExactly("id", "client", "reader", "symptom", "causes", "target", "count",
                "firstSeen", "lastSeen", "line", "next");
        assertThat(refused.path("id").asText()).isEqualTo("node.econnrefused");
        assertThat(refused.path("client").asText()).isEqualTo("node");
        assertThat(refused.path("symptom").asText()).isEqualTo("refused");
        assertThat(texts(refused.path("causes")))
                .containsExactly("server-not-listening", "wrong-port", "bound-to-loopback", "firewall-reject");
        assertThat(refused.path("target").asText()).isEqualTo("tcp://127.0.0.1:8109");
        assertThat(refused.path("count").asInt()).isEqualTo(3);
        assertThat(refused.path("firstSeen").asText()).isEqualTo("2024-11-22T10:00:01.502Z");
        assertThat(refused.path("lastSeen").asText()).isEqualTo("2024-11-22T10:00:11.507Z");
        assertThat(refused.path("next").asText()).isEqualTo("conndoctor diagnose tcp://127.0.0.1:8109");

        JsonNode ws = root.path("matches").get(1);
        assertThat(ws.path("id").asText()).isEqualTo("node.ws-unexpected-200");
        assertThat(ws.path("status").asInt()).isEqualTo(200);
        assertThat(ws.has("target")).as("no target in the text, so none in the JSON").isFalse();
        assertThat(ws.path("next").asText()).isEqualTo("conndoctor diagnose ws://HOST:PORT");
        assertThat(texts(ws.path("causes"))).allMatch(id -> CauseId.valueOf(
                id.toUpperCase(Locale.ROOT).replace('-', '_')).id().equals(id));
    }

    @Test
    void jsonIsTheOnlyThingOnStdout() throws IOException {
        CliRun run = run("explain", "--json", CURL_SELF_SIGNED);

        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        assertThat(JSON.readTree(run.out()).path("matches").get(0).path("client").asText()).isEqualTo("curl");
        try (var parser = JSON.createParser(run.out())) {
            JSON.readTree(parser);
            assertThat(parser.nextToken()).as("exactly one document").isNull();
        }
    }

    @Test
    void jsonOfAnUnknownErrorSaysSoAndExitsOne() throws IOException {
        CliRun run = run("explain", "--json", "Error: unexpected end of TLS stream");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode root = json(run);
        assertThat(root.path("recognized").asBoolean()).isFalse();
        assertThat(root.path("matches")).isEmpty();
        assertThat(texts(root.path("nearest"))).containsExactly("tls");
    }

    @Test
    void jsonFromStandardInput() throws IOException {
        CliRun run = withStdin(NODE_REFUSED, "explain", "--json", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(json(run).path("matches").get(0).path("target").asText()).isEqualTo("tcp://127.0.0.1:8109");
    }

    // ------------------------------------------------------------ exit 2

    @Test
    void textAndFileTogetherIsAUsageError() throws IOException {
        CliRun run = run("explain", "--lang", "en", "--file", file("app.log", LOG).toString(), "connect ECONNREFUSED");

        assertUsage(run);
        assertThat(run.err()).contains("give TEXT or --file LOG, not both");
    }

    @Test
    void nothingToExplainIsAUsageError() {
        CliRun run = run("explain", "--lang", "en");

        assertUsage(run);
        assertThat(run.err()).contains("nothing to explain");
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliRun run = run("explain", "--lang", "en", "--file", dir.resolve("no-such.log").toString());

        assertUsage(run);
        assertThat(run.err()).contains("cannot read", "no-such.log");
    }

    @Test
    void aDirectoryAsTheFileIsAUsageError() {
        assertUsage(run("explain", "--lang", "en", "--file", dir.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--lang=fr", "--bogus", "--file"})
    void badOptionsAreUsageErrors(String option) {
        assertUsage(run("explain", option, "Error: connect ECONNREFUSED 127.0.0.1:8109"));
    }

    @Test
    void helpNamesTheInputsAndExitsZero() {
        CliRun run = run("explain", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("--file", "--json", "--lang", "TEXT");
    }

    // ------------------------------------------------------------ Spanish

    @Test
    void theSameExplanationInSpanish() {
        CliRun run = run("explain", "--lang", "es", "Error: connect ECONNREFUSED 127.0.0.1:8109");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains(
                "node: refused",
                "  destino: tcp://127.0.0.1:8109",
                "  causas probables, de más a menos probable: server-not-listening, wrong-port, bound-to-loopback,"
                        + " firewall-reject",
                "    - server-not-listening: " + Text.of("title.server-not-listening").render(SPANISH),
                "  para confirmarlo: conndoctor diagnose tcp://127.0.0.1:8109");
        assertThat(Text.of("title.server-not-listening").render(SPANISH))
                .isNotEqualTo(Text.of("title.server-not-listening").render(Locale.ROOT));
        assertThat(run.out()).doesNotContain("likely causes").doesNotContain("confirm it").doesNotContain("target:");
    }

    @Test
    void aLogInSpanish() throws IOException {
        CliRun run = run("explain", "--lang", "es", "--file", file("app.log", LOG).toString());

        assertThat(run.out()).contains("aparece 3 veces, desde 2024-11-22T10:00:01.502Z hasta 2024-11-22T10:00:11.507Z");
    }

    @Test
    void notRecognizedInSpanish() {
        CliRun run = run("explain", "--lang", "es", "Error: WebSocket was closed before the connection was established");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("No reconocido").contains("protocol, closed")
                .doesNotContain("Not recognized");
    }

    @Test
    void withoutLangTheLanguageIsTheEnvironmentsGiven() {
        String unknown = "Error: WebSocket was closed before the connection was established";

        CliRun spanish = CliRun.of(NOTHING, java.util.Map.of("LANG", "es_ES.UTF-8"), InputStream.nullInputStream(),
                "explain", unknown);
        CliRun english = CliRun.of(NOTHING, java.util.Map.of("LC_ALL", "C.UTF-8", "LANG", "es_ES.UTF-8"),
                InputStream.nullInputStream(), "explain", unknown);

        assertThat(spanish.out()).startsWith("No reconocido");
        assertThat(english.out()).startsWith("Not recognized");
    }

    @Test
    void aClosedStandardInputIsNotRecognized() {
        CliRun run = CliRun.of(NOTHING, "explain", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("Not recognized");
    }

    @Test
    void usageErrorsInSpanish() throws IOException {
        CliRun nothing = run("explain", "--lang", "es");
        assertUsage(nothing);
        assertThat(nothing.err()).contains("no hay nada que explicar");

        CliRun both = run("explain", "--lang", "es", "--file", file("app.log", LOG).toString(), "texto");
        assertUsage(both);
        assertThat(both.err()).contains("pero no los dos");
    }

    @Test
    void jsonIsTheSameInBothLanguages() throws IOException {
        Path log = file("app.log", LOG);

        CliRun en = run("explain", "--json", "--lang", "en", "--file", log.toString());
        CliRun es = run("explain", "--json", "--lang", "es", "--file", log.toString());

        assertThat(es.exitCode()).isEqualTo(en.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(es.out()).isEqualTo(en.out());
        assertThat(json(es).path("schema").asText()).isEqualTo("conndoctor.explain/1");
    }

    @Test
    void exitCodesDoNotChangeWithTheLanguage() {
        for (String lang : List.of("en", "es")) {
            assertThat(run("explain", "--lang", lang, CURL_SELF_SIGNED).exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run("explain", "--lang", lang, "all good").exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(run("explain", "--lang", lang).exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }

    // ------------------------------------------------------------ hostile logs

    /** The log line: a URL that ends in a command substitution and a second command. */
    private static final String INJECTION =
            "WebSocket connection to 'ws://h/$(touch /tmp/pwned);reboot' failed: net::ERR_CONNECTION_REFUSED";

    @Test
    void theOfferedCommandQuotesTheTargetForTheShellInTextAndJson() throws IOException {
        CliRun text = run("explain", "--no-color", INJECTION);
        CliRun json = run("explain", "--json", INJECTION);

        assertThat(text.out()).contains("confirm it: conndoctor diagnose 'ws://h/$(touch'")
                .doesNotContain("diagnose ws://h/$(");
        assertThat(json(json).path("matches").get(0).path("next").asText())
                .isEqualTo("conndoctor diagnose 'ws://h/$(touch'");
    }

    @Test
    void echoedLogLinesCannotSendEscapesToTheTerminal() throws IOException {
        String line = "\u001b]0;owned\u0007\u001b[2J\u009b31m Error: connect ECONNREFUSED 127.0.0.1:8109 \u202eevil\r";
        Path log = file("escapes.log", line + "\n");

        CliRun text = run("explain", "--no-color", "--file", log.toString());
        CliRun json = run("explain", "--json", "--file", log.toString());

        assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\r")
                .contains("\\x1b]0;owned\\x07\\x1b[2J\\x9b31m Error: connect ECONNREFUSED", "\\u202eevil");
        // the JSON keeps the line exact: its escapes are JSON's own
        assertThat(json(json).path("matches").get(0).path("line").asText()).contains("\u001b]0;owned\u0007");
    }

    @Test
    void aLogOfMegabytesOfOrdinaryLinesIsExplainedInBoundedTime() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < 16 * 1024 * 1024; i++) {
            log.append("2024-11-22T10:00:00.001Z INFO request ").append(i).append(" served in 12 ms\n");
        }
        log.append(NODE_REFUSED);
        Path file = file("big.log", log.toString());

        CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> run("explain", "--json", "--file", file.toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(json(run).path("linesRead").asInt()).isGreaterThan(200_000);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
