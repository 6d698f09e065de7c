package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommandRunner#SYSTEM} with real child processes (sh and sleep): its timeout fires
 * whatever the command and its children do with their output. The limits are generous: a
 * command stuck for a minute must cost about one timeout, not the minute.
 */
class SystemCommandRunnerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static Optional<String> runWithinTheBound(String... command) {
        return assertTimeoutPreemptively(BOUND, () -> CommandRunner.SYSTEM.run(List.of(command), TIMEOUT),
                String.join(" ", command) + " outlived its timeout");
    }

    @Test
    void aCommandThatExitsZeroHandsBackItsOutput() {
        assertThat(runWithinTheBound("sh", "-c", "echo 'x  y'")).contains("x  y\n");
    }

    @Test
    void aCommandThatExitsWithAnErrorHandsBackNothing() {
        assertThat(runWithinTheBound("sh", "-c", "echo partial; exit 3")).isEmpty();
    }

    @Test
    void aCommandThatIsNotInstalledHandsBackNothing() {
        assertThat(runWithinTheBound("conndoctor-no-such-command-here")).isEmpty();
    }

    @Test
    void aCommandThatHoldsItsOutputOpenAndNeverEndsIsKilledAtTheDeadline() {
        assertThat(runWithinTheBound("sleep", "60")).isEmpty();
    }

    @Test
    void aCommandWhoseChildHoldsItsOutputOpenAfterItExitsEndsByTheDeadline() {
        // sh exits at once; the sleep it left behind keeps the output pipe open for a minute. The JDK may
        // hand back what sh wrote as soon as sh has exited, or the runner waits for the end until the deadline
        runWithinTheBound("sh", "-c", "sleep 60 & echo x");
    }

    @Test
    void anOrphanThatHoldsTheOutputOpenIsFoundByItsMarkAndKilledAtTheDeadline(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("orphan.pid");

        // the subshell exits at once: the sleep is nobody's descendant from the start, only its environment says whose
        Optional<String> output = runWithinTheBound("sh", "-c",
                "(sleep 60 & echo $! > '" + pidFile + "'); sleep 0.3; echo x");

        assertThat(output).as("output whose end never came").isEmpty();
        long orphan = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(waitUntilGone(orphan, Duration.ofSeconds(5))).as("the orphan sleep %d is gone", orphan).isTrue();
    }

    @Test
    void aStuckCommandIsKilledWithTheChildrenItStarted(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");

        Optional<String> output = runWithinTheBound("sh", "-c", "sleep 60 & echo $! > '" + pidFile + "'; wait");

        assertThat(output).isEmpty();
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(waitUntilGone(child, Duration.ofSeconds(5))).as("the child sleep %d is gone", child).isTrue();
    }

    private static boolean waitUntilGone(long pid, Duration patience) throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < end) {
            if (running(pid)) {
                Thread.sleep(50);
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code pid} runs: a zombie waiting for a parent that may never reap it has ended. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // no such process
        }
    }

    @Test
    void aMegabyteOfOutputComesBackWhole() {
        // far more than a pipe holds: read while the command runs, the end of it still arrives
        assertThat(runWithinTheBound("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' 'a'"))
                .hasValueSatisfying(out -> assertThat(out).hasSize(1_048_576));
    }
}
