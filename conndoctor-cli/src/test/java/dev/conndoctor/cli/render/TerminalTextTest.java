package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Text;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void ordinaryTextIncludingNonAsciiPassesUnchanged() {
        assertThat(TerminalText.clean("nginx/1.24 — café 中文 ✓")).isEqualTo("nginx/1.24 — café 中文 ✓");
    }

    @Test
    void anEscapeSequenceIsShownNotObeyed() {
        assertThat(TerminalText.clean("websocket\u001b[2J\u001b]0;pwned\u0007"))
                .isEqualTo("websocket\\x1b[2J\\x1b]0;pwned\\x07")
                .doesNotContain("\u001b", "\u0007");
    }

    @Test
    void aLineBreakCannotForgeALineOfTheReport() {
        assertThat(TerminalText.clean("x\r\n✓ the connection works")).isEqualTo("x\\x0d\\x0a✓ the connection works");
    }

    @Test
    void c1ControlsAndBidiOverridesAreShownAsEscapes() {
        assertThat(TerminalText.clean("a\u009b2Jb\u202eevil\u2066")).isEqualTo("a\\x9b2Jb\\u202eevil\\u2066");
    }

    @Test
    void implicitBidiMarksAreShownToo() {
        assertThat(TerminalText.clean("a\u200fb\u200ec\u061cd")).isEqualTo("a\\u200fb\\u200ec\\u061cd");
    }

    @Test
    void renderingCleansTheArgumentsButKeepsThePatternOfTheBundle() {
        Text text = Text.of("report.speaks", "127.0.0.1:80", Text.of("report.speaks", "\u001b[31m", "y"));
        String rendered = TerminalText.render(text, "dev.conndoctor.cli.messages", Locale.ROOT);
        assertThat(rendered).doesNotContain("\u001b").contains("\\x1b[31m");
    }
}
