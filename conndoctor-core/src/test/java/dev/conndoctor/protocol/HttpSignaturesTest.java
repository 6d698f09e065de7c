package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpSignaturesTest {

    /** nginx 1.24 on its ssl port, asked in plain HTTP; the body as the probe previews it. */
    static final String NGINX_PLAIN_TO_TLS_BODY = "<html>\\r\\n<head><title>400 The plain HTTP request was sent to HTTPS"
            + " port</title></head>\\r\\n<body>\\r\\n<center><h1>400 Bad Request</h1></center>\\r\\n<center>The plain HTTP"
            + " request was sent to HTTPS port</center>\\r\\n<hr><center>nginx/1.24.0</center>…";

    // --- WebSocket-only answers

    @Test
    void upgradeRequiredIsAWebSocketOnlyAnswer() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(head("HTTP/1.1 426 Upgrade Required\r\n\r\n"), "")).isTrue();
    }

    @Test
    void badRequestNamingTheWebSocketVersionIsAWebSocketOnlyAnswer() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(
                head("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n"), "")).isTrue();
    }

    @Test
    void errorWhoseBodyMentionsWebSocketIsAWebSocketOnlyAnswer() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(head("HTTP/1.1 400 Bad Request\r\n\r\n"),
                "<b>400 Bad Request</b><br>Sec-WebSocket-Key not found.<br>This is a WebSocket service and can not be"
                        + " accessed via HTTP.")).isTrue();
    }

    @Test
    void errorWithAnUpgradeWebSocketHeaderIsAWebSocketOnlyAnswer() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(
                head("HTTP/1.1 400 Bad Request\r\nUpgrade: websocket\r\n\r\n"), "")).isTrue();
    }

    @Test
    void successIsNotAWebSocketOnlyAnswerEvenWhenItMentionsWebSockets() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(head("HTTP/1.1 200 OK\r\n\r\n"), "<h1>WebSocket demo</h1>"))
                .isFalse();
    }

    @Test
    void plainBadRequestIsNotAWebSocketOnlyAnswer() {
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(head("HTTP/1.1 400 Bad Request\r\n\r\n"), "Bad Request"))
                .isFalse();
        assertThat(HttpSignatures.isWebSocketOnlyAnswer(head("HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\n\r\n"),
                "<html>502 Bad Gateway</html>")).isFalse();
    }

    // --- plain HTTP to a TLS port

    @Test
    void nginxPlainHttpToHttpsPortPageIsRecognized() {
        assertThat(HttpSignatures.isPlainHttpToTlsPage(head("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.24.0\r\n\r\n"),
                NGINX_PLAIN_TO_TLS_BODY)).isTrue();
    }

    @Test
    void apacheAndGoTlsPortPagesAreRecognized() {
        assertThat(HttpSignatures.isPlainHttpToTlsPage(head("HTTP/1.1 400 Bad Request\r\n\r\n"),
                "<p>Your browser sent a request that this server could not understand.<br />\\nReason: You're speaking"
                        + " plain HTTP to an SSL-enabled server port.")).isTrue();
        assertThat(HttpSignatures.isPlainHttpToTlsPage(head("HTTP/1.0 400 Bad Request\r\n\r\n"),
                "Client sent an HTTP request to an HTTPS server.\\n")).isTrue();
    }

    @Test
    void tlsPortPhraseOnAnotherStatusIsNotTheTlsPortPage() {
        assertThat(HttpSignatures.isPlainHttpToTlsPage(head("HTTP/1.1 200 OK\r\n\r\n"),
                "The plain HTTP request was sent to HTTPS port")).isFalse();
    }

    @Test
    void ordinaryBadRequestIsNotTheTlsPortPage() {
        assertThat(HttpSignatures.isPlainHttpToTlsPage(head("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n"),
                "<center><h1>400 Bad Request</h1></center>")).isFalse();
    }

    // --- reverse proxies

    @Test
    void reverseProxySoftwareIsRecognizedByTheServerHeader() {
        for (String server : new String[] {"nginx/1.24.0 (Ubuntu)", "openresty", "Tengine", "Apache/2.4.58",
                "Caddy", "envoy", "HAProxy", "traefik", "lighttpd/1.4.59"}) {
            assertThat(HttpSignatures.isReverseProxy(head("HTTP/1.1 200 OK\r\nServer: " + server + "\r\n\r\n")))
                    .as(server).isTrue();
        }
    }

    @Test
    void applicationServersAreNotReverseProxies() {
        assertThat(HttpSignatures.isReverseProxy(head("HTTP/1.1 200 OK\r\nServer: workerman/5.0.0\r\n\r\n"))).isFalse();
        assertThat(HttpSignatures.isReverseProxy(head("HTTP/1.1 200 OK\r\nServer: gunicorn\r\n\r\n"))).isFalse();
        assertThat(HttpSignatures.isReverseProxy(head("HTTP/1.1 200 OK\r\n\r\n"))).isFalse();
    }

    private static HttpResponseHead head(String raw) {
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(data, data.length).orElseThrow();
    }
}
