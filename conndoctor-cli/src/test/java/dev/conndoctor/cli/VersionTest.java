package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --version: the version, the commit the build wrote, and the Java it runs on. */
class VersionTest {

    @Test
    void theVersionNamesTheCommitAndTheJava() {
        CliRun run = CliRun.of(ConnDoctor.builder().environment(Map.of()).build(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("conndoctor " + java.util.regex.Pattern.quote(ConnDoctor.version())
                + " \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)\\nJava \\S+ \\(.+, .+\\)\\n");
    }

    @Test
    void theBuildWroteTheCommitOfThisCheckout() {
        // from a git checkout the build finds its commit (a source archive has no .git, and says "unknown")
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("../.git")),
                "not a git checkout");
        assertThat(VersionProvider.commit()).matches("[0-9a-f]{12}(-dirty)?");
    }
}
