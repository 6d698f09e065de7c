package dev.conndoctor.dist;

import static dev.conndoctor.dist.Release.bareEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.cli.Cli;
import dev.conndoctor.cli.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages the build made: one per command, each with every option of the command line's model, valid for man. */
class ManPagesIT {
    private static final Path PAGES = Release.TARGET.resolve("man/man1");

    @Test
    void everyCommandHasAPageThatDescribesEveryVisibleOption() throws IOException {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine model = Cli.newCommandLine(none, none, InputStream.nullInputStream(), Map.of(), Terminal.PLAIN,
                ConnDoctor.builder().environment(Map.of()).build());

        List<String> missing = new ArrayList<>();
        String root = Files.readString(PAGES.resolve("conndoctor.1"));
        model.getSubcommands().keySet().forEach(name -> {
            if (!root.contains(name)) {
                missing.add("conndoctor.1: " + name);
            }
        });
        for (var entry : model.getSubcommands().entrySet()) {
            Path page = PAGES.resolve("conndoctor-" + entry.getKey() + ".1");
            if (!Files.exists(page)) {
                missing.add(page.getFileName().toString());
                continue;
            }
            // troff writes a hyphen of an option as \-
            String text = Files.readString(page).replace("\\-", "-");
            for (OptionSpec option : entry.getValue().getCommandSpec().options()) {
                if (!option.hidden() && !text.contains(option.longestName())) {
                    missing.add(page.getFileName() + ": " + option.longestName());
                }
            }
            assertThat(text).as(page.toString()).contains(".TH \"CONNDOCTOR-" + entry.getKey().toUpperCase(java.util.Locale.ROOT)
                    + "\" \"1\"").contains("conndoctor " + Release.VERSION);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void groffReadsEveryPageWithoutAWarning() throws IOException {
        assumeTrue(Release.onPath("groff"), "groff is not installed");
        try (var pages = Files.list(PAGES)) {
            for (Path page : pages.toList()) {
                Release.Run r = Release.run(PAGES, bareEnvironment(), "groff", "-man", "-ww", "-z", page.toString());
                assertThat(r.exitCode()).as(page.toString()).isZero();
                assertThat(r.err()).as(page.toString()).isEmpty();
            }
        }
    }
}
