package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI's failure paths of design §5: an {@link Error} inside a command (out of memory, a stack
 * overflow) is exit 3 and one line, never a stack trace; a bad invocation (no command, an option
 * given twice) is exit 2.
 */
class CliFailuresTest {

    private static final ConnDoctor NOTHING = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host);
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(Map.of())
            .build();

    static Stream<Supplier<Error>> errors() {
        return Stream.of(() -> new OutOfMemoryError("Java heap space"), StackOverflowError::new,
                () -> new NoClassDefFoundError("org/xbill/DNS/TextParseException"),
                () -> new AssertionError("two\nlines\u001b[2J"));
    }

    /** A standard input that throws {@code error} on the first read, as a command reading it would meet it. */
    private static InputStream throwing(Supplier<Error> error) {
        return new InputStream() {
            @Override
            public int read() {
                throw error.get();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw error.get();
            }
        };
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorInACommandIsExitThreeInOneLineWithoutAStackTrace(Supplier<Error> error) {
        CliRun run = CliRun.of(NOTHING, CliRun.NO_ENVIRONMENT, throwing(error), "explain", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).startsWith("conndoctor failed: " + error.get().getClass().getName())
                .doesNotContain("\tat ").doesNotContain("\u001b");
    }

    @Test
    void anErrorIsSaidInTheLanguageOfTheEnvironment() {
        CliRun run = CliRun.of(NOTHING, Map.of("LANG", "es_ES.UTF-8"), throwing(StackOverflowError::new),
                "explain", "-");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
        assertThat(run.err()).startsWith("conndoctor falló: java.lang.StackOverflowError").hasLineCount(1);
    }

    @Test
    void aFilesContentQuotedInAnErrorPassesTheSanitizer(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path cdn = dir.resolve("cdn.txt");
        java.nio.file.Files.writeString(cdn, "lab 10.0.0.0/8 8\u009b2J\u202e\u001b]0;x\u0007,80\n");

        CliRun run = CliRun.of(NOTHING, "diagnose", "127.0.0.1:1", "--cdn-ranges", cdn.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).hasLineCount(1).doesNotContain("\u009b", "\u202e", "\u001b", "\u0007")
                .contains("'8\\x9b2J\\u202e\\x1b]0;x\\x07' is not a port");
    }

    @Test
    void noArgumentsIsABadInvocationWithTheUsageOnStandardError() {
        CliRun run = CliRun.of(NOTHING);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: conndoctor").contains("diagnose");
    }

    @Test
    void helpStillGoesToStandardOutputWithExitZero() {
        CliRun run = CliRun.of(NOTHING, "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith("Usage: conndoctor");
    }

    @Test
    void scanPortsGivenTwiceIsABadInvocation() {
        CliRun run = CliRun.of(NOTHING, "diagnose", "127.0.0.1:1", "--scan-ports", "80", "--scan-ports", "8000-8010");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("conndoctor: option '--scan-ports' (RANGE) should be specified only once\n");
        assertThat(CliRun.of(NOTHING, Map.of("LANG", "es_ES.UTF-8"), InputStream.nullInputStream(), "diagnose",
                "127.0.0.1:1", "--scan-ports", "80", "--scan-ports", "81").err())
                .isEqualTo("conndoctor: --scan-ports aparece más de una vez: dalo una sola vez\n");
    }

    @Test
    void scanPortsOnceStillReadsItsRange() {
        assertThat(new PortRangeConverter().convert("8000-8002").list()).containsExactly(8000, 8001, 8002);
        assertThat(new PortRangeConverter().convert("443").list()).containsExactly(443);
    }
}
