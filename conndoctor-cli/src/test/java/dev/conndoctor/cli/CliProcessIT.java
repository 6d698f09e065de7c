package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * conndoctor as a real process with a small heap, started by bash so that {@code <(...)} and
 * {@code /dev/zero} are what a user's shell gives it: files past their limit end with exit 2 and
 * one line, and a log is read in memory of one line, not of the log.
 */
@EnabledOnOs(OS.LINUX)
class CliProcessIT {

    private record Result(int exitCode, String out, String err) {
    }

    /** {@code conndoctor ARGS} run by bash (ARGS is shell text), the JVM held to {@code heap}. */
    private static Result conndoctor(String heap, String args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "exec \"$0\" -Xmx" + heap + " -cp \"$1\" dev.conndoctor.cli.Main " + args,
                java, System.getProperty("java.class.path")));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ends").isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aCdnFileOnDevZeroIsExitTwoInOneLineNotAnOutOfMemoryTrace() throws Exception {
        Result r = conndoctor("64m", "127.0.0.1:1 --cdn-ranges /dev/zero");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("conndoctor: --cdn-ranges /dev/zero: larger than 4 MB\n");
    }

    @Test
    void aLogThroughProcessSubstitutionIsHeldToItsLimit() throws Exception {
        Result r = conndoctor("64m", "explain --file <(head -c 70000000 /dev/zero)");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).matches("conndoctor: --file /dev/fd/\\d+: larger than 64 MB\n");
    }

    @Test
    void aLogOfSixtyMegabytesIsExplainedInAHeapOfThirtyTwo() throws Exception {
        Result r = conndoctor("32m", "explain --json --file <(yes 'GET /health 200 1ms' | head -c 60000000;"
                + " echo 'Error: connect ECONNREFUSED 127.0.0.1:8109')");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("node.econnrefused").contains("\"linesRead\" : 3000001");
    }

    @Test
    void anEndlessStandardInputIsExitTwo() throws Exception {
        Result r = conndoctor("64m", "explain - < /dev/zero");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("conndoctor: -: larger than 64 MB\n");
    }
}
