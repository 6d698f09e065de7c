package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The WebSocket handshake's arithmetic, without a socket. */
class WebSocketConnectionTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void acceptKeyIsTheOneOfRfc6455() {
        // the worked example of RFC 6455 §1.3
        assertThat(WebSocketConnection.acceptKey(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
