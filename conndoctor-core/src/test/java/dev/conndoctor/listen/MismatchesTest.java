package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Text;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fix for every listener and every client speech, plain and TLS on either side. */
class MismatchesTest {

    private static final String PORT = "8282";
    private static final Locale[] LOCALES = {Locale.ROOT, Locale.ENGLISH, Locale.forLanguageTag("es")};

    @Test
    void everyCombinationHasAFixExactlyWhenItDoesNotMatchAndEveryFixRendersWhole() {
        int fixes = 0;
        for (ListenProtocol listener : ListenProtocol.values()) {
            for (boolean listenerTls : new boolean[] {false, true}) {
                for (ClientSpeech spoke : ClientSpeech.values()) {
                    for (boolean clientTls : new boolean[] {false, true}) {
                        if (spoke == ClientSpeech.TLS && !clientTls || spoke == ClientSpeech.NOTHING && clientTls) {
                            continue; // a ClientHello is always TLS; nothing is never TLS
                        }
                        for (Optional<String> sni : java.util.List.of(Optional.<String>empty(), Optional.of("example.test"))) {
                            String what = listener.id() + (listenerTls ? "+tls" : "") + " listener, client "
                                    + spoke.id() + (clientTls ? " over tls" : "") + sni.map(s -> " sni " + s).orElse("");
                            Optional<Text> fix = Mismatches.fix(listener, listenerTls, spoke, clientTls, sni, PORT);
                            boolean matches = listener.matches(spoke) && clientTls == listenerTls;
                            assertThat(fix.isPresent()).as(what).isEqualTo(!matches);
                            if (fix.isPresent()) {
                                fixes++;
                                assertRendersWhole(fix.get(), what);
                            }
                        }
                    }
                }
            }
        }
        assertThat(fixes).isPositive();
    }

    @Test
    void tlsToAPlainListenerNamesTheSniAndBothWaysOut() {
        String fix = Mismatches.fix(ListenProtocol.WEBSOCKET, false, ClientSpeech.TLS, true, Optional.of("example.test"), PORT)
                .orElseThrow().render(Locale.ROOT);
        assertThat(fix).contains("TLS ClientHello", "example.test", "websocket", "wss://", "--tls", "ws://", "8282");
        String noName = Mismatches.fix(ListenProtocol.HTTP, false, ClientSpeech.TLS, true, Optional.empty(), PORT)
                .orElseThrow().render(Locale.ROOT);
        assertThat(noName).contains("TLS ClientHello", "http", "8282");
    }

    @Test
    void tlsToAPlainListenerWinsOverWhatWasInside() {
        // a client that wraps a WebSocket in TLS, at a plain WebSocket listener: the TLS is the problem
        Text fix = Mismatches.fix(ListenProtocol.WEBSOCKET, false, ClientSpeech.WEBSOCKET, true, Optional.of("a.test"), PORT)
                .orElseThrow();
        assertThat(fix.key()).isEqualTo("listen.fix.tls-to-plain");
    }

    @Test
    void plainToATlsListenerSaysConnectWithTls() {
        String fix = Mismatches.fix(ListenProtocol.WEBSOCKET, true, ClientSpeech.WEBSOCKET, false, Optional.empty(), PORT)
                .orElseThrow().render(Locale.ROOT);
        assertThat(fix).contains("plain websocket", "TLS websocket", "wss://", "without --tls", "8282");
    }

    @Test
    void aTlsClientThatSpeaksTheRightProtocolInsideMatches() {
        for (ListenProtocol listener : ListenProtocol.values()) {
            ClientSpeech right = switch (listener) {
                case WEBSOCKET -> ClientSpeech.WEBSOCKET;
                case HTTP -> ClientSpeech.HTTP;
                case TEXT, TCP -> ClientSpeech.TEXT;
            };
            assertThat(Mismatches.fix(listener, true, right, true, Optional.of("x.test"), PORT)).as(listener.id()).isEmpty();
            assertThat(Mismatches.fix(listener, false, right, false, Optional.empty(), PORT)).as(listener.id()).isEmpty();
        }
    }

    @Test
    void httpToAWebSocketListenerIsTheBrowserTab() {
        String fix = Mismatches.fix(ListenProtocol.WEBSOCKET, false, ClientSpeech.HTTP, false, Optional.empty(), PORT)
                .orElseThrow().render(Locale.ROOT);
        assertThat(fix).contains("plain HTTP", "websocket listener", "http://", "8282");
    }

    @Test
    void aWebSocketClientAtAnotherListenerGetsTheWorkermanLine() {
        String fix = Mismatches.fix(ListenProtocol.TEXT, false, ClientSpeech.WEBSOCKET, false, Optional.empty(), PORT)
                .orElseThrow().render(Locale.ROOT);
        assertThat(fix).contains("WebSocket upgrade", "text listener", "websocket://0.0.0.0:8282",
                "new Worker('websocket://0.0.0.0:8282')");
    }

    @Test
    void textAndBinaryAndNothingHaveTheirOwnFixes() {
        assertThat(Mismatches.fix(ListenProtocol.WEBSOCKET, false, ClientSpeech.TEXT, false, Optional.empty(), PORT))
                .map(Text::key).contains("listen.fix.text");
        assertThat(Mismatches.fix(ListenProtocol.TEXT, false, ClientSpeech.BINARY, false, Optional.empty(), PORT))
                .map(Text::key).contains("listen.fix.binary");
        assertThat(Mismatches.fix(ListenProtocol.TCP, false, ClientSpeech.NOTHING, false, Optional.empty(), PORT))
                .map(Text::key).contains("listen.fix.nothing");
        assertThat(Mismatches.fix(ListenProtocol.HTTP, true, ClientSpeech.NOTHING, false, Optional.empty(), PORT))
                .as("silence at a TLS listener is silence, not plain text").map(Text::key).contains("listen.fix.nothing");
    }

    @Test
    void thePortIsWrittenAsIs() {
        String fix = Mismatches.fix(ListenProtocol.HTTP, false, ClientSpeech.TEXT, false, Optional.empty(), "12345")
                .orElseThrow().render(Locale.forLanguageTag("de"));
        assertThat(fix).contains("12345").doesNotContain("12,345", "12.345");
    }

    @Test
    void theServersOwnFixesRenderWhole() {
        assertRendersWhole(Text.of("listen.fix.closed-at-once"), "closed at once");
        assertRendersWhole(Text.of("listen.fix.tls-handshake-failed", "certificate_unknown"), "tls handshake failed");
    }

    private static void assertRendersWhole(Text fix, String what) {
        for (Locale locale : LOCALES) {
            String rendered = fix.render(locale);
            assertThat(rendered).as("%s (%s)", what, locale)
                    .isNotBlank()
                    .doesNotContainPattern("\\{\\d+\\}")
                    .doesNotStartWith(fix.key())
                    .doesNotContain("listen.fix.");
        }
    }
}
