package dev.conndoctor.describe;

import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.ExchangeBuilder;
import dev.conndoctor.fixtures.Verdicts;

import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Text;
import dev.conndoctor.evidence.TlsProblem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerFingerprintsTest {

    @Test
    void helloWithTwentyHexDigitsIsAGateway() {
        assertThat(key(to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER)))
                .contains("fingerprint.gateway-banner");
        assertThat(key(to("ws://192.0.2.10:8282/").banner("Hello ABCDEF0123456789abcd welcome\r\n")))
                .contains("fingerprint.gateway-banner");
    }

    @Test
    void otherBannersAreNotFingerprinted() {
        assertThat(key(to("ws://192.0.2.10:8282/").banner("Hello world\n"))).isEmpty();
        assertThat(key(to("ws://192.0.2.10:8282/").banner("Hello 0123456789abcdef01234\n"))).isEmpty();
        assertThat(key(to("http://192.0.2.10:22/").banner("SSH-2.0-OpenSSH_9.6\r\n"))).isEmpty();
    }

    @Test
    void switchingProtocolReasonIsAWorkermanWebSocketListener() {
        assertThat(key(to("ws://192.0.2.10:8282/").answer(Answers.WORKERMAN_101)))
                .contains("fingerprint.workerman-websocket");
        assertThat(key(to("ws://192.0.2.10:8282/").answer(Answers.WEBSOCKET_101))).isEmpty();
    }

    @Test
    void badRequestWithWebSocketVersionAndNoBodyIsWorkerman52() {
        assertThat(key(to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_52_400)))
                .contains("fingerprint.workerman-websocket-52");
        assertThat(key(to("ws://192.0.2.10:80/").answer(Answers.NGINX_PROXIED_WORKERMAN_400)))
                .contains("fingerprint.workerman-websocket-52");
    }

    @Test
    void badRequestWithWebSocketVersionAndABodyIsNotWorkerman52() {
        assertThat(key(to("http://192.0.2.10:8282/")
                .answer("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\nBad Request")))
                .isEmpty();
    }

    @Test
    void workermanServerHeaderWithAWebSocketPageIsAnOlderWorkerman() {
        assertThat(key(to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_OLD_200)))
                .contains("fingerprint.workerman-websocket-old");
        assertThat(key(to("http://192.0.2.10:8282/").answer("HTTP/1.1 400 Bad Request\r\nServer: workerman/4.1.0\r\n\r\n")))
                .contains("fingerprint.workerman-websocket-old");
    }

    @Test
    void badRequestWhoseBodyNamesWorkermanIsAnOlderWorkerman() {
        assertThat(key(to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_4_400)))
                .contains("fingerprint.workerman-websocket-old");
    }

    @Test
    void workermanServerHeaderOtherwiseIsAWorkermanHttpListener() {
        assertThat(key(to("ws://192.0.2.10:8282/").answer(Answers.WORKERMAN_HTTP_200)))
                .contains("fingerprint.workerman-http");
    }

    @Test
    void nginxTlsPortPageIsNamed() {
        assertThat(key(to("http://192.0.2.10:443/").answer(Answers.NGINX_PLAIN_HTTP_TO_HTTPS)))
                .contains("fingerprint.nginx-tls-port");
    }

    @Test
    void nginxIsNamedWithItsServerHeader() {
        Optional<Text> text = ServerFingerprints.identify(to("ws://192.0.2.10:80/").answer(Answers.NGINX_STATIC_200).build());

        assertThat(text).map(Text::key).contains("fingerprint.nginx");
        assertThat(text.get().args()).containsExactly("nginx/1.24.0 (Ubuntu)");
    }

    @Test
    void otherHttpServersAreNotFingerprinted() {
        assertThat(key(to("ws://192.0.2.10:80/").answer(Answers.PLAIN_200))).isEmpty();
        assertThat(key(to("ws://192.0.2.10:80/").answer("HTTP/1.1 200 OK\r\nServer: Apache/2.4.58\r\n\r\n"))).isEmpty();
    }

    @Test
    void echoedRequestLineIsATextEcho() {
        assertThat(key(to("ws://192.0.2.10:8282/chat").answer(Answers.ECHO_OF_UPGRADE)))
                .contains("fingerprint.text-echo");
        assertThat(key(to("text://192.0.2.10:7000").answer("conndoctor\n"))).contains("fingerprint.text-echo");
    }

    @Test
    void otherTextIsNoEcho() {
        assertThat(key(to("ws://192.0.2.10:8282/chat").answer("hello\n"))).isEmpty();
        assertThat(key(to("ws://192.0.2.10:8282/chat").request("").answer("hello\n"))).isEmpty();
    }

    @Test
    void closeWithoutAByteAndNoTlsLooksLikeAFrameListener() {
        assertThat(key(to("ws://192.0.2.10:8282/").closed())).contains("fingerprint.frame-listener");
        assertThat(key(to("ws://192.0.2.10:8282/").closed()
                .tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "Remote host terminated the handshake"))))
                .contains("fingerprint.frame-listener");
    }

    @Test
    void closeByATlsServerIsNoFrameListener() {
        assertThat(key(to("ws://192.0.2.10:8443/").closed()
                .tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256")))).isEmpty();
    }

    @Test
    void resetAndSilenceAreNotFingerprinted() {
        assertThat(key(to("ws://192.0.2.10:8282/").reset())).isEmpty();
        assertThat(key(to("ws://192.0.2.10:8282/").silent())).isEmpty();
    }

    @Test
    void everyFingerprintRendersInEnglish() {
        for (ExchangeBuilder x : new ExchangeBuilder[] {
                to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER),
                to("ws://192.0.2.10:8282/").answer(Answers.WORKERMAN_101),
                to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_52_400),
                to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_OLD_200),
                to("ws://192.0.2.10:8282/").answer(Answers.WORKERMAN_HTTP_200),
                to("http://192.0.2.10:443/").answer(Answers.NGINX_PLAIN_HTTP_TO_HTTPS),
                to("ws://192.0.2.10:80/").answer(Answers.NGINX_STATIC_200),
                to("ws://192.0.2.10:8282/chat").answer(Answers.ECHO_OF_UPGRADE),
                to("ws://192.0.2.10:8282/").closed()}) {
            Text text = ServerFingerprints.identify(x.build()).orElseThrow();
            assertThat(Verdicts.render(text)).as(text.key()).doesNotContainPattern("\\{\\d").isNotBlank();
        }
    }

    private static Optional<String> key(ExchangeBuilder x) {
        return ServerFingerprints.identify(x.build()).map(Text::key);
    }
}
