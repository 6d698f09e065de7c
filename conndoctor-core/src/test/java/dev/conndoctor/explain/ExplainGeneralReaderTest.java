package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.EXPLAINER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The general reader under the known forms (issue 15): errno names and numbers of Linux, macOS and
 * Windows in the shapes clients print them, the phrases of each failure class, HTTP statuses around
 * an upgrade, TLS and DNS words; and how a text's lines make one event.
 */
class ExplainGeneralReaderTest {

    private static Explanation.Match only(String text) {
        Explanation e = EXPLAINER.explain(text);
        assertThat(e.matches()).as(text).hasSize(1);
        return e.matches().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Python, Linux            | OSError: [Errno 111] Connect call failed                                   | refused
            Python, Windows          | ConnectionRefusedError: [WinError 10061] the target refused it                | refused
            Dart                     | SocketException: OS Error: errno = 111, address = 192.0.2.10              | refused
            Rust, Linux              | Err(Os { code: 111, kind: ConnectionRefused, message: "..." })              | refused
            Rust, macOS              | relay: (os error 61)                                                       | refused
            Windows sockets          | send failed: WSAECONNREFUSED                                               | refused
            Erlang/Elixir            | {:error, :econnrefused}                                                    | refused
            Python, timeout          | OSError: [Errno 110] Connect call failed                                   | timeout
            Rust, Windows timeout    | relay: (os error 10060)                                                    | timeout
            macOS, host unreachable  | relay: (os error 65)                                                       | unreachable
            Linux, net unreachable   | OSError: [Errno 101] Connect call failed                                   | unreachable
            Windows, reset           | relay: (os error 10054)                                                    | closed
            Linux, address           | OSError: [Errno 99] Cannot bind source address                             | address-unavailable
            Node, a local firewall   | Error: connect EACCES 192.0.2.10:8282                                      | blocked-locally
            """)
    void errnoNamesAndNumbersOfLinuxMacAndWindowsAreRead(String what, String text, String symptom) {
        Explanation.Match m = only(text);

        assertThat(m.message().symptom().id()).isEqualTo(symptom);
        assertThat(m.message().client()).as("no client's own form").isIn("any", "dotnet");
    }

    @Test
    void aMatchOnlyTheGeneralReaderMadeSaysSo() {
        Explanation.Match general = only("relay 7: OSError: [Errno 111] Connect call failed");
        Explanation.Match precise = only("Error: connect ECONNREFUSED 192.0.2.10:8109");

        assertThat(general.general()).isTrue();
        assertThat(general.message().id()).startsWith("general.");
        assertThat(general.message().client()).isEqualTo("any");
        assertThat(precise.general()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            refused                  | ERROR relay: actively refused by the peer                                  | refused       | server-not-listening
            timed out                | fetch of the feed: socket timed out                                        | timeout       | firewall-drop
            no answer                | upstream: no answer, headers timeout after 30000 ms                       | no-reply      | no-reply
            unreachable              | peer 192.0.2.10 is down: host is unreachable                               | unreachable   | host-down
            reset                    | stream error: connection was reset while reading the response              | closed        | closed-without-reply
            closed                   | Error: Empty reply from server                                             | closed        | closed-without-reply
            name, not found          | could not connect: no such host                                            | dns-failed    | dns-nxdomain
            name, try again          | resolver said: server misbehaving                                          | dns-failed    | dns-timeout
            TLS at a plain port      | handshake: record layer failure                                            | tls-failed    | tls-not-offered
            TLS, expired             | TLS error: peer certificate expired                                        | tls-failed    | tls-expired
            TLS, name                | TLS error: no alternative certificate subject name matches                | tls-failed    | tls-name-mismatch
            TLS, untrusted           | TLS: unable to get local issuer certificate                                | tls-failed    | tls-untrusted
            not HTTP                 | upgrade failed: invalid HTTP response                                      | handshake-failed | non-http-reply
            """)
    void thePhrasesOfEachFailureClassAreRead(String what, String text, String symptom, String cause) {
        Explanation.Match m = only(text);

        assertThat(m.general()).isTrue();
        assertThat(m.message().symptom().id()).isEqualTo(symptom);
        assertThat(m.causes()).extracting(CauseId::id).contains(cause);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            expected 101            | ws dial: expected 101 but got 404                                         | 404 | websocket-path-not-found
            was not 101             | upgrade: status was not 101: 403                                          | 403 | websocket-rejected
            status code             | request failed with status code 502                                       | 502 | proxy-strips-upgrade
            Jetty                   | UpgradeException: Failed to upgrade to websocket: Unexpected HTTP Response Status Code: 200 OK | 200 | http-not-websocket
            Go, gorilla             | websocket: bad handshake (HTTP status 403 Forbidden)                      | 403 | websocket-rejected
            Python, aiohttp         | aiohttp.client_exceptions.WSServerHandshakeError: 426, message='Invalid response status' | 426 | proxy-strips-upgrade
            """)
    void aStatusAroundAnUpgradeNamesItsCauses(String what, String text, int status, String first) {
        Explanation.Match m = only(text);

        assertThat(m.message().symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertThat(m.status()).contains(status);
        assertThat(m.causes()).extracting(CauseId::id).first().isEqualTo(first);
    }

    @Test
    void anUpgradeRefusedWithoutAStatusNamesEveryNonUpgradeCause() {
        Explanation.Match m = only("WebSocketException: Connection to 'http://192.0.2.10:3001#' was not upgraded to websocket");

        assertThat(m.status()).isEmpty();
        assertThat(m.causes()).containsExactly(CauseId.HTTP_NOT_WEBSOCKET, CauseId.WEBSOCKET_PATH_NOT_FOUND,
                CauseId.WEBSOCKET_REJECTED, CauseId.PROXY_STRIPS_UPGRADE);
        assertThat(m.target()).contains("http://192.0.2.10:3001");
    }

    @Test
    void aClientsOwnFormInsideAnEventBeatsTheGeneralReader() {
        Explanation e = EXPLAINER.explain("""
                TypeError: fetch failed
                    at node:internal/deps/undici/undici:14976:13 {
                  [cause]: Error: connect ECONNREFUSED 192.0.2.10:8109
                      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {
                    errno: -111,
                    code: 'ECONNREFUSED',
                  }
                }
                """);

        assertThat(e.matches()).singleElement().satisfies(m -> {
            assertThat(m.message().id()).isEqualTo("node.econnrefused");
            assertThat(m.general()).isFalse();
            assertThat(m.target()).contains("tcp://192.0.2.10:8109");
        });
    }

    @Test
    void aTracebackWithItsChainedTracebacksIsOneErrorReadFromItsLastException() {
        Explanation e = EXPLAINER.explain("""
                Traceback (most recent call last):
                  File "/usr/lib/python3/dist-packages/urllib3/connectionpool.py", line 451, in _make_request
                    six.raise_from(e, None)
                socket.timeout: timed out

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "client.py", line 5, in <module>
                    requests.get(url, timeout=5)
                requests.exceptions.ReadTimeout: HTTPConnectionPool(host='192.0.2.10', port=8080): Read timed out. (read timeout=5)
                """);

        assertThat(e.matches()).singleElement().satisfies(m -> {
            assertThat(m.message().symptom()).isEqualTo(Symptom.NO_REPLY);
            assertThat(m.count()).isEqualTo(1);
            assertThat(m.target()).contains("http://192.0.2.10:8080");
        });
    }

    @Test
    void aCausedByListAfterAnEmptyLineBelongsToTheErrorAboveIt() {
        Explanation e = EXPLAINER.explain("""
                error: error sending request for url (http://192.0.2.10:8080/): error trying to connect: tcp connect error: Connection refused (os error 111)

                Caused by:
                    0: error trying to connect: tcp connect error: Connection refused (os error 111)
                    1: Connection refused (os error 111)
                """);

        assertThat(e.matches()).singleElement().satisfies(m -> assertThat(m.count()).isEqualTo(1));
    }

    @Test
    void twoAdjacentLinesOfOneFailureAreOneErrorTheMoreTellingOne() {
        Explanation e = EXPLAINER.explain("""
                Connecting to 192.0.2.10:443... connected.
                ERROR: The certificate of ‘example.com’ is not trusted.
                ERROR: The certificate of ‘example.com’ has expired.
                """);

        assertThat(e.matches()).extracting(m -> m.message().id()).containsExactly("wget.cert-expired");
    }

    @Test
    void repeatedLinesWithoutTimesStillCountEachTime() {
        Explanation e = EXPLAINER.explain("""
                dial tcp 192.0.2.10:8282: connect: connection refused
                dial tcp 192.0.2.10:8282: connect: connection refused
                """);

        assertThat(e.matches()).singleElement().satisfies(m -> assertThat(m.count()).isEqualTo(2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Node 17+, localhost     | Error: connect ECONNREFUSED ::1:3000                                       | tcp://[::1]:3000
            node-fetch              | FetchError: request to http://localhost:3344/ failed, reason: connect ECONNREFUSED ::1:3344 | http://localhost:3344/
            Go                      | dial tcp [::1]:8080: connect: connection refused                           | tcp://[::1]:8080
            Java, preferIPv6        | java.net.ConnectException: Connection refused: localhost/0:0:0:0:0:0:0:1:8080 | -
            libpq                   | connection to server at "localhost" (::1), port 5432 failed: Connection refused | tcp://localhost:5432
            """)
    void aRefusalByTheIpv6LoopbackNamesAddressFamilyMismatchFirst(String what, String text, String target) {
        Explanation.Match m = only(text);

        assertThat(m.message().symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(m.causes()).first().isEqualTo(CauseId.ADDRESS_FAMILY_MISMATCH);
        assertThat(m.causes()).contains(CauseId.SERVER_NOT_LISTENING);
        if (!target.equals("-")) {
            assertThat(m.target()).contains(target);
        }
    }

    @Test
    void aRefusalByIpv4OrAnotherIpv6AddressIsNotAddressFamilyMismatch() {
        assertThat(only("Error: connect ECONNREFUSED 127.0.0.1:3000").causes()).doesNotContain(CauseId.ADDRESS_FAMILY_MISMATCH);
        assertThat(only("dial tcp [2001:db8::1]:8080: connect: connection refused").causes())
                .doesNotContain(CauseId.ADDRESS_FAMILY_MISMATCH);
        assertThat(only("Error: connect ETIMEDOUT ::1:3000").causes()).doesNotContain(CauseId.ADDRESS_FAMILY_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Chromium, mixed         | Mixed Content: The page at 'https://example.com/' was loaded over HTTPS, but attempted to connect to the insecure WebSocket endpoint 'ws://example.com:8282/'. This request has been blocked; this endpoint must be available over WSS. | mixed-content | ws://example.com:8282/
            Chromium, constructor   | Uncaught SecurityError: Failed to construct 'WebSocket': An insecure WebSocket connection may not be initiated from a page loaded over HTTPS. | mixed-content | -
            Firefox, mixed          | Blocked loading mixed active content “http://example.com/socket.io/?EIO=4&transport=polling” | mixed-content | http://example.com/socket.io/?EIO=4&transport=polling
            Safari, mixed           | [blocked] The page at https://example.com/ was not allowed to run insecure content from ws://example.com:6060. | mixed-content | ws://example.com:6060
            Android                 | java.net.UnknownServiceException: CLEARTEXT communication to example.com not permitted by network security policy | cleartext-not-permitted | -
            iOS                     | App Transport Security has blocked a cleartext HTTP (http://) resource load since it is insecure. | cleartext-not-permitted | -
            Chromium, CSP           | Refused to connect to 'wss://example.com/ws' because it violates the following Content Security Policy directive: "connect-src 'self'". | csp-connect-src | wss://example.com/ws
            Firefox, CSP            | Content-Security-Policy: The page’s settings blocked the loading of a resource at ws://example.com:8080/ (“connect-src”). | csp-connect-src | ws://example.com:8080/
            Safari, CSP             | Refused to connect to ws://example.com:8080/ because it appears in neither the connect-src directive nor the default-src directive of the Content Security Policy. | csp-connect-src | ws://example.com:8080/
            """)
    void aBrowsersOwnRefusalIsBlockedLocallyWithItsCause(String what, String text, String cause, String target) {
        Explanation.Match m = only(text);

        assertThat(m.message().symptom()).isEqualTo(Symptom.BLOCKED_LOCALLY);
        assertThat(m.causes()).extracting(CauseId::id).first().isEqualTo(cause);
        if (!target.equals("-")) {
            assertThat(m.target()).contains(target);
        }
    }

    @Test
    void aCspRefusalOfAScriptOrAnImageIsNoConnectionFailure() {
        assertThat(EXPLAINER.explain("Refused to load the script 'https://cdn.example.com/a.js' because it violates the "
                + "following Content Security Policy directive: \"script-src 'self'\".").recognized()).isFalse();
        assertThat(EXPLAINER.explain("Content Security Policy: The page’s settings blocked the loading of a resource at "
                + "inline (“script-src”).").recognized()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            urllib3                 | requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=8443): Max retries exceeded with url: / (Caused by NewConnectionError('...: Failed to establish a new connection: [Errno 111] Connection refused')) | https://api.example.com:8443
            asyncio                 | ConnectionRefusedError: [Errno 111] Connect call failed ('192.0.2.10', 8765)  | tcp://192.0.2.10:8765
            Android                 | java.net.SocketTimeoutException: failed to connect to /10.0.2.2 (port 8008) after 10000ms | tcp://10.0.2.2:8008
            Android, a name         | java.net.SocketTimeoutException: failed to connect to api.example.com/192.0.2.10 (port 80) after 100000ms | tcp://api.example.com:80
            OkHttp                  | java.net.ConnectException: Failed to connect to /192.0.2.10:8080           | tcp://192.0.2.10:8080
            Netty                   | io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:3000 | tcp://localhost:3000
            libpq                   | psql: error: connection to server at "192.0.2.10", port 5433 failed: Connection refused | tcp://192.0.2.10:5433
            libpq, older            | could not connect to server: Connection refused Is the server running on host "192.0.2.10" and accepting TCP/IP connections on port 5432? | tcp://192.0.2.10:5432
            ssh                     | ssh: connect to host 192.0.2.10 port 2222: Connection refused              | tcp://192.0.2.10:2222
            Ruby                    | Connection refused - connect(2) for "192.0.2.10" port 9109 (Errno::ECONNREFUSED) | tcp://192.0.2.10:9109
            MySQL                   | ERROR 2003 (HY000): Can't connect to MySQL server on '192.0.2.10' (111)    | tcp://192.0.2.10:3306
            Go, local->remote       | read tcp 198.51.100.7:59784->192.0.2.10:443: read: connection reset by peer | tcp://192.0.2.10:443
            """)
    void theTargetIsReadOutOfTheShapesClientsPrintItIn(String what, String text, String target) {
        assertThat(only(text).target()).isEqualTo(Optional.of(target));
    }

    @Test
    void statusCausesFollowTheCatalogue() {
        assertThat(StatusCauses.of(Optional.of(200))).first().isEqualTo(CauseId.HTTP_NOT_WEBSOCKET);
        assertThat(StatusCauses.of(Optional.of(301))).first().isEqualTo(CauseId.TLS_REQUIRED);
        assertThat(StatusCauses.of(Optional.of(401))).containsExactly(CauseId.WEBSOCKET_REJECTED);
        assertThat(StatusCauses.of(Optional.of(404))).first().isEqualTo(CauseId.WEBSOCKET_PATH_NOT_FOUND);
        assertThat(StatusCauses.of(Optional.of(503))).first().isEqualTo(CauseId.PROXY_STRIPS_UPGRADE);
        assertThat(StatusCauses.of(Optional.empty())).hasSize(4);
        assertThat(List.of(200, 302, 400, 403, 404, 418, 426, 500)).allSatisfy(s ->
                assertThat(StatusCauses.of(Optional.of(s))).isNotEmpty());
    }
}
