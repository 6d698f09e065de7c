package dev.conndoctor.cli;

import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import dev.conndoctor.Text;
import java.util.Locale;

/** A bad invocation noticed by a command itself; exits with {@link ExitCode#USAGE} and one line in the user's language. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Text problem;

    UsageException(String key, Object... args) {
        super(Text.of(key, args).render(TextRenderer.BUNDLE, Locale.ROOT));
        this.problem = Text.of(key, args);
    }

    /** The problem in {@code locale}; what fills it (a file's content in a parse error, a value) is cleaned for the terminal. */
    String message(Locale locale) {
        return TerminalText.render(problem, TextRenderer.BUNDLE, locale);
    }
}
