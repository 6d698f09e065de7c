package dev.conndoctor.cli;

/** ANSI colours for the human report, or none: the text is the same either way. */
final class Style {
    private final boolean on;

    Style(boolean on) {
        this.on = on;
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String red(String s) {
        return wrap("1;31", s);
    }

    String green(String s) {
        return wrap("1;32", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
