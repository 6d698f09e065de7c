package dev.conndoctor.cli;

import java.util.Map;

/**
 * What the CLI knows of the terminal it writes to: whether a person is watching (progress
 * lines) and whether colours are wanted. Built from the real process by {@link #detect()};
 * tests build their own.
 */
public record Terminal(boolean interactive, boolean colorAllowed) {

    /** A terminal for tests and pipes: no progress, no colour. */
    public static final Terminal PLAIN = new Terminal(false, false);

    /** The process's terminal: a console means a person; NO_COLOR and TERM=dumb turn colours off. */
    public static Terminal detect() {
        return detect(System.console() != null, System.getenv());
    }

    static Terminal detect(boolean console, Map<String, String> env) {
        boolean color = console && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        return new Terminal(console, color);
    }
}
