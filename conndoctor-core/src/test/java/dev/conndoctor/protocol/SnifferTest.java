package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every fixture is the first bytes a real server of that kind sends; nothing touches a socket. */
class SnifferTest {

    // --- HTTP

    @Test
    void http11StatusLineIsHttpLabelledWithTheLine() {
        Sniffed s = sniff("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n<html>");

        assertThat(s.speech()).isEqualTo(Speech.HTTP);
        assertThat(s.label()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(s.preview()).startsWith("HTTP/1.1 200 OK\\r\\nServer: nginx\\r\\n");
    }

    @Test
    void http10StatusLineIsHttp() {
        Sniffed s = sniff("HTTP/1.0 400 Bad Request\r\n\r\n");

        assertThat(s.speech()).isEqualTo(Speech.HTTP);
        assertThat(s.label()).isEqualTo("HTTP/1.0 400 Bad Request");
    }

    @Test
    void statusLineWithoutReasonIsHttp() {
        assertThat(sniff("HTTP/1.1 204\r\n\r\n").speech()).isEqualTo(Speech.HTTP);
        assertThat(sniff("HTTP/1.1 204\r\n\r\n").label()).isEqualTo("HTTP/1.1 204");
    }

    @Test
    void statusLineWithBareLineFeedIsHttp() {
        assertThat(sniff("HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\n\n").label())
                .isEqualTo("HTTP/1.1 101 Switching Protocols");
    }

    @Test
    void statusLineAloneWithoutLineEndIsHttp() {
        assertThat(sniff("HTTP/1.1 200 OK").speech()).isEqualTo(Speech.HTTP);
    }

    // --- TLS

    @Test
    void tlsServerHelloRecordIsTls() {
        byte[] serverHello = {0x16, 0x03, 0x03, 0x00, 0x5a, 0x02, 0x00, 0x00, 0x56, 0x03, 0x03, 0x1f, (byte) 0xa2};

        Sniffed s = Sniffer.sniff(serverHello);

        assertThat(s.speech()).isEqualTo(Speech.TLS);
        assertThat(s.label()).isEqualTo("TLS handshake record");
        assertThat(s.preview()).startsWith("\\x16\\x03\\x03\\x00Z\\x02");
    }

    @Test
    void tlsProtocolVersionAlertIsNamed() {
        Sniffed s = Sniffer.sniff(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46});

        assertThat(s.speech()).isEqualTo(Speech.TLS_ALERT);
        assertThat(s.label()).isEqualTo("TLS alert: protocol_version");
    }

    @Test
    void tlsHandshakeFailureAlertIsNamed() {
        assertThat(Sniffer.sniff(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}).label())
                .isEqualTo("TLS alert: handshake_failure");
    }

    @Test
    void unknownTlsAlertCodeIsShownAsANumber() {
        Sniffed s = Sniffer.sniff(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) 0xc8});

        assertThat(s.speech()).isEqualTo(Speech.TLS_ALERT);
        assertThat(s.label()).isEqualTo("TLS alert: alert 200");
    }

    @Test
    void truncatedTlsAlertIsStillAnAlert() {
        Sniffed s = Sniffer.sniff(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02});

        assertThat(s.speech()).isEqualTo(Speech.TLS_ALERT);
        assertThat(s.label()).isEqualTo("TLS alert: alert");
    }

    @Test
    void recordTypeWithoutVersionThreeIsNotTls() {
        assertThat(Sniffer.sniff(new byte[] {0x16, 0x01, 0x00, 0x00}).speech()).isEqualTo(Speech.BINARY);
    }

    // --- lines

    @Test
    void sshBannerIsSsh() {
        Sniffed s = sniff("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n");

        assertThat(s.speech()).isEqualTo(Speech.SSH);
        assertThat(s.label()).isEqualTo("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13");
    }

    @Test
    void textLineIsTextLabelledWithTheFirstLine() {
        Sniffed s = sniff("Hello 0123456789abcdef0123\nsecond line\n");

        assertThat(s.speech()).isEqualTo(Speech.TEXT);
        assertThat(s.label()).isEqualTo("Hello 0123456789abcdef0123");
        assertThat(s.preview()).isEqualTo("Hello 0123456789abcdef0123\\nsecond line\\n");
    }

    @Test
    void redisErrorIsText() {
        Sniffed s = sniff("-ERR unknown command 'GET', with args beginning with: '/' \r\n");

        assertThat(s.speech()).isEqualTo(Speech.TEXT);
        assertThat(s.label()).startsWith("-ERR unknown command");
    }

    @Test
    void htmlWithoutStatusLineIsText() {
        Sniffed s = sniff("<html><body><h1>It works</h1></body></html>\n");

        assertThat(s.speech()).isEqualTo(Speech.TEXT);
        assertThat(s.label()).isEqualTo("<html><body><h1>It works</h1></body></html>");
    }

    @Test
    void echoedRequestLineIsTextNotHttp() {
        Sniffed s = sniff("GET /chat HTTP/1.1\r\nHost: 192.0.2.10:8282\r\n");

        assertThat(s.speech()).isEqualTo(Speech.TEXT);
        assertThat(s.label()).isEqualTo("GET /chat HTTP/1.1");
    }

    @Test
    void utf8TextIsText() {
        assertThat(Sniffer.sniff(utf8("Grüße, 世界\n")).speech()).isEqualTo(Speech.TEXT);
    }

    @Test
    void utf8TextLabelShowsTheBytesThatCame() {
        Sniffed s = Sniffer.sniff(utf8("héllo\n"));

        assertThat(s.label()).isEqualTo("h\\xc3\\xa9llo");
        assertThat(s.preview()).isEqualTo("h\\xc3\\xa9llo\\n");
    }

    @Test
    void httpAndSshLabelsAreEscapedAndBounded() {
        Sniffed http = sniff("HTTP/1.1 200 OK\u001b[2J\u001b]0;owned\u0007\r\n\r\n");
        Sniffed ssh = sniff("SSH-2.0-" + "x".repeat(5000) + "\r\n");

        assertThat(http.speech()).isEqualTo(Speech.HTTP);
        assertThat(http.label()).doesNotContain("\u001b", "\u0007").startsWith("HTTP/1.1 200 OK\\x1b[2J");
        assertThat(ssh.speech()).isEqualTo(Speech.SSH);
        assertThat(ssh.label()).hasSizeLessThanOrEqualTo(Sniffer.LABEL_CHARS + 1);
    }

    @Test
    void multiByteCharacterCutAtTheEndIsStillText() {
        byte[] euro = utf8("price: 5€");

        assertThat(Sniffer.sniff(euro, euro.length - 1).speech()).isEqualTo(Speech.TEXT);
        assertThat(Sniffer.sniff(euro, euro.length - 2).speech()).isEqualTo(Speech.TEXT);
    }

    @Test
    void invalidUtf8InTheMiddleIsBinary() {
        byte[] data = {'a', 'b', (byte) 0xff, 'c', 'd'};

        assertThat(Sniffer.sniff(data).speech()).isEqualTo(Speech.BINARY);
    }

    // --- binary

    @Test
    void lengthPrefixedFrameIsBinary() {
        byte[] frame = {0x00, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};

        Sniffed s = Sniffer.sniff(frame);

        assertThat(s.speech()).isEqualTo(Speech.BINARY);
        assertThat(s.label()).isEqualTo("9 bytes of binary data");
        assertThat(s.preview()).isEqualTo("\\x00\\x00\\x00\\x05hello");
    }

    @Test
    void nulBytesInTextMakeItBinary() {
        assertThat(Sniffer.sniff(new byte[] {'o', 'k', 0x00, '\n'}).speech()).isEqualTo(Speech.BINARY);
    }

    @Test
    void controlCharactersOtherThanLineEndsAndTabsMakeItBinary() {
        assertThat(Sniffer.sniff(new byte[] {'o', 'k', 0x07}).speech()).isEqualTo(Speech.BINARY);
        assertThat(Sniffer.sniff(new byte[] {'o', 'k', 0x7f}).speech()).isEqualTo(Speech.BINARY);
        assertThat(Sniffer.sniff(ascii("a\tb\r\n")).speech()).isEqualTo(Speech.TEXT);
    }

    // --- bounds

    @Test
    void onlyTheGivenLengthIsSniffed() {
        byte[] buffer = new byte[64];
        byte[] line = ascii("HTTP/1.1 200 OK\r\n");
        System.arraycopy(line, 0, buffer, 0, line.length);

        Sniffed s = Sniffer.sniff(buffer, line.length);

        assertThat(s.speech()).isEqualTo(Speech.HTTP);
        assertThat(s.preview()).isEqualTo("HTTP/1.1 200 OK\\r\\n");
    }

    @Test
    void longReplyPreviewIsBoundedAndMarkedAsCut() {
        Sniffed s = sniff("x".repeat(5000));

        assertThat(s.preview()).hasSize(Sniffer.PREVIEW_CHARS + 1).endsWith("…");
        assertThat(s.label()).hasSize(Sniffer.LABEL_CHARS + 1).endsWith("…");
    }

    @Test
    void nothingCannotBeSniffed() {
        assertThatThrownBy(() -> Sniffer.sniff(new byte[8], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void speechIdsAreKebabCase() {
        assertThat(Speech.TLS_ALERT.id()).isEqualTo("tls-alert");
        assertThat(Speech.HTTP.id()).isEqualTo("http");
    }

    private static Sniffed sniff(String ascii) {
        return Sniffer.sniff(ascii(ascii));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
