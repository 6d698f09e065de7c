package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a client spoke, named from its first bytes. */
class RequestReadingTest {

    private static final String UPGRADE = "GET /chat?room=1 HTTP/1.1\r\nHost: example.test:8282\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "X-Conndoctor-Nonce: 00112233\r\n\r\n";

    private static RequestReading read(String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        return RequestReading.of(data, data.length);
    }

    private static RequestReading readUtf8(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return RequestReading.of(data, data.length);
    }

    @Test
    void aWebSocketUpgradeIsWebSocketWithItsPathAndLowerCaseHeaders() {
        RequestReading r = read(UPGRADE);
        assertThat(r.spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
        assertThat(r.path()).contains("/chat?room=1");
        assertThat(r.headers()).containsEntry("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
                .containsEntry("x-conndoctor-nonce", "00112233").containsEntry("host", "example.test:8282");
        assertThat(r.sni()).isEmpty();
        assertThat(r.preview()).startsWith("GET /chat?room=1 HTTP/1.1\\r\\nHost:");
    }

    @Test
    void theUpgradeHeaderIsReadInAnyCaseAndInAList() {
        assertThat(read("GET / HTTP/1.1\r\nUPGRADE: WebSocket\r\n\r\n").spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
        assertThat(read("GET / HTTP/1.1\r\nupgrade: h2c, websocket\r\n\r\n").spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
        assertThat(read("GET / HTTP/1.1\nUpgrade: websocket\n\n").spoke()).as("bare LF").isEqualTo(ClientSpeech.WEBSOCKET);
    }

    @Test
    void aLoneCrInsideAHeaderIsBadInputNotALineBreakThatSmugglesAnUpgrade() {
        // today's splitting at any CR read this as two headers, "X-Note: a" and "Upgrade: websocket"
        RequestReading r = read("GET / HTTP/1.1\r\nHost: x\r\nX-Note: a\rUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

        assertThat(r.spoke()).isNotIn(ClientSpeech.WEBSOCKET, ClientSpeech.HTTP);
        assertThat(r.headers()).isEmpty();
        assertThat(r.path()).isEmpty();
    }

    @Test
    void aLoneCrInTheRequestLineIsBadInput() {
        assertThat(read("GET /a\rb HTTP/1.1\r\nHost: x\r\n\r\n").spoke()).isNotIn(ClientSpeech.HTTP,
                ClientSpeech.WEBSOCKET);
        assertThat(read("GET / HTTP/1.1\rHost: x\r\n\r\n").spoke()).isNotIn(ClientSpeech.HTTP, ClientSpeech.WEBSOCKET);
    }

    @Test
    void crLfAndBareLfStillEndLinesAndACrInTheBodyIsNobodysBusiness() {
        assertThat(read("GET / HTTP/1.1\r\nHost: x\nUpgrade: websocket\r\n\r\n").spoke())
                .isEqualTo(ClientSpeech.WEBSOCKET);
        assertThat(read("POST / HTTP/1.1\r\nHost: x\r\n\r\na\rb").spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(read("GET / HTTP/1.1\r\nHost: x\r").spoke()).as("a head cut after its CR").isEqualTo(ClientSpeech.HTTP);
    }

    @Test
    void aGetWithoutUpgradeIsHttp() {
        RequestReading r = read("GET /index.html HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n");
        assertThat(r.spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(r.path()).contains("/index.html");
        assertThat(read("GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n").spoke()).as("another upgrade").isEqualTo(ClientSpeech.HTTP);
        assertThat(read("GET / HTTP/1.0\r\n\r\n").spoke()).isEqualTo(ClientSpeech.HTTP);
    }

    @Test
    void aPostWithABodyIsHttp() {
        RequestReading r = read("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 9\r\n\r\n{\"a\": 1}\n");
        assertThat(r.spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(r.path()).contains("/api/v1/items");
        assertThat(r.headers()).containsEntry("content-length", "9").doesNotContainKey("{\"a\"");
    }

    @Test
    void otherMethodsAreHttpToo() {
        for (String method : new String[] {"HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT"}) {
            assertThat(read(method + " / HTTP/1.1\r\nHost: x\r\n\r\n").spoke()).as(method).isEqualTo(ClientSpeech.HTTP);
        }
    }

    @Test
    void theFirstOfARepeatedHeaderWins() {
        RequestReading r = read("GET / HTTP/1.1\r\nX-Conndoctor-Nonce: first\r\nx-conndoctor-nonce: second\r\n\r\n");
        assertThat(r.headers()).containsEntry("x-conndoctor-nonce", "first");
    }

    @Test
    void headersAfterTheBlankLineAreNotHeaders() {
        RequestReading r = read("GET / HTTP/1.1\r\nHost: x\r\n\r\nUpgrade: websocket\r\n");
        assertThat(r.spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(r.headers()).doesNotContainKey("upgrade");
    }

    @Test
    void aTextLineIsText() {
        RequestReading r = read("hello server\r\n");
        assertThat(r.spoke()).isEqualTo(ClientSpeech.TEXT);
        assertThat(r.path()).isEmpty();
        assertThat(r.headers()).isEmpty();
        assertThat(r.preview()).isEqualTo("hello server\\r\\n");
        assertThat(read("{\"type\":\"login\",\"user\":\"a\"}\n").spoke()).as("JSON").isEqualTo(ClientSpeech.TEXT);
        assertThat(read("GET /\r\n").spoke()).as("HTTP/0.9 style, no version").isEqualTo(ClientSpeech.TEXT);
        assertThat(readUtf8("hola, ¿qué tal? ñ\n").spoke()).as("Latin-1 range UTF-8").isEqualTo(ClientSpeech.TEXT);
    }

    @Test
    void utf8TextOutsideLatin1IsText() {
        assertThat(readUtf8("price: 5 €\n").spoke()).isEqualTo(ClientSpeech.TEXT);
        assertThat(readUtf8("hello — world\n").spoke()).isEqualTo(ClientSpeech.TEXT);
        assertThat(readUtf8("日本語のテキスト\n").spoke()).isEqualTo(ClientSpeech.TEXT);
    }

    @Test
    void controlBytesAreBinary() {
        byte[] binary = {0x00, 0x01, 0x02, (byte) 0xff, 0x10, 0x7f};
        RequestReading r = RequestReading.of(binary, binary.length);
        assertThat(r.spoke()).isEqualTo(ClientSpeech.BINARY);
        assertThat(r.preview()).isEqualTo("\\x00\\x01\\x02\\xff\\x10\\x7f");
        // an MQTT CONNECT and a PostgreSQL startup: other protocols
        byte[] mqtt = CapturedHellos.hex("101000044d5154540402003c0004746573");
        assertThat(RequestReading.of(mqtt, mqtt.length).spoke()).isEqualTo(ClientSpeech.BINARY);
        byte[] postgres = CapturedHellos.hex("0000000804d2162f");
        assertThat(RequestReading.of(postgres, postgres.length).spoke()).isEqualTo(ClientSpeech.BINARY);
    }

    @Test
    void aTlsHelloIsTlsWithItsServerName() {
        RequestReading r = RequestReading.of(CapturedHellos.OPENSSL_SNI, CapturedHellos.OPENSSL_SNI.length);
        assertThat(r.spoke()).isEqualTo(ClientSpeech.TLS);
        assertThat(r.sni()).contains("example.test");
        assertThat(r.path()).isEmpty();
        assertThat(r.preview()).startsWith("\\x16\\x03\\x01");
        RequestReading noName = RequestReading.of(CapturedHellos.OPENSSL_NO_SNI, CapturedHellos.OPENSSL_NO_SNI.length);
        assertThat(noName.spoke()).isEqualTo(ClientSpeech.TLS);
        assertThat(noName.sni()).isEmpty();
    }

    @Test
    void nothingIsNothing() {
        RequestReading r = RequestReading.of(new byte[16], 0);
        assertThat(r).isEqualTo(RequestReading.nothing());
        assertThat(r.spoke()).isEqualTo(ClientSpeech.NOTHING);
        assertThat(r.preview()).isEmpty();
    }

    @Test
    void onlyTheFirstLengthBytesCount() {
        byte[] buffer = Arrays.copyOf("hello\n".getBytes(StandardCharsets.US_ASCII), 64);
        assertThat(RequestReading.of(buffer, 6).spoke()).isEqualTo(ClientSpeech.TEXT);
    }

    @Test
    void thePreviewIsEscapedAndBounded() {
        RequestReading r = read("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: \u001b[31mred\r\n\r\n");
        assertThat(r.spoke()).isEqualTo(ClientSpeech.HTTP);
        assertThat(r.preview()).hasSizeLessThanOrEqualTo(121).doesNotContain("\r", "\n", "\u001b");
        RequestReading escape = read("\u001b]0;title\u0007 text\n");
        assertThat(escape.preview()).doesNotContain("\u001b", "\u0007");
    }

    @Test
    void headCompleteNeedsTheBlankLine() {
        byte[] partial = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bareLf = "GET / HTTP/1.1\nHost: x\n\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(RequestReading.headComplete(partial, partial.length)).isFalse();
        assertThat(RequestReading.headComplete(whole, whole.length)).isTrue();
        assertThat(RequestReading.headComplete(whole, whole.length - 2)).isFalse();
        assertThat(RequestReading.headComplete(bareLf, bareLf.length)).isTrue();
    }

    @Test
    void randomBytesAlwaysGiveAReading() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[1 + random.nextInt(300)];
            random.nextBytes(data);
            RequestReading r = RequestReading.of(data, data.length);
            assertThat(r.spoke()).isNotNull().isNotEqualTo(ClientSpeech.NOTHING);
            assertThat(r.preview()).hasSizeLessThanOrEqualTo(121);
        }
    }

    @Test
    void theHeadersAreACopy() {
        RequestReading r = read(UPGRADE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.headers().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
