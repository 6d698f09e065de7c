package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firewall commands share one deadline: stuck ones cost it once, not once each. */
class FirewallReaderTest {

    /** Commands that each use up what they are given, and record it. */
    private static final class StuckCommands implements CommandRunner {
        final List<Duration> given = new ArrayList<>();

        @Override
        public Optional<String> run(List<String> command, Duration timeout) {
            given.add(timeout);
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 2_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    @Test
    void threeStuckCommandsShareOneDeadline(@TempDir Path root) {
        StuckCommands commands = new StuckCommands();

        FirewallReader.read(commands, new HostFiles(root));

        assertThat(commands.given).isNotEmpty();
        assertThat(commands.given.get(0)).isLessThanOrEqualTo(FirewallReader.COMMAND_TIMEOUT);
        // each used up 2 s, so each later one was given what was left of the one deadline, not 5 s afresh
        for (int i = 1; i < commands.given.size(); i++) {
            assertThat(commands.given.get(i)).as("the timeout of command %d", i)
                    .isLessThanOrEqualTo(FirewallReader.COMMAND_TIMEOUT.minusSeconds(2L * i).plusMillis(100));
        }
    }
}
