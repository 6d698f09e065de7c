package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.ConnDoctor;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --format text|json|markdown and --redact on a diagnosis made without a network (a name that does not resolve). */
class ReportFormatsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ConnDoctor NO_NAMES = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host + ": Name or service not known");
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(Map.of())
            .build();

    @Test
    void formatJsonIsTheSameDocumentAsJson() throws Exception {
        JsonNode json = timeless(CliRun.of(NO_NAMES, "diagnose", "shop.example.com:8282", "--json").out());
        JsonNode format = timeless(CliRun.of(NO_NAMES, "diagnose", "shop.example.com:8282", "--format", "json").out());

        assertThat(format).isEqualTo(json);
        assertThat(format.get("schema").asText()).isEqualTo("conndoctor.diagnosis/1");
    }

    @Test
    void jsonAndAnotherFormatTogetherAreABadInvocation() {
        CliRun run = CliRun.of(NO_NAMES, "diagnose", "shop.example.com:8282", "--json", "--format", "markdown");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("conndoctor: --json and --format markdown ask for two formats: give one\n");
    }

    @Test
    void anUnknownFormatIsABadInvocation() {
        CliRun run = CliRun.of(NO_NAMES, "diagnose", "shop.example.com:8282", "--format", "html");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("text, json or markdown").doesNotContain("\n\n");
    }

    @Test
    void markdownHasTheVerdictAsAHeadingAndTheCausesAsATable() {
        CliRun run = CliRun.of(NO_NAMES, "shop.example.com:8282", "--format", "markdown");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).startsWith("### ❌ shop.example.com:8282: the name does not resolve.\n")
                .contains("| 1 | `dns-nxdomain` |", "<details>\n<summary>");
    }

    @Test
    void aRedactedReportNamesNoHostInAnyFormatAndKeepsTheCause() {
        for (String format : List.of("text", "json", "markdown")) {
            CliRun run = CliRun.of(NO_NAMES, "shop.example.com:8282", "--format", format, "--redact");

            assertThat(run.exitCode()).as(format).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).as(format).doesNotContain("shop.example.com", "example.com")
                    .contains("host-1:8282", "dns-nxdomain");
        }
    }

    @Test
    void aRedactedJsonReportIsStillTheContractsDocument() throws Exception {
        JsonNode plain = timeless(CliRun.of(NO_NAMES, "shop.example.com:8282", "--json").out());
        JsonNode redacted = timeless(CliRun.of(NO_NAMES, "shop.example.com:8282", "--json", "--redact").out());

        assertThat(redacted.get("target").get("host").asText()).isEqualTo("host-1");
        assertThat(redacted.get("target").get("port")).isEqualTo(plain.get("target").get("port"));
        assertThat(redacted.get("causes").get(0).get("id")).isEqualTo(plain.get("causes").get(0).get("id"));
        assertThat(redacted.get("symptom")).isEqualTo(plain.get("symptom"));
        assertThat(redacted.size()).isEqualTo(plain.size());
    }

    @Test
    void theUserRunningConndoctorIsRedactedFromTheEnvironmentGiven() {
        CliRun run = CliRun.of(NO_NAMES, Map.of("USER", "alice"), java.io.InputStream.nullInputStream(),
                "explain", "--redact", "Error: connect ECONNREFUSED 192.0.2.9:8282 at /home/alice/app/index.js");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).doesNotContain("alice", "192.0.2.9").contains("203.0.113.1:8282", "/path-1");
    }

    @Test
    void listenPrintsAsItGoesAndRefusesMarkdownAndRedaction() {
        CliRun markdown = CliRun.of(NO_NAMES, "listen", "websocket://127.0.0.1:0", "--format", "markdown");
        CliRun redact = CliRun.of(NO_NAMES, "listen", "websocket://127.0.0.1:0", "--redact");

        assertThat(markdown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(markdown.err()).contains("--format markdown: listen prints as it goes");
        assertThat(redact.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(redact.err()).contains("--redact: listen prints as it goes");
    }

    @Test
    void watchPrintsAsItGoesAndRefusesMarkdownAndRedactionBeforeAnyRound() {
        CliRun markdown = CliRun.of(NO_NAMES, "watch", "tcp://127.0.0.1:1", "--count", "1", "--format", "markdown");
        CliRun redact = CliRun.of(NO_NAMES, "watch", "tcp://127.0.0.1:1", "--count", "1", "--redact");
        CliRun both = CliRun.of(NO_NAMES, "watch", "tcp://127.0.0.1:1", "--count", "1", "--json", "--format", "text");

        assertThat(markdown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(markdown.err()).contains("--format markdown: watch prints as it goes");
        assertThat(redact.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(redact.err()).contains("--redact: watch prints as it goes");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(markdown.out() + redact.out() + both.out()).isEmpty();
    }

    @Test
    void theExporterIsAServerAndTakesNeitherFormatNorRedaction() {
        CliRun format = CliRun.of(NO_NAMES, "exporter", "--format", "markdown");
        CliRun redact = CliRun.of(NO_NAMES, "exporter", "--redact");

        assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(format.err()).contains("--format");
        assertThat(redact.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(redact.err()).contains("--redact");
    }

    /** The document without its timings, which differ from one run to the next. */
    private static JsonNode timeless(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json.replaceAll("\\d+ ms", "N ms"));
        strip(node);
        return node;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("elapsedMs"));
        }
        node.forEach(ReportFormatsTest::strip);
    }
}
