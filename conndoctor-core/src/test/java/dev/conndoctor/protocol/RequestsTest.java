package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes the protocol probe wrote before the requests were built from parts: these
 * strings are what {@code ProtocolProbe} produced by concatenation and string surgery.
 */
class RequestsTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static Target target(Scheme scheme, String host, int port, String path) {
        return new Target(scheme.id() + "://" + host, scheme, host, port, path);
    }

    // --- Host header

    @Test
    void hostHeaderOmitsTheSchemesDefaultPort() {
        assertThat(Requests.hostHeader(target(Scheme.HTTP, "example.org", 80, "/"))).isEqualTo("example.org");
        assertThat(Requests.hostHeader(target(Scheme.WSS, "example.org", 443, "/"))).isEqualTo("example.org");
    }

    @Test
    void hostHeaderKeepsAnyOtherPort() {
        assertThat(Requests.hostHeader(target(Scheme.HTTPS, "example.org", 80, "/"))).isEqualTo("example.org:80");
        assertThat(Requests.hostHeader(target(Scheme.TEXT, "example.org", 7, ""))).isEqualTo("example.org:7");
    }

    @Test
    void hostHeaderBracketsAnIpv6Literal() {
        assertThat(Requests.hostHeader(target(Scheme.WS, "2001:db8::1", 8080, "/"))).isEqualTo("[2001:db8::1]:8080");
        assertThat(Requests.hostHeader(target(Scheme.HTTP, "::1", 80, "/"))).isEqualTo("[::1]");
    }

    // --- the probe's GET

    @Test
    void httpGetWithoutNonceIsTodaysBytes() {
        assertThat(Requests.httpGet(target(Scheme.HTTP, "example.org", 8080, "/health?x=1"), Optional.empty()))
                .isEqualTo("GET /health?x=1 HTTP/1.1\r\nHost: example.org:8080\r\nUser-Agent: conndoctor\r\n"
                        + "Accept: */*\r\nConnection: close\r\n\r\n");
    }

    @Test
    void httpGetWithNonceCarriesItAsTheLastHeader() {
        assertThat(Requests.httpGet(target(Scheme.HTTPS, "2001:db8::1", 443, "/"), Optional.of("n0nce")))
                .isEqualTo("GET / HTTP/1.1\r\nHost: [2001:db8::1]\r\nUser-Agent: conndoctor\r\n"
                        + "Accept: */*\r\nConnection: close\r\nX-Conndoctor-Nonce: n0nce\r\n\r\n");
    }

    // --- the WebSocket upgrade

    @Test
    void webSocketUpgradeWithoutNonceIsTodaysBytes() {
        assertThat(Requests.webSocketUpgrade(target(Scheme.WS, "example.org", 80, "/chat"), KEY, Optional.empty(),
                List.of(), Optional.empty()))
                .isEqualTo("GET /chat HTTP/1.1\r\nHost: example.org\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: conndoctor\r\n\r\n");
    }

    @Test
    void webSocketUpgradeWithNonceAddsItAfterOriginAndSubprotocols() {
        assertThat(Requests.webSocketUpgrade(target(Scheme.WSS, "::1", 8443, "/ws"), KEY,
                Optional.of("https://chat.example"), List.of("chat", "superchat"), Optional.of("abc123")))
                .isEqualTo("GET /ws HTTP/1.1\r\nHost: [::1]:8443\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: conndoctor\r\n"
                        + "Origin: https://chat.example\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
                        + "X-Conndoctor-Nonce: abc123\r\n\r\n");
    }

    @Test
    void webSocketUpgradeWithNonceAloneAddsOneHeader() {
        assertThat(Requests.webSocketUpgrade(target(Scheme.WS, "example.org", 8282, "/"), KEY, Optional.empty(),
                List.of(), Optional.of("abc")))
                .isEqualTo("GET / HTTP/1.1\r\nHost: example.org:8282\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: conndoctor\r\n"
                        + "X-Conndoctor-Nonce: abc\r\n\r\n");
    }

    // --- text and tcp

    @Test
    void textLineWithoutNonceIsTheWordConndoctor() {
        assertThat(Requests.textLine(Optional.empty())).isEqualTo("conndoctor\n");
    }

    @Test
    void textLineWithNonceIsTheProofLineInstead() {
        assertThat(Requests.textLine(Optional.of("abc123"))).isEqualTo("CONNDOCTOR-PROOF abc123\n");
    }

    // --- the plain follow-ups after a refused or unanswered ClientHello

    @Test
    void plainFollowUpToAnHttpsTargetIsAShortGet() {
        assertThat(Requests.plainFollowUp(target(Scheme.HTTPS, "example.org", 8443, "/api"), KEY))
                .isEqualTo("GET /api HTTP/1.1\r\nHost: example.org:8443\r\nConnection: close\r\n\r\n");
    }

    @Test
    void plainFollowUpToAWssTargetIsTheWebSocketUpgradeItself() {
        Target wss = target(Scheme.WSS, "2001:db8::1", 443, "/chat");

        assertThat(Requests.plainFollowUp(wss, KEY))
                .isEqualTo(Requests.webSocketUpgrade(wss, KEY, Optional.empty(), List.of(), Optional.empty()))
                .startsWith("GET /chat HTTP/1.1\r\nHost: [2001:db8::1]\r\n")
                .contains("Sec-WebSocket-Key: " + KEY + "\r\n");
    }

    @Test
    void plainFollowUpToATlsTargetIsAnEmptyLine() {
        assertThat(Requests.plainFollowUp(target(Scheme.TLS, "example.org", 993, ""), KEY)).isEqualTo("\n");
    }

    // --- the request target: what is not ASCII goes percent-encoded as UTF-8 (RFC 3986 §2.1)

    @Test
    void aNonAsciiPathGoesOutAsPercentEncodedUtf8NotLatin1OrQuestionMarks() {
        String request = Requests.httpGet(target(Scheme.HTTP, "example.org", 80, "/café/中文?q=ü"), Optional.empty());

        assertThat(request).startsWith("GET /caf%C3%A9/%E4%B8%AD%E6%96%87?q=%C3%BC HTTP/1.1\r\n");
        // written one char a byte, as the probe writes it, the line is plain ASCII
        assertThat(request.chars().allMatch(c -> c < 0x80)).isTrue();
    }

    @Test
    void theWebSocketUpgradeAndThePlainFollowUpEncodeThePathTheSameWay() {
        Target ws = target(Scheme.WS, "example.org", 80, "/ñ");
        assertThat(Requests.webSocketUpgrade(ws, KEY, Optional.empty(), List.of(), Optional.empty()))
                .startsWith("GET /%C3%B1 HTTP/1.1\r\n");
        assertThat(Requests.plainFollowUp(target(Scheme.HTTPS, "example.org", 443, "/ñ"), KEY))
                .startsWith("GET /%C3%B1 HTTP/1.1\r\n");
    }

    @Test
    void existingEscapesAndAsciiAreKeptAsTheUserWroteThem() {
        assertThat(Requests.requestTarget("/a%20b/%E4%B8%AD?x=1&y=%zz#")).isEqualTo("/a%20b/%E4%B8%AD?x=1&y=%zz#");
        assertThat(Requests.requestTarget("/a%20b/é")).isEqualTo("/a%20b/%C3%A9");
    }

    @Test
    void aCharacterBeyondTheBmpIsFourBytesAndALoneSurrogateIsTheReplacementCharacter() {
        assertThat(Requests.requestTarget("/😀")).isEqualTo("/%F0%9F%98%80");
        assertThat(Requests.requestTarget("/\ud83d")).isEqualTo("/%EF%BF%BD");
    }

    @Test
    void aHeaderFieldRefusesLineBreaksAndControls() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RequestHeader("X-Conndoctor-Nonce", "a\r\nB: c"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RequestHeader("X\r\nY", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RequestHeader("Host", "example.org:8080").line()).isEqualTo("Host: example.org:8080\r\n");
    }
}
