package dev.conndoctor.explain;

/**
 * Words for a POSIX shell command line that people copy and paste: a word made only of
 * characters the shell takes as they are stays as it is; any other is single-quoted, a quote
 * inside written {@code '\''}, so that text read out of a log ({@code $(...)}, {@code ;},
 * backquotes) is never run.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** {@code word} as one shell word. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(ShellWords::plain)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean plain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "@%+=:,./_-".indexOf(c) >= 0;
    }
}
