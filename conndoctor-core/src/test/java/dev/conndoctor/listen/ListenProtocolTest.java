package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which client each listener serves, and the schemes of a listen address. */
class ListenProtocolTest {

    @ParameterizedTest
    @CsvSource({"websocket,WEBSOCKET", "ws,WEBSOCKET", "WebSocket,WEBSOCKET", "http,HTTP", "HTTP,HTTP", "text,TEXT",
        "tcp,TCP", "TCP,TCP"})
    void schemes(String scheme, ListenProtocol protocol) {
        assertThat(ListenProtocol.fromScheme(scheme)).contains(protocol);
    }

    @ParameterizedTest
    @CsvSource({"wss", "https", "tls", "udp", "ftp", "''", "web socket"})
    void otherSchemesAreNotListenProtocols(String scheme) {
        assertThat(ListenProtocol.fromScheme(scheme)).isEmpty();
    }

    @Test
    void idsAreTheLowerCaseNames() {
        assertThat(ListenProtocol.WEBSOCKET.id()).isEqualTo("websocket");
        assertThat(ListenProtocol.TCP.id()).isEqualTo("tcp");
        assertThat(ClientSpeech.NOTHING.id()).isEqualTo("nothing");
        assertThat(EnumSet.allOf(ClientSpeech.class)).extracting(ClientSpeech::id)
                .containsExactly("websocket", "http", "tls", "text", "binary", "nothing");
    }

    @Test
    void eachListenerMatchesItsOwnClientOnly() {
        assertMatches(ListenProtocol.WEBSOCKET, EnumSet.of(ClientSpeech.WEBSOCKET));
        assertMatches(ListenProtocol.HTTP, EnumSet.of(ClientSpeech.HTTP));
        assertMatches(ListenProtocol.TEXT, EnumSet.of(ClientSpeech.TEXT));
        // raw tcp takes any bytes, but a client that says nothing, or wants TLS, is not served
        assertMatches(ListenProtocol.TCP, EnumSet.of(ClientSpeech.WEBSOCKET, ClientSpeech.HTTP, ClientSpeech.TEXT,
                ClientSpeech.BINARY));
    }

    @Test
    void nothingAndTlsMatchNoListener() {
        for (ListenProtocol listener : ListenProtocol.values()) {
            assertThat(listener.matches(ClientSpeech.NOTHING)).as(listener.id()).isFalse();
            assertThat(listener.matches(ClientSpeech.TLS)).as(listener.id()).isFalse();
        }
    }

    private static void assertMatches(ListenProtocol listener, Set<ClientSpeech> matching) {
        for (ClientSpeech spoke : ClientSpeech.values()) {
            assertThat(listener.matches(spoke)).as("%s listener, client spoke %s", listener.id(), spoke.id())
                    .isEqualTo(matching.contains(spoke));
        }
    }
}
