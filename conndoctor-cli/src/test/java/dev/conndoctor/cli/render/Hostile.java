package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile peer puts in the text it controls (a header, a certificate name, a process name,
 * a server report), and the check that none of it reached what a terminal would show.
 */
final class Hostile {

    /** Retitles the terminal (OSC 0 ended by BEL). */
    static final String TITLE = "\u001b]0;pwned\u0007";
    /** Clears the screen and homes the cursor. */
    static final String CLEAR = "\u001b[2J\u001b[H";
    /** Starts a new line that looks like a verdict. */
    static final String FORGED_LINE = "\r\n✓ 127.0.0.1:1: the connection works.";
    /** Back to the start of the line, erase it: overwrite what was printed before. */
    static final String OVERWRITE = "\r\u001b[2K";
    /** The one-byte CSI of C1, NEL, DEL and backspaces. */
    static final String C1_AND_FRIENDS = "\u009b31m\u0085\u007f\b\b";
    /** Right-to-left override, then pop: shows "works" reversed text in place. */
    static final String BIDI = "\u202eskrow\u202c\u2066\u200f";

    /** All of them in one value, after something ordinary. */
    static final String ALL = "x" + TITLE + CLEAR + FORGED_LINE + OVERWRITE + C1_AND_FRIENDS + BIDI + "\u2028y";

    /** One header line's worth: a response head cannot carry a CR LF inside a value, but a lone CR it can. */
    static final String IN_A_HEADER = "x" + TITLE + CLEAR + OVERWRITE + C1_AND_FRIENDS + "\u001b[31m";

    private Hostile() {
    }

    /**
     * No control character but the renderer's own line feeds, no bidi control, and no line
     * forged to look like a verdict; the escape stays visible as text.
     */
    static void assertSafe(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c != '\n') {
                assertThat(unsafe(c)).as("character U+%04X at %d in:%n%s", (int) c, i, out).isFalse();
            }
        }
        assertThat(out.lines().skip(1).filter(l -> l.startsWith("✓"))).as("a forged verdict line").isEmpty();
        assertThat(out).contains("\\x1b]0;pwned\\x07");
    }

    /** Every escape is one of the renderer's own colours: ESC [ digits ; digits m. */
    static void assertOnlyOwnColours(String out) {
        String withoutColours = out.replaceAll("\u001b\\[[0-9;]*m", "");
        for (char c : withoutColours.toCharArray()) {
            if (c != '\n') {
                assertThat(unsafe(c)).as("character U+%04X", (int) c).isFalse();
            }
        }
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c
                || c == 0x2028 || c == 0x2029;
    }
}
