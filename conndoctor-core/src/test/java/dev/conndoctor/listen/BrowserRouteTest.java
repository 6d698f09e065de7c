package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BrowserRouteTest {

    private static final String CHECK = "0123456789abcdef0123456789abcdef";
    private static final String NAVIGATION = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private static BrowserRoute route(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        return BrowserRoute.of(BrowserRoute.method(bytes, bytes.length), RequestReading.of(bytes, bytes.length));
    }

    @Test
    void aBrowserNavigatingToTheRootGetsThePageWhileCurlAndTheProbeKeepThe426() {
        assertThat(route("GET / HTTP/1.1\r\nHost: h\r\n" + NAVIGATION + "\r\n")).isEqualTo(BrowserRoute.PAGE);
        assertThat(route("GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
        assertThat(route("GET / HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
        assertThat(route("GET /chat HTTP/1.1\r\nHost: h\r\n" + NAVIGATION + "\r\n")).isEqualTo(BrowserRoute.NONE);
    }

    @Test
    void anyGetOfTheCheckPathGetsThePage() {
        assertThat(route("GET /_conndoctor HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n")).isEqualTo(BrowserRoute.PAGE);
        assertThat(route("GET /_conndoctor/?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.PAGE);
        assertThat(route("HEAD /_conndoctor HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
        assertThat(route("GET /_conndoctorx HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
    }

    @Test
    void theChecksSocketIsAnUpgradeAndTheSamePathWithoutUpgradeWasStripped() {
        String path = "/_conndoctor/ws?check=" + CHECK + "&try=ws";
        assertThat(route("GET " + path + " HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n")).isEqualTo(BrowserRoute.SOCKET);
        assertThat(route("GET " + path + " HTTP/1.0\r\nHost: h\r\nConnection: close\r\n\r\n"))
                .isEqualTo(BrowserRoute.STRIPPED);
        assertThat(BrowserRoute.socket(path)).hasValue(new BrowserRoute.SocketPath(CHECK, "ws"));
        assertThat(BrowserRoute.socket("/_conndoctor/ws?check=" + CHECK + "&try=wss"))
                .hasValue(new BrowserRoute.SocketPath(CHECK, "wss"));
    }

    @Test
    void aSocketPathWithoutAWellFormedCheckIsAnOrdinaryRequest() {
        assertThat(route("GET /_conndoctor/ws?check=XYZ&try=ws HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n"))
                .isEqualTo(BrowserRoute.NONE);
        assertThat(route("GET /_conndoctor/ws?check=" + CHECK + "&try=http HTTP/1.1\r\nHost: h\r\n\r\n"))
                .isEqualTo(BrowserRoute.NONE);
        assertThat(route("GET /chat HTTP/1.1\r\nHost: h\r\n" + UPGRADE + "\r\n")).isEqualTo(BrowserRoute.NONE);
    }

    @Test
    void onlyAPostOfTheReportPathIsAReport() {
        assertThat(route("POST /_conndoctor/report HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}"))
                .isEqualTo(BrowserRoute.REPORT);
        assertThat(route("GET /_conndoctor/report HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
        assertThat(route("PUT /_conndoctor/report HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(BrowserRoute.NONE);
    }

    @Test
    void theMethodIsTheRequestLinesFirstWordOrNothing() {
        byte[] post = "POST / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] text = "hello there\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(BrowserRoute.method(post, post.length)).isEqualTo("POST");
        assertThat(BrowserRoute.method(text, text.length)).isEmpty();
        assertThat(BrowserRoute.method(new byte[0], 0)).isEmpty();
    }

    @Test
    void thePageAndItsSocketsAreNotClientsButTheReportIs() {
        assertThat(BrowserRoute.PAGE.checkTraffic()).isTrue();
        assertThat(BrowserRoute.SOCKET.checkTraffic()).isTrue();
        assertThat(BrowserRoute.STRIPPED.checkTraffic()).isTrue();
        assertThat(BrowserRoute.REPORT.checkTraffic()).isFalse();
        assertThat(BrowserRoute.NONE.checkTraffic()).isFalse();
    }
}
