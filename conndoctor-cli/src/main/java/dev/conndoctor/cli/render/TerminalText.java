package dev.conndoctor.cli.render;

import dev.conndoctor.Text;
import java.util.Locale;

/**
 * The one sanitizer between text that came from outside (a server's headers, a certificate's
 * names, a client's request line, a log line, a process name, a server report) and a terminal.
 *
 * <p>Every renderer that writes for people passes such text through here, so no control byte
 * reaches the terminal: no escape sequence can clear the screen, retitle the window or move the
 * cursor to overwrite a verdict, and no line break can forge a line of the report. Bidirectional
 * overrides go too, since they reorder what is shown without changing what is there. What is
 * replaced stays visible as an escape ({@code \x1b}, {@code \u202e}), so the evidence is not
 * lost. The JSON renderers do not use it: JSON escapes control characters itself and must stay
 * exact.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} with every control or bidi-override character shown as an escape. */
    public static String clean(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c < 0x100) {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * {@code text} rendered from {@code bundle} in {@code locale} with its arguments cleaned: the
     * bundle's own patterns are trusted (they may hold line breaks), what fills them is not.
     */
    public static String render(Text text, String bundle, Locale locale) {
        return cleanArguments(text).render(bundle, locale);
    }

    /** {@link #render(Text, String, Locale)} from the library's own bundle. */
    public static String render(Text text, Locale locale) {
        return render(text, Text.BUNDLE, locale);
    }

    /**
     * {@code text} rendered with its arguments cleaned and then passed through {@code escape}: a renderer
     * for another markup (Markdown) escapes what fills the trusted pattern, not the pattern.
     */
    public static String render(Text text, String bundle, Locale locale, java.util.function.UnaryOperator<String> escape) {
        return cleanArguments(text, escape).render(bundle, locale);
    }

    private static Text cleanArguments(Text text) {
        return cleanArguments(text, java.util.function.UnaryOperator.identity());
    }

    private static Text cleanArguments(Text text, java.util.function.UnaryOperator<String> escape) {
        return new Text(text.key(), text.args().stream()
                .map(a -> a instanceof Text nested ? (Object) cleanArguments(nested, escape)
                        : escape.apply(clean(String.valueOf(a))))
                .toList());
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7f                      // C0 controls (ESC, CR, LF, BEL, BS…) and DEL
                || (c >= 0x80 && c <= 0x9f)                // C1 controls: 0x9b is a one-byte CSI
                || (c >= 0x202a && c <= 0x202e)            // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069)            // bidi isolates
                || c == 0x200e || c == 0x200f || c == 0x061c // bidi marks: they too reorder what is shown
                || c == 0x2028 || c == 0x2029;             // line and paragraph separators
    }
}
