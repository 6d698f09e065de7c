package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Target;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManyTargetsTest {
    /** A doctor without a network: no name resolves, so every diagnosis ends at DNS. */
    private static final ConnDoctor NO_NAMES = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host + ": Name or service not known");
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(Map.of())
            .build();

    @Test
    void oneTargetPerLineWithCommentsAndBlankLines() {
        assertThat(ManyTargets.parse("list", Locale.ROOT, """
                # the chat fleet
                ws://chat-1.example.com:8282/   # primary
                  wss://chat-2.example.com/chat

                db.example.com:5432
                """)).extracting(Target::input)
                .containsExactly("ws://chat-1.example.com:8282/", "wss://chat-2.example.com/chat", "db.example.com:5432");
    }

    @Test
    void aBadLineIsAUsageErrorNamingItsNumber() {
        assertThatThrownBy(() -> ManyTargets.parse("list", Locale.ROOT, "a.example:1\n\nb.example\n"))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> assertThat(((UsageException) e).message(Locale.ROOT))
                        .startsWith("list line 3: no port"));
        assertThatThrownBy(() -> ManyTargets.parse("list", Locale.ROOT, "a.example:1 b.example:2\n"))
                .satisfies(e -> assertThat(((UsageException) e).message(Locale.ROOT))
                        .isEqualTo("list line 1: one target per line (a comment starts with #)"));
        assertThatThrownBy(() -> ManyTargets.parse("list", Locale.ROOT, "# nothing\n"))
                .satisfies(e -> assertThat(((UsageException) e).message(Locale.ROOT)).contains("holds no target"));
    }

    @Test
    void targetAndTargetsTogetherAreABadInvocation(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("targets.txt"), "127.0.0.1:1\n");

        CliRun run = CliRun.of("diagnose", "127.0.0.1:1", "--targets", list.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("conndoctor: give TARGET or --targets FILE, not both\n");
    }

    @Test
    void neitherTargetNorTargetsIsABadInvocation() {
        CliRun run = CliRun.of("diagnose");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("conndoctor: missing: TARGET\n");
    }

    @Test
    void aRedactedListGivesEachHostOnePlaceholderInTheMarkdownTableAndInTheJsonLines(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("targets.txt"), "ws://chat.corp-one.example:8282/\ndb.corp-two.example:5432\n");

        CliRun markdown = CliRun.of(NO_NAMES, "diagnose", "--targets", list.toString(), "--format", "markdown", "--redact");
        CliRun json = CliRun.of(NO_NAMES, "diagnose", "--targets", list.toString(), "--json", "--redact");

        assertThat(markdown.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(markdown.out()).startsWith("### conndoctor diagnose --targets").contains("```", "host-1", "host-2")
                .doesNotContain("corp-one", "corp-two");
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(new ObjectMapper().readTree(line).path("schema")
                .asText()).isEqualTo("conndoctor.diagnosis/1"));
        assertThat(json.out()).contains("host-1", "host-2").doesNotContain("corp-one", "corp-two");
    }
}
