package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.ConnDoctor;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The CLI in-process, without a network: exit codes, one-line errors, and the JSON of a DNS failure. */
class CliTest {

    /** A world whose resolver knows no name at all, as a resolver says it on Linux. */
    private static final ConnDoctor NO_NAMES = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host + ": Name or service not known");
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(java.util.Map.of())
            .build();

    static List<String> malformedTargets() {
        return List.of("", " ", "host name:80", "tab\there:80", "bell\u0007:80", "nl\n:80", "example.com",
                "example.com:0", "example.com:65536", "example.com:99999999999999999999", "example.com:http",
                "[2001:db8::1:80", "2001:db8::1]:80", "2001:db8::1:80", "[nonsense]:80", "999.1.1.1:80",
                "gopher://example.com:70", "ws://user:secret@example.com:80", "tcp://example.com",
                "a".repeat(5000) + ":80", "ws:/example.com:80", "example.com:80/path");
    }

    @ParameterizedTest
    @MethodSource("malformedTargets")
    void everyMalformedTargetExitsTwoWithOneLineAndNoStackTrace(String target) {
        CliRun run = CliRun.of(NO_NAMES, "diagnose", target);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("conndoctor: ").doesNotContain("\n").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aHugeTargetIsNamedAsTooLongInsteadOfEchoed() {
        CliRun run = CliRun.of(NO_NAMES, "a".repeat(5000) + ":80");

        assertThat(run.err()).contains("5003 characters long").hasSizeLessThan(400);
    }

    @Test
    void aHostLongerThanDnsAllowsIsNamedAsSuch() {
        CliRun run = CliRun.of(NO_NAMES, "a".repeat(300) + ":80");

        assertThat(run.err()).contains("host name is 300 characters long");
    }

    @Test
    void credentialsInTheUrlAreRefusedByName() {
        CliRun run = CliRun.of(NO_NAMES, "ws://user:secret@example.com:80");

        assertThat(run.err()).contains("credentials").doesNotContain("secret");
    }

    @Test
    void anInternalFailureWithANewlineInItsMessageIsStillOneLine() {
        CliRun run = CliRun.of(NO_NAMES, CliRun.NO_ENVIRONMENT,
                new FailingInputStream("first line\nsecond line\r\n\tat fake.Frame(Fake.java:1)\u001b[31m"),
                "explain", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).endsWith("\n");
        assertThat(run.err().substring(0, run.err().length() - 1)).startsWith("conndoctor failed: ")
                .contains("first line", "second line", "fake.Frame").doesNotContain("\n", "\r", "\t", "\u001b");
    }

    @Test
    void aBadTimeoutExitsTwo() {
        CliRun run = CliRun.of(NO_NAMES, "diagnose", "127.0.0.1:80", "--timeout", "soon");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("not a duration");
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertThat(CliRun.of(NO_NAMES, "diagnose", "127.0.0.1:80", "--frobnicate").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void versionAndHelpExitZero() {
        CliRun version = CliRun.of(NO_NAMES, "--version");
        CliRun help = CliRun.of(NO_NAMES, "--help");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("conndoctor 0.1.0");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("diagnose", "demo", "Exit codes");
    }

    @Test
    void anUnresolvableNameIsDiagnosedAsNxdomainInJsonWithExitOne() throws Exception {
        CliRun run = CliRun.of(NO_NAMES, "ws://nowhere.test:8282/chat", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("schema").asText()).isEqualTo("conndoctor.diagnosis/1");
        assertThat(json.path("target").path("scheme").asText()).isEqualTo("ws");
        assertThat(json.path("target").path("path").asText()).isEqualTo("/chat");
        assertThat(json.path("outcome").asText()).isEqualTo("failed");
        assertThat(json.path("symptom").asText()).isEqualTo("dns-failed");
        assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("dns-nxdomain");
        assertThat(json.path("causes").get(0).path("confidence").asText()).isEqualTo("confirmed");
        assertThat(json.path("probes").get(0).path("kind").asText()).isEqualTo("dns");
    }

    @Test
    void aBareTargetMeansDiagnose() {
        assertThat(Cli.withDefaultCommand(new String[] {"example.com:80", "--json"}))
                .containsExactly("diagnose", "example.com:80", "--json");
        assertThat(Cli.withDefaultCommand(new String[] {"--json", "example.com:80"}))
                .containsExactly("diagnose", "--json", "example.com:80");
        assertThat(Cli.withDefaultCommand(new String[] {"demo"})).containsExactly("demo");
        assertThat(Cli.withDefaultCommand(new String[] {"--version"})).containsExactly("--version");
    }

    /** A standard input whose every read fails with {@code message}, as a broken library might. */
    private static final class FailingInputStream extends java.io.InputStream {
        private final String message;

        FailingInputStream(String message) {
            this.message = message;
        }

        @Override
        public int read() {
            throw new IllegalStateException(message);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new IllegalStateException(message);
        }
    }
}
