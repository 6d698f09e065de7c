package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.ConnDoctor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** conndoctor completion bash|zsh: scripts made from the option model, run by the real shells. */
class CompletionCommandTest {
    private static final ConnDoctor DOCTOR = ConnDoctor.builder().environment(Map.of()).build();

    @TempDir
    Path dir;

    @Test
    void theBashScriptNamesEveryCommandAndEveryVisibleOptionOfTheModel() {
        String script = CliRun.of(DOCTOR, "completion", "bash").out();

        CommandLine model = Cli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), Terminal.PLAIN, DOCTOR);
        List<String> missing = new ArrayList<>();
        model.getSubcommands().forEach((name, sub) -> {
            if (!script.contains(name)) {
                missing.add(name);
            }
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (!option.hidden() && !script.contains(option.longestName())) {
                    missing.add(name + " " + option.longestName());
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(script).doesNotContain("--host-root"); // hidden options stay hidden
    }

    @Test
    void bashCompletesACommandAnOptionAndAnOptionsValues() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path script = Files.writeString(dir.resolve("conndoctor.bash"), CliRun.of(DOCTOR, "completion", "bash").out());

        assertThat(complete("bash", script, "conndoctor", "com")).containsExactly("completion");
        assertThat(complete("bash", script, "conndoctor", "diagnose", "--ti")).containsExactly("--timeout");
        assertThat(complete("bash", script, "conndoctor", "diagnose", "h:1", "--format", "m")).containsExactly("markdown");
        assertThat(complete("bash", script, "conndoctor", "diagnose", "h:1", "--lang", "z")).containsExactly("zh");
        assertThat(complete("bash", script, "conndoctor", "completion", "")).contains("bash", "zsh");
    }

    @Test
    void zshRunsTheSameCompletionThroughBashcompinitSourcedOrAutoloaded() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed (.ci/run installs it)");
        String zsh = CliRun.of(DOCTOR, "completion", "zsh").out();
        assertThat(zsh).startsWith("#compdef conndoctor\n");
        Path functions = Files.createDirectories(dir.resolve("functions"));
        Path file = Files.writeString(functions.resolve("_conndoctor"), zsh);

        // sourced, as in a .zshrc
        assertThat(complete("zsh", file, "conndoctor", "diagnose", "--ti")).containsExactly("--timeout");
        // from $fpath: compinit reads the #compdef line and binds the command to the function
        String bound = run(List.of("zsh", "-fc", "fpath=(" + functions + " $fpath); autoload -U compinit; compinit -u -D; "
                + "print -r -- ${_comps[conndoctor]}"));
        assertThat(bound.strip()).isEqualTo("_conndoctor");
    }

    @Test
    void anUnknownShellIsABadInvocation() {
        CliRun run = CliRun.of(DOCTOR, "completion", "fish");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("bash and zsh");
    }

    /** The words {@code shell} offers for the last of {@code words}, the completion function called as the shell would. */
    private List<String> complete(String shell, Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String prefix = words[words.length - 1];
        List<String> command;
        if (shell.equals("zsh")) {
            // as zsh's _bash_complete calls it (bashcompinit); zsh's compadd then keeps the words that match
            command = List.of("zsh", "-fc", "autoload -U compinit && compinit -u -D; source " + script + " >/dev/null 2>&1; "
                    + "words=(" + array + " ); CURRENT=" + words.length + "; COMP_WORDS=(\"${words[@]}\"); "
                    + "COMP_CWORD=$((CURRENT-1)); COMP_LINE=\"$words\"; COMP_POINT=${#COMP_LINE}; "
                    + "compgen -F _complete_conndoctor -- \"${words[CURRENT]}\" 2>/dev/null");
        } else {
            command = List.of("bash", "-c", "source " + script + " >/dev/null 2>&1; COMP_WORDS=(" + array + " ); "
                    + "COMP_CWORD=" + (words.length - 1) + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; "
                    + "_complete_conndoctor 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
        }
        return run(command).lines().map(String::strip).filter(l -> !l.isEmpty() && l.startsWith(prefix)).toList();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
