package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --origin} and {@code --subprotocol} go on the wire as header values: what would break the
 * header line is a bad invocation, refused in one line before anything is dialled.
 */
class HeaderOptionsTest {

    // a port nothing dials: the options are refused before the diagnosis starts
    private static final String TARGET = "ws://127.0.0.1:9/";

    @Test
    void anOriginWithAPathIsExitTwoNamingTheForm() {
        CliRun run = CliRun.of("diagnose", TARGET, "--origin", "https://app.example/");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("conndoctor: --origin 'https://app.example/' cannot be sent: an origin is "
                + "scheme://host[:port] or null, with no path, as a browser sends it (e.g. https://example.com)\n");
    }

    @Test
    void aSubprotocolListInOneValueIsExitTwo() {
        CliRun run = CliRun.of("diagnose", TARGET, "--subprotocol", "chat, superchat");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("conndoctor: --subprotocol 'chat, superchat' cannot be sent: a subprotocol is a token");
    }

    @Test
    void aC1OrBidiCharacterInTheValueIsShownEscapedInTheMessage() {
        CliRun run = CliRun.of("diagnose", TARGET, "--origin", "https://a\u009b2J\u202e.example");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("\\x9b2J\\u202e").doesNotContain("\u009b", "\u202e");
    }

    @Test
    void theRefusalIsInSpanishWithLangEs() {
        CliRun run = CliRun.of(dev.conndoctor.ConnDoctor.system(), Map.of(), InputStream.nullInputStream(),
                "diagnose", TARGET, "--subprotocol", "a\r\nb", "--lang", "es");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("conndoctor: --subprotocol 'a\\x0d\\x0ab' no se puede enviar: contiene un "
                + "carácter de control en la posición 2");
    }
}
