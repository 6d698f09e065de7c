package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.protocol.WebSocketHandshake.Field;
import dev.conndoctor.protocol.WebSocketHandshake.Verification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {

    /** The example of RFC 6455 §1.3. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    // --- the request

    @Test
    void acceptForTheRfcExampleKeyIsTheRfcAnswer() {
        assertThat(WebSocketHandshake.acceptFor(KEY)).isEqualTo(ACCEPT);
    }

    @Test
    void newKeyIsSixteenRandomBytesInBase64() {
        String key = WebSocketHandshake.newKey(new Random(7));

        assertThat(key).hasSize(24);
        assertThat(Base64.getDecoder().decode(key)).hasSize(16);
        assertThat(WebSocketHandshake.newKey(new Random(8))).isNotEqualTo(key);
    }

    @Test
    void requestIsABrowserLikeUpgrade() {
        String request = WebSocketHandshake.request("192.0.2.10:8282", "/chat?room=1", KEY, Optional.empty(), List.of());

        assertThat(request).startsWith("GET /chat?room=1 HTTP/1.1\r\n")
                .contains("\r\nHost: 192.0.2.10:8282\r\n")
                .contains("\r\nUpgrade: websocket\r\n")
                .contains("\r\nConnection: Upgrade\r\n")
                .contains("\r\nSec-WebSocket-Key: " + KEY + "\r\n")
                .contains("\r\nSec-WebSocket-Version: 13\r\n")
                .doesNotContain("Origin:")
                .doesNotContain("Sec-WebSocket-Protocol")
                .endsWith("\r\n\r\n");
        assertThat(request.indexOf("\r\n\r\n")).isEqualTo(request.length() - 4);
    }

    @Test
    void requestCarriesOriginAndSubprotocolsWhenGiven() {
        String request = WebSocketHandshake.request("chat.example", "/", KEY, Optional.of("https://chat.example"),
                List.of("chat", "superchat"));

        assertThat(request).contains("\r\nOrigin: https://chat.example\r\n")
                .contains("\r\nSec-WebSocket-Protocol: chat, superchat\r\n")
                .endsWith("\r\n\r\n");
    }

    // --- the verifier, in its fixed order

    @Test
    void correctAnswerPasses() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n");

        assertThat(v.ok()).isTrue();
        assertThat(v.failed()).isEmpty();
    }

    @Test
    void tokensAreComparedWithoutCase() {
        Verification v = verify("HTTP/1.1 101 Switching Protocol\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, UPGRADE\r\n"
                + "sec-websocket-accept: " + ACCEPT + "\r\n\r\n");

        assertThat(v.ok()).isTrue();
    }

    @Test
    void non101StatusFailsOnStatusFirst() {
        Verification v = verify("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n");

        assertThat(v.failed()).contains(Field.STATUS);
        assertThat(v.expected()).isEqualTo("101");
        assertThat(v.actual()).isEqualTo("200");
        assertThat(v.ok()).isFalse();
    }

    @Test
    void statusIsCheckedBeforeEveryHeader() {
        Verification v = verify("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Accept: wrong\r\n\r\n");

        assertThat(v.failed()).contains(Field.STATUS);
    }

    @Test
    void missingUpgradeFailsOnUpgrade() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n");

        assertThat(v.failed()).contains(Field.UPGRADE);
        assertThat(v.expected()).isEqualTo("websocket");
        assertThat(v.actual()).isEqualTo("(missing)");
    }

    @Test
    void wrongUpgradeFailsOnUpgradeWithTheValueSeen() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n");

        assertThat(v.failed()).contains(Field.UPGRADE);
        assertThat(v.actual()).isEqualTo("h2c");
    }

    @Test
    void missingConnectionFailsOnConnection() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: wrong\r\n\r\n");

        assertThat(v.failed()).contains(Field.CONNECTION);
        assertThat(v.actual()).isEqualTo("(missing)");
    }

    @Test
    void connectionWithoutUpgradeTokenFailsOnConnection() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n\r\n");

        assertThat(v.failed()).contains(Field.CONNECTION);
        assertThat(v.expected()).isEqualTo("Upgrade");
        assertThat(v.actual()).isEqualTo("keep-alive");
    }

    @Test
    void wrongAcceptFailsOnAcceptWithExpectedAndActual() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n");

        assertThat(v.failed()).contains(Field.ACCEPT);
        assertThat(v.expected()).isEqualTo(ACCEPT);
        assertThat(v.actual()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    }

    @Test
    void missingAcceptFailsOnAccept() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");

        assertThat(v.failed()).contains(Field.ACCEPT);
        assertThat(v.actual()).isEqualTo("(missing)");
    }

    @Test
    void acceptIsComparedExactly() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT.toLowerCase() + "\r\n\r\n");

        assertThat(v.failed()).contains(Field.ACCEPT);
    }

    @Test
    void fieldIdsAreTheHeaderNames() {
        assertThat(Field.STATUS.id()).isEqualTo("status");
        assertThat(Field.UPGRADE.id()).isEqualTo("Upgrade");
        assertThat(Field.CONNECTION.id()).isEqualTo("Connection");
        assertThat(Field.ACCEPT.id()).isEqualTo("Sec-WebSocket-Accept");
        assertThat(Field.EXTENSIONS.id()).isEqualTo("Sec-WebSocket-Extensions");
        assertThat(Field.PROTOCOL.id()).isEqualTo("Sec-WebSocket-Protocol");
    }

    // --- what the server may only choose among what was offered (RFC 6455 §4.1)

    private static final String VALID_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n";

    @Test
    void anExtensionTheClientNeverOfferedFailsOnExtensions() {
        Verification v = verify(VALID_101 + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n", List.of());

        assertThat(v.failed()).contains(Field.EXTENSIONS);
        assertThat(v.actual()).isEqualTo("permessage-deflate");
        assertThat(Field.EXTENSIONS.unoffered()).isTrue();
    }

    @Test
    void anExtensionFailsEvenWhereTheSubprotocolIsNotJudged() {
        assertThat(verify(VALID_101 + "Sec-WebSocket-Extensions: x-evil\r\n\r\n").failed()).contains(Field.EXTENSIONS);
    }

    @Test
    void aSubprotocolSelectedWhenNoneWasOfferedFailsOnProtocol() {
        Verification v = verify(VALID_101 + "Sec-WebSocket-Protocol: chat\r\n\r\n", List.of());

        assertThat(v.failed()).contains(Field.PROTOCOL);
        assertThat(v.expected()).isEmpty();
        assertThat(v.actual()).isEqualTo("chat");
    }

    @Test
    void aSubprotocolOtherThanTheOfferedOnesFailsOnProtocolAndNamesWhatWasOffered() {
        Verification v = verify(VALID_101 + "Sec-WebSocket-Protocol: superchat\r\n\r\n", List.of("chat", "v2.chat"));

        assertThat(v.failed()).contains(Field.PROTOCOL);
        assertThat(v.expected()).isEqualTo("chat, v2.chat");
        assertThat(v.actual()).isEqualTo("superchat");
    }

    @Test
    void oneOfTheOfferedSubprotocolsPassesAndSoDoesNone() {
        assertThat(verify(VALID_101 + "Sec-WebSocket-Protocol: v2.chat\r\n\r\n", List.of("chat", "v2.chat")).ok())
                .isTrue();
        assertThat(verify(VALID_101 + "\r\n", List.of("chat")).ok()).isTrue();
    }

    @Test
    void aListOrTwoHeadersIsNotOneSelectedSubprotocol() {
        assertThat(verify(VALID_101 + "Sec-WebSocket-Protocol: chat, v2.chat\r\n\r\n", List.of("chat", "v2.chat"))
                .failed()).contains(Field.PROTOCOL);
        assertThat(verify(VALID_101 + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: v2.chat\r\n\r\n",
                List.of("chat", "v2.chat")).failed()).contains(Field.PROTOCOL);
    }

    @Test
    void subprotocolsAreComparedExactly() {
        assertThat(verify(VALID_101 + "Sec-WebSocket-Protocol: CHAT\r\n\r\n", List.of("chat")).failed())
                .contains(Field.PROTOCOL);
    }

    @Test
    void theAcceptIsCheckedBeforeWhatWasSelected() {
        Verification v = verify("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: wrong\r\nSec-WebSocket-Protocol: chat\r\n\r\n", List.of());

        assertThat(v.failed()).contains(Field.ACCEPT);
    }

    private static Verification verify(String raw, List<String> offeredSubprotocols) {
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        return WebSocketHandshake.verify(HttpResponseHead.parse(data, data.length).orElseThrow(), KEY, offeredSubprotocols);
    }

    private static Verification verify(String raw) {
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        return WebSocketHandshake.verify(HttpResponseHead.parse(data, data.length).orElseThrow(), KEY);
    }
}
