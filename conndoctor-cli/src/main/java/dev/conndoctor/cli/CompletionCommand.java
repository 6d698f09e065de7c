package dev.conndoctor.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code conndoctor completion bash|zsh}: the shell completion script, generated from the commands'
 * own options by picocli's {@link AutoComplete}, so that it cannot drift from them. The zsh script is
 * the bash one run through zsh's {@code bashcompinit}, written as a {@code #compdef} function: it
 * works sourced and from a directory of {@code $fpath} alike.
 */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Print the completion script for bash or zsh, made from conndoctor's own options.",
            "bash: source <(conndoctor completion bash); zsh: conndoctor completion zsh > ~/.zfunc/_conndoctor"})
final class CompletionCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "bash|zsh", descriptionKey = "shell", converter = ShellConverter.class,
            completionCandidates = ShellConverter.class,
            description = "The shell whose script to print.")
    String shell;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().print(script(shell, context));
        context.out().flush();
        return ExitCode.OK;
    }

    /** The script for {@code shell}, from a command line holding every command. */
    static String script(String shell, CliContext context) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine all = Cli.newCommandLine(none, none, context.in(), context.environment(), Terminal.PLAIN,
                context.doctors(), Cli.SUBCOMMANDS);
        String bash = AutoComplete.bash("conndoctor", all);
        if (shell.equals("bash")) {
            return bash;
        }
        return "#compdef conndoctor\n"
                + "# conndoctor's zsh completion: the bash completion picocli generates from conndoctor's options,\n"
                + "# run through zsh's bashcompinit. Sourced (source <(conndoctor completion zsh)) or autoloaded\n"
                + "# from a directory of $fpath as _conndoctor.\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                // compinit has run already when this completes a word: the script must not run it again
                + "__COMPLETION_BASH_INITIALIZED_ZSH=1\n"
                + bash
                + "\n# autoloaded as the completion function: complete the word now; later ones go straight to the bash function\n"
                + "if [[ \"${funcstack[1]:-}\" == _conndoctor ]]; then\n"
                + "  _bash_complete -F _complete_conndoctor -o default\n"
                + "fi\n";
    }

    /** bash or zsh, in any case. */
    static final class ShellConverter implements CommandLine.ITypeConverter<String>, Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("bash", "zsh").iterator();
        }

        @Override
        public String convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("bash") && !v.equals("zsh")) {
                throw new CommandLine.TypeConversionException("'" + value + "': conndoctor completes bash and zsh");
            }
            return v;
        }
    }
}
