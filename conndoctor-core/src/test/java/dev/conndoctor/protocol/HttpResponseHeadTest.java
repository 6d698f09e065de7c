package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpResponseHeadTest {

    @Test
    void completeHeadIsParsedWithStatusVersionReasonAndHeaders() {
        HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\nContent-Length: 5\r\n\r\nhello").get();

        assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head.version()).isEqualTo("HTTP/1.1");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.reason()).isEqualTo("OK");
        assertThat(head.headers()).hasSize(2);
        assertThat(head.header("Content-Length")).contains("5");
    }

    @Test
    void headLengthPointsAtTheFirstByteOfTheBody() {
        String raw = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody";

        HttpResponseHead head = parse(raw).get();

        assertThat(head.headLength()).isEqualTo(raw.indexOf("body"));
    }

    @Test
    void headLengthWithBareLineFeedsPointsAtTheBody() {
        String raw = "HTTP/1.0 400 Bad Request\nServer: x\n\nbody";

        HttpResponseHead head = parse(raw).get();

        assertThat(head.headLength()).isEqualTo(raw.indexOf("body"));
        assertThat(head.header("Server")).contains("x");
    }

    @Test
    void headWithoutHeadersIsComplete() {
        HttpResponseHead head = parse("HTTP/1.1 400 Bad Request\r\n\r\n").get();

        assertThat(head.status()).isEqualTo(400);
        assertThat(head.headers()).isEmpty();
        assertThat(head.headLength()).isEqualTo(28);
    }

    @Test
    void headWithoutTheBlankLineIsIncomplete() {
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: nginx\r\n")).isEmpty();
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r")).isEmpty();
        assertThat(parse("HTTP/1.1 200 OK")).isEmpty();
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] data = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(HttpResponseHead.parse(data, data.length - 2)).isEmpty();
        assertThat(HttpResponseHead.parse(data, data.length)).isPresent();
    }

    @Test
    void statusLineWithoutReasonHasAnEmptyReason() {
        HttpResponseHead head = parse("HTTP/1.1 204\r\n\r\n").get();

        assertThat(head.status()).isEqualTo(204);
        assertThat(head.reason()).isEmpty();
    }

    @Test
    void reasonKeepsItsSpaces() {
        assertThat(parse("HTTP/1.1 101 Switching Protocols\r\n\r\n").get().reason()).isEqualTo("Switching Protocols");
    }

    @Test
    void headersWithOddSpacingAreTrimmed() {
        HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nServer:nginx\r\nX-Odd  :   spaced value  \r\n"
                + "Location: http://192.0.2.10:8080/x\r\n\r\n").get();

        assertThat(head.header("Server")).contains("nginx");
        assertThat(head.header("X-Odd")).contains("spaced value");
        assertThat(head.header("Location")).contains("http://192.0.2.10:8080/x");
    }

    @Test
    void linesWithoutAColonAreIgnored() {
        HttpResponseHead head = parse("HTTP/1.1 200 OK\r\ngarbage line\r\n: no name\r\nA: b\r\n\r\n").get();

        assertThat(head.headers()).hasSize(1);
        assertThat(head.header("A")).contains("b");
    }

    @Test
    void headerLookupIgnoresCaseAndReturnsTheFirstValue() {
        HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n").get();

        assertThat(head.header("SET-COOKIE")).contains("a=1");
        assertThat(head.headers()).hasSize(2);
        assertThat(head.header("Missing")).isEmpty();
    }

    @Test
    void headerTokenIsFoundInACommaSeparatedList() {
        HttpResponseHead head = parse("HTTP/1.1 101 Switching Protocols\r\nConnection: keep-alive, Upgrade\r\n\r\n").get();

        assertThat(head.headerHasToken("Connection", "upgrade")).isTrue();
        assertThat(head.headerHasToken("connection", "KEEP-ALIVE")).isTrue();
        assertThat(head.headerHasToken("Connection", "close")).isFalse();
        assertThat(head.headerHasToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void headerTokenIsFoundInAnyOfDuplicateHeaders() {
        HttpResponseHead head = parse("HTTP/1.1 101 X\r\nConnection: keep-alive\r\nConnection: Upgrade\r\n\r\n").get();

        assertThat(head.header("Connection")).contains("keep-alive");
        assertThat(head.headerHasToken("Connection", "Upgrade")).isTrue();
    }

    @Test
    void headerTokenIsNotASubstringMatch() {
        HttpResponseHead head = parse("HTTP/1.1 101 X\r\nUpgrade: websocketx\r\n\r\n").get();

        assertThat(head.headerHasToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void serverIsTheLowerCaseServerHeaderOrEmpty() {
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: Nginx/1.24.0 (Ubuntu)\r\n\r\n").get().server())
                .isEqualTo("nginx/1.24.0 (ubuntu)");
        assertThat(parse("HTTP/1.1 200 OK\r\n\r\n").get().server()).isEmpty();
    }

    @Test
    void nonHttpStartIsEmpty() {
        assertThat(parse("SSH-2.0-OpenSSH_9.6\r\n\r\n")).isEmpty();
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEmpty();
        assertThat(parse("<html>\n\n</html>")).isEmpty();
    }

    @Test
    void malformedStatusLinesAreNotHttp() {
        assertThat(parse("http/1.1 200 OK\r\n\r\n")).isEmpty();
        assertThat(parse("HTTP/1.1 2000 OK\r\n\r\n")).isEmpty();
        assertThat(parse("HTTP/1.1 20 OK\r\n\r\n")).isEmpty();
        assertThat(parse("HTTP/1.1  200 OK\r\n\r\n")).isEmpty();
        assertThat(parse("HTTP/x 200 OK\r\n\r\n")).isEmpty();
    }

    @Test
    void http2LookingStatusLineIsAcceptedWithItsVersion() {
        HttpResponseHead head = parse("HTTP/2 200\r\nserver: envoy\r\n\r\n").get();

        assertThat(head.version()).isEqualTo("HTTP/2");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.reason()).isEmpty();
    }

    @Test
    void isStatusLineAcceptsOnlyAStatusLine() {
        assertThat(HttpResponseHead.isStatusLine("HTTP/1.1 200 OK")).isTrue();
        assertThat(HttpResponseHead.isStatusLine("HTTP/1.0 404")).isTrue();
        assertThat(HttpResponseHead.isStatusLine("HTTP/1.1 200 OK\r")).isFalse();
        assertThat(HttpResponseHead.isStatusLine("GET / HTTP/1.1")).isFalse();
        assertThat(HttpResponseHead.isStatusLine("")).isFalse();
    }

    @Test
    void headersAreImmutable() {
        HttpResponseHead head = parse("HTTP/1.1 200 OK\r\nA: b\r\n\r\n").get();

        assertThat(head.headers()).isUnmodifiable();
    }

    private static Optional<HttpResponseHead> parse(String raw) {
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(data, data.length);
    }

    @Test
    void anAnswerBeginsLikeHttpFromItsFirstByte() {
        byte[] begun = "HTTP/1.1 101 Switching Pro".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(HttpResponseHead.beginsLikeHttp(begun, 1)).isTrue();
        assertThat(HttpResponseHead.beginsLikeHttp(begun, 4)).isTrue();
        assertThat(HttpResponseHead.beginsLikeHttp(begun, begun.length)).isTrue();
    }

    @Test
    void anythingElseDoesNotBeginLikeHttp() {
        assertThat(HttpResponseHead.beginsLikeHttp("HTTX/1.1".getBytes(StandardCharsets.ISO_8859_1), 8)).isFalse();
        assertThat(HttpResponseHead.beginsLikeHttp("SSH-2.0".getBytes(StandardCharsets.ISO_8859_1), 7)).isFalse();
        assertThat(HttpResponseHead.beginsLikeHttp(new byte[] {0x16, 0x03}, 2)).isFalse();
        assertThat(HttpResponseHead.beginsLikeHttp(new byte[0], 0)).isFalse();
    }
}
