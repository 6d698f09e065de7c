package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conndoctor listen}'s invocation without a socket: where the token comes from (--token,
 * --token-file, CONNDOCTOR_TOKEN, one of them), how the token file is read, the limits' options
 * and the help. Every case here ends before the listener binds.
 */
class ListenCommandTest {

    private static final String ADDRESS = "websocket://127.0.0.1:1";

    @TempDir
    Path dir;

    private static CliRun run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("listen", ADDRESS, "--duration", "1s"));
        all.addAll(List.of(args));
        return CliRun.of(ConnDoctor.builder().environment(Map.of()).build(), env, InputStream.nullInputStream(),
                all.toArray(String[]::new));
    }

    private static void assertUsage(CliRun run, String... saying) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).as("one line on stderr").isNotEmpty().doesNotContain("\n", "\tat ", "Exception")
                .contains(saying);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).doesNotContain("listening:");
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void theTokenGivenTwoWaysIsABadInvocation() throws Exception {
        Path tokenFile = file("token", "from-file\n");

        assertUsage(run(Map.of(), "--token", "t1", "--token-file", tokenFile.toString()), "one way");
        assertUsage(run(Map.of("CONNDOCTOR_TOKEN", "t2"), "--token", "t1"), "CONNDOCTOR_TOKEN");
        assertUsage(run(Map.of("CONNDOCTOR_TOKEN", "t2"), "--token-file", tokenFile.toString()), "one way");
    }

    @Test
    void noneOfTheTokensEverAppearsInTheMessage() throws Exception {
        Path tokenFile = file("token", "secret-from-file\n");

        CliRun run = run(Map.of("CONNDOCTOR_TOKEN", "secret-from-env"), "--token", "secret-from-argv", "--token-file",
                tokenFile.toString());

        assertThat(run.err() + run.out()).doesNotContain("secret-from");
    }

    @Test
    void anEmptyTokenFromTheEnvironmentOrAFileIsRefused() throws Exception {
        assertUsage(run(Map.of("CONNDOCTOR_TOKEN", "")), "CONNDOCTOR_TOKEN", "empty");
        assertUsage(run(Map.of(), "--token-file", file("empty", "").toString()), "empty");
        assertUsage(run(Map.of(), "--token-file", file("newline", "\n").toString()), "empty");
        assertUsage(run(Map.of(), "--token-file", file("crlf", "\r\n\r\n").toString()), "empty");
    }

    @Test
    void aTokenFileThatIsMissingADirectoryOrTwoLinesIsRefusedInOneLine() throws Exception {
        assertUsage(run(Map.of(), "--token-file", dir.resolve("missing").toString()), "missing", "no such file");
        assertUsage(run(Map.of(), "--token-file", dir.toString()), "--token-file", "directory");
        assertUsage(run(Map.of(), "--token-file", file("two", "line-one\nline-two\n").toString()), "one line");
        Path notUtf8 = Files.write(dir.resolve("latin1"), new byte[] {'t', (byte) 0xe9, '\n'});
        assertUsage(run(Map.of(), "--token-file", notUtf8.toString()), "UTF-8");
    }

    @Test
    void aTokenFileLargerThanItsBoundIsRefusedWithoutReadingIt() throws Exception {
        Path big = file("big", "x".repeat(TokenSource.MAX_FILE_BYTES + 1));

        assertUsage(run(Map.of(), "--token-file", big.toString()), "larger than 1 KB");
    }

    @Test
    void devZeroAsTheTokenFileIsReadOnlyAsFarAsTheBound() {
        // an endless special file: the bound, not the end of the file, stops the read
        assertUsage(run(Map.of(), "--token-file", "/dev/zero"), "larger than");
    }

    @Test
    void theTokenFilesLineEndIsNotPartOfTheToken() throws Exception {
        assertThat(TokenSource.readFile(file("lf", "tok-1\n"))).isEqualTo("tok-1");
        assertThat(TokenSource.readFile(file("crlf", "tok-2\r\n"))).isEqualTo("tok-2");
        assertThat(TokenSource.readFile(file("none", "tok-3"))).isEqualTo("tok-3");
        assertThat(TokenSource.readFile(file("spaces", " tok 4 \n"))).as("only the line end goes")
                .isEqualTo(" tok 4 ");
        assertThat(TokenSource.readFile(file("utf8", "tök-5\n"))).isEqualTo("tök-5");
        assertThatThrownBy(() -> TokenSource.readFile(file("nul", "a\0b"))).isInstanceOf(UsageException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--max-per-address 0", "--max-per-address 5000", "--max-per-address x",
        "--max-lifetime 0s", "--max-lifetime 25h", "--max-lifetime forever", "--max-lifetime 1.5s"})
    void limitsOutOfRangeAreABadInvocation(String options) {
        CliRun run = run(Map.of(), options.split(" "));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).doesNotContain("\n");
    }

    @Test
    void theLifetimeReadsSecondsMinutesAndHours() {
        ListenCommand.LifetimeConverter lifetime = new ListenCommand.LifetimeConverter();
        assertThat(lifetime.convert("90s")).hasSeconds(90);
        assertThat(lifetime.convert("10m")).hasMinutes(10);
        assertThat(lifetime.convert("2h")).hasHours(2);
    }

    @Test
    void theHelpSaysJsonPrintsOneLinePerClientAndNamesTheLimitsAndTheTokensHidingPlaces() {
        CliRun run = CliRun.of("listen", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        // picocli wraps the help at spaces: read it as one line
        assertThat(run.out().replaceAll("\\s+", " ")).contains("JSON lines", "--token-file", "CONNDOCTOR_TOKEN", "--max-per-address",
                "--max-lifetime", "5 s", "10 s", "60 s")
                .doesNotContain("exactly one JSON document");
        assertThat(CliRun.of("diagnose", "--help").out().replaceAll("\\s+", " ")).as("the other commands keep their words")
                .contains("exactly one JSON document");
    }

    @Test
    void theSpanishHelpSaysJsonLinesToo() {
        CliRun run = CliRun.of("listen", "--help", "--lang", "es");

        assertThat(run.out().replaceAll("\\s+", " ")).contains("JSON lines", "--token-file", "CONNDOCTOR_TOKEN");
    }
}
