package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.EXPLAINER;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.assertRunnableNext;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.captureLine;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What logs do to messages: timestamps, levels, logger names, stack frames, wrapped exceptions,
 * quotes, addresses; and whole log files with noise and repeats ({@code fixtures/explain/logs/},
 * written around real messages): each distinct error once, with its count and its first and last time.
 */
class ExplainLogTest {

    private static Explanation.Match only(String text) {
        Explanation e = EXPLAINER.explain(text);
        assertThat(e.matches()).as(text).hasSize(1);
        return e.matches().get(0);
    }

    // ------------------------------------------------------------ one line, dressed

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ISO, Z                    | 2024-11-22T10:00:00Z                  | 2024-11-22T10:00:00Z
            ISO, millis and offset    | 2024-11-22T10:00:00.123+01:00         | 2024-11-22T10:00:00.123+01:00
            ISO, space and comma      | 2024-11-22 10:00:00,123 ERROR         | 2024-11-22 10:00:00,123
            bracketed ISO             | [2024-11-22 10:00:00.123] [error]     | 2024-11-22 10:00:00.123
            syslog                    | Nov 22 10:00:00 web1 app[4242]:       | Nov 22 10:00:00
            syslog, one-digit day     | `Nov  2 10:00:00 web1 app[4242]:`     | `Nov  2 10:00:00`
            [HH:MM:SS]                | [10:00:00] ERROR                      | 10:00:00
            console clock             | 10:00:00.120 client.js:12             | 10:00:00.120
            """)
    void theTimestampBeforeAMessageIsReadAndDoesNotHideIt(String what, String prefix, String time) {
        Explanation.Match m = only(prefix + " Error: connect ECONNREFUSED 127.0.0.1:8109");

        assertThat(m.message().id()).isEqualTo("node.econnrefused");
        assertThat(m.firstSeen()).as(what).contains(time);
        assertThat(m.lastSeen()).contains(time);
        assertThat(m.target()).contains("tcp://127.0.0.1:8109");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ERROR Error: connect ECONNREFUSED 127.0.0.1:8109",
        "[error] Error: connect ECONNREFUSED 127.0.0.1:8109",
        "E/FeedClient(4242): Error: connect ECONNREFUSED 127.0.0.1:8109",
        "ERROR [ws-1] c.e.FeedClient - upstream error: Error: connect ECONNREFUSED 127.0.0.1:8109",
        "feed:error Error: connect ECONNREFUSED 127.0.0.1:8109 +2ms",
        "ERROR | ws-client | connect failed | Error: connect ECONNREFUSED 127.0.0.1:8109 | retry 3",
        "upstream failed: \"Error: connect ECONNREFUSED 127.0.0.1:8109\"",
        "upstream failed: 'Error: connect ECONNREFUSED 127.0.0.1:8109'",
        "{\"level\":\"error\",\"msg\":\"connect ECONNREFUSED 127.0.0.1:8109\",\"pid\":4242}",
        "    Error: connect ECONNREFUSED 127.0.0.1:8109    ",
    })
    void levelsLoggersWrappersAndQuotesDoNotHideTheMessage(String line) {
        Explanation.Match m = only(line);

        assertThat(m.message().id()).isEqualTo("node.econnrefused");
        assertThat(m.target()).contains("tcp://127.0.0.1:8109");
        assertThat(m.next()).isEqualTo("conndoctor diagnose tcp://127.0.0.1:8109");
        assertThat(m.line()).isEqualTo(line.strip());
        assertThat(m.firstSeen()).isEmpty();
    }

    @Test
    void aCapturedJavaStackTraceIsOneErrorAndItsFramesMatchNothing() {
        String trace = ExplainKnowledgeBaseEntriesTest.capturedFile("captured/java-connect-refused.txt");
        assertThat(trace).contains("\tat java.base/");

        Explanation e = EXPLAINER.explain(trace);

        assertThat(e.matches()).singleElement().satisfies(m -> {
            assertThat(m.message().id()).isEqualTo("java.connect-refused");
            assertThat(m.count()).isEqualTo(1);
            assertThat(m.line()).isEqualTo("java.net.ConnectException: Connection refused");
        });
        for (String frame : trace.lines().filter(l -> l.startsWith("\tat ")).toList()) {
            assertThat(EXPLAINER.explain(frame).recognized()).as(frame).isFalse();
        }
    }

    @Test
    void causedByLinesAreRecognized() {
        Explanation.Match m = only("Caused by: java.net.ConnectException: Connection refused");
        assertThat(m.message().id()).isEqualTo("java.connect-refused");
        assertThat(m.message().causes()).first().isEqualTo(CauseId.SERVER_NOT_LISTENING);

        Explanation.Match wrapped = only("org.springframework.web.reactive.function.client.WebClientRequestException: "
                + "Connection refused: /127.0.0.1:8109; nested exception is io.netty.channel.AbstractChannel$"
                + "AnnotatedConnectException: Connection refused: /127.0.0.1:8109");
        assertThat(wrapped.message().symptom()).isEqualTo(Symptom.REFUSED);
    }

    @Test
    void theCauseDeepInAWrappedExceptionIsFound() {
        Explanation e = EXPLAINER.explain("""
                2024-11-22 10:00:05,001 ERROR [ws-1] c.e.FeedClient - feed down
                java.util.concurrent.CompletionException: java.net.http.WebSocketHandshakeException
                \tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:332)
                Caused by: java.net.http.WebSocketHandshakeException
                \t... 5 more
                """);
        assertThat(e.matches()).extracting(m -> m.message().id()).containsExactly("java.ws-handshake");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Go, IPv4                   | dial tcp 10.1.2.3:8282: connect: connection refused                                   | go.refused      | tcp://10.1.2.3:8282
            Go, IPv6                   | dial tcp [2001:db8::10]:8282: connect: connection refused                             | go.refused      | tcp://[2001:db8::10]:8282
            Go, IPv6 timeout           | dial tcp [2001:db8::10]:8282: i/o timeout                                             | go.timeout      | tcp://[2001:db8::10]:8282
            Node, another port         | Error: connect ECONNREFUSED 192.168.1.20:65535                                        | node.econnrefused | tcp://192.168.1.20:65535
            curl, a name               | curl: (7) Failed to connect to example.com port 8443 after 12 ms: Couldn't connect to server | curl.refused | http://example.com:8443
            .NET, IPv4-mapped IPv6     | System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it. [::ffff:10.1.2.3]:8282 | windows.10061 | tcp://[::ffff:10.1.2.3]:8282
            Chromium, wss with a query | WebSocket connection to 'wss://example.com:8443/ws?token=abc' failed: Error in connection establishment: net::ERR_CERT_AUTHORITY_INVALID | chrome.err-cert-authority | wss://example.com:8443/ws?token=abc
            Chromium, IPv6 literal     | WebSocket connection to 'ws://[2001:db8::10]:8282/' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED | chrome.err-connection-refused | ws://[2001:db8::10]:8282/
            """)
    void theTargetIsReadOutOfAnyAddressAndPort(String what, String line, String id, String target) {
        Explanation.Match m = only(line);

        assertThat(m.message().id()).as(what).isEqualTo(id);
        assertThat(m.target()).as(what).contains(target);
        assertThat(m.next()).as("a bracket or a query is quoted for the shell").isEqualTo("conndoctor diagnose "
                + (target.matches("[\\w:/.]+") ? target : "'" + target + "'"));
        assertRunnableNext(m);
    }

    @Test
    void aMessageWithoutATargetSaysWhatToFillIn() {
        Explanation.Match node = only("Error: Unexpected server response: 200");
        assertThat(node.target()).isEmpty();
        assertThat(node.next()).isEqualTo("conndoctor diagnose ws://HOST:PORT");

        Explanation.Match dns = only(captureLine("captured/node-enotfound.txt:1"));
        assertThat(dns.next()).isEqualTo("conndoctor diagnose HOST:PORT");

        Explanation.Match java = only("javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version");
        assertThat(java.next()).isEqualTo("conndoctor diagnose https://HOST:PORT");
    }

    @Test
    void theStatusIsPartOfWhatMakesAnErrorDistinct() {
        Explanation e = EXPLAINER.explain("""
                WebSocket connection to 'ws://localhost:8080/ws' failed: Error during WebSocket handshake: Unexpected response code: 502
                WebSocket connection to 'ws://localhost:8080/ws' failed: Error during WebSocket handshake: Unexpected response code: 503
                WebSocket connection to 'ws://localhost:8080/ws' failed: Error during WebSocket handshake: Unexpected response code: 502
                """);
        assertThat(e.matches()).extracting(m -> m.message().id(), m -> m.status().orElseThrow(), Explanation.Match::count)
                .containsExactly(tuple("chrome.ws-status-5xx", 502, 2),
                        tuple("chrome.ws-status-5xx", 503, 1));
    }

    @Test
    void localizedOperatingSystemTextsInALogAreRecognized() {
        Explanation e = EXPLAINER.explain(String.join("\n",
                "2024-11-22 10:00:00 " + captureLine("captured/os-es_ES-refused.txt:1"),
                "2024-11-22 10:00:01 " + captureLine("captured/os-fr_FR-timed-out.txt:1"),
                "2024-11-22 10:00:02 " + captureLine("captured/os-de_DE-no-route.txt:1"),
                "2024-11-22 10:00:03 " + captureLine("captured/os-zh_CN-refused.txt:1"),
                "2024-11-22 10:00:04 " + captureLine("captured/os-es_ES-try-again.txt:1")));

        assertThat(e.matches()).extracting(m -> m.message().id())
                .containsExactly("os.refused", "os.timed-out", "os.no-route", "os.try-again");
        assertThat(e.matches().get(0).count()).isEqualTo(2);
        assertThat(e.matches().get(0).lastSeen()).contains("2024-11-22 10:00:03");
    }

    // ------------------------------------------------------------ log files

    @Test
    void aNodeLogListsEachDistinctErrorOnceWithCountAndTimes() {
        Explanation e = EXPLAINER.explain(read("logs/node-app.log"));

        assertThat(e.linesRead()).isEqualTo(read("logs/node-app.log").split("\n").length);
        assertThat(e.matches()).extracting(m -> m.message().id(), m -> m.target().orElse("-"), Explanation.Match::count,
                m -> m.firstSeen().orElse("-"), m -> m.lastSeen().orElse("-")).containsExactly(
                tuple("node.econnrefused", "tcp://127.0.0.1:8109", 3,
                        "2024-11-22T10:00:01.502Z", "2024-11-22T10:00:11.507Z"),
                tuple("node.ws-unexpected-200", "-", 2,
                        "2024-11-22T10:00:15.000Z", "2024-11-22T10:00:20.000Z"),
                tuple("node.enotfound", "-", 1,
                        "2024-11-22T10:00:30.000Z", "2024-11-22T10:00:30.000Z"),
                tuple("node.econnrefused", "tcp://10.0.0.7:6379", 1,
                        "2024-11-22T10:00:40.000Z", "2024-11-22T10:00:40.000Z"));
        assertThat(e.matches().get(0).line())
                .isEqualTo("2024-11-22T10:00:01.502Z ERROR upstream error Error: connect ECONNREFUSED 127.0.0.1:8109");
        assertThat(e.matches().get(0).next()).isEqualTo("conndoctor diagnose tcp://127.0.0.1:8109");
        assertThat(e.nearestFamilies()).isEmpty();
    }

    @Test
    void aJavaLogWithFramesAndWindowsLineEnds() {
        String log = read("logs/java-app.log");
        assertThat(log).contains("\r\n");

        Explanation e = EXPLAINER.explain(log);

        assertThat(e.matches()).extracting(m -> m.message().id(), Explanation.Match::count,
                m -> m.firstSeen().orElse("-"), m -> m.lastSeen().orElse("-")).containsExactly(
                tuple("java.connect-refused", 3, "2024-11-22 10:00:05,001",
                        "2024-11-22 10:00:25,005"),
                tuple("java.pkix", 1, "2024-11-22 10:00:20,004",
                        "2024-11-22 10:00:20,004"));
        assertThat(e.matches()).allSatisfy(m -> assertThat(m.line()).doesNotEndWith("\r"));
        assertThat(e.matches().get(1).message().causes()).containsExactly(CauseId.TLS_UNTRUSTED);
        assertThat(e.matches().get(1).next()).isEqualTo("conndoctor diagnose https://HOST:PORT");
    }

    @Test
    void aChromiumConsoleLogReadsTheWebSocketUrls() {
        Explanation e = EXPLAINER.explain(read("logs/chrome-console.log"));

        assertThat(e.matches()).extracting(m -> m.message().id(), m -> m.target().orElse("-"), Explanation.Match::count,
                m -> m.firstSeen().orElse("-"), m -> m.lastSeen().orElse("-")).containsExactly(
                tuple("chrome.err-connection-refused", "wss://example.com/chat", 3,
                        "10:00:00.120", "10:00:09.777"),
                tuple("chrome.ws-status-404", "ws://localhost:8080/ws", 1,
                        "10:00:04.001", "10:00:04.001"),
                tuple("chrome.ws-status-5xx", "ws://localhost:8080/ws", 1,
                        "10:00:10.000", "10:00:10.000"));
        assertThat(e.matches()).extracting(Explanation.Match::next).containsExactly(
                "conndoctor diagnose wss://example.com/chat", "conndoctor diagnose ws://localhost:8080/ws",
                "conndoctor diagnose ws://localhost:8080/ws");
        assertThat(e.matches().get(0).message().causes()).first().isEqualTo(CauseId.SERVER_NOT_LISTENING);
    }

    @Test
    void aSyslogWithIpv6GoPhpAndASpanishText() {
        Explanation e = EXPLAINER.explain(read("logs/syslog.log"));

        assertThat(e.matches()).extracting(m -> m.message().id(), m -> m.target().orElse("-"), Explanation.Match::count,
                m -> m.firstSeen().orElse("-"), m -> m.lastSeen().orElse("-")).containsExactly(
                tuple("go.refused", "ws://[2001:db8::10]:8282/feed", 3,
                        "Nov 22 10:00:01", "Nov 22 10:00:07"),
                tuple("php.stream-timeout", "tcp://192.0.2.10:8282", 1,
                        "Nov 22 10:00:04", "Nov 22 10:00:04"),
                tuple("os.refused", "-", 1, "Nov 22 10:00:05", "Nov 22 10:00:05"));
        assertThat(e.matches()).allSatisfy(ExplainKnowledgeBaseEntriesTest::assertRunnableNext);
    }

    // ------------------------------------------------------------ honesty

    @ParameterizedTest
    @ValueSource(strings = {
        "INFO connected to ws://example.com:8282/chat",
        "2024-11-22T10:00:00Z WARN retrying ws://example.com:8282/chat in 5s",
        "GET /chat HTTP/1.1 101 Switching Protocols",
        "Listening on 0.0.0.0:8282",
        "\tat java.base/sun.nio.ch.Net.connect0(Native Method)",
        "Nov 22 10:00:06 web1 kernel: [12345.678] eth0: link up, 1000 Mbps, full duplex",
        "",
    })
    void aLineThatIsNotAnErrorMatchesNothing(String line) {
        Explanation e = EXPLAINER.explain(line);

        assertThat(e.recognized()).isFalse();
        assertThat(e.matches()).isEmpty();
        assertThat(e.nearestFamilies()).as("not an error, so no family either").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Error: WebSocket was closed before the connection was established | protocol,closed
            Error: unexpected end of TLS stream                               | tls
            FATAL: upstream handshake failed with status 418                  | protocol
            socket error: stream closed by the relay while reading the response | protocol,closed
            lookup failed: could not resolve the name of the relay            | dns
            """)
    void anUnknownErrorIsNotRecognizedAndNamesTheNearestFamilies(String text, String families) {
        Explanation e = EXPLAINER.explain(text);

        assertThat(e.recognized()).isFalse();
        assertThat(e.matches()).isEmpty();
        assertThat(e.nearestFamilies()).containsExactlyElementsOf(List.of(families.split(",")));
    }

    @Test
    void nearestFamiliesAreOnlyGivenWhenNothingWasRecognized() {
        Explanation e = EXPLAINER.explain("Error: unexpected end of TLS stream\nError: connect ECONNREFUSED 127.0.0.1:8109");
        assertThat(e.recognized()).isTrue();
        assertThat(e.nearestFamilies()).isEmpty();
    }

    @Test
    void aHugeLineIsCutAndNeverHangsTheMatching() {
        String noise = "x".repeat(Explainer.MAX_LINE + 100);
        String late = noise + " Error: connect ECONNREFUSED 127.0.0.1:8109";
        String pathological = "WebSocket connection to '" + "a'".repeat(200_000) + " failed: ";

        Explanation e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> EXPLAINER.explain(late + "\n" + pathological));

        assertThat(e.recognized()).as("a message past " + Explainer.MAX_LINE + " characters is not read").isFalse();
        assertThat(EXPLAINER.explain("x".repeat(Explainer.MAX_LINE - 60) + " Error: connect ECONNREFUSED 127.0.0.1:8109")
                .matches()).extracting(m -> m.message().id()).containsExactly("node.econnrefused");
    }

    @Test
    void linesReadCountsEveryLine() {
        assertThat(EXPLAINER.explain("a\nb\r\nc").linesRead()).isEqualTo(3);
        assertThat(EXPLAINER.explain("only one").linesRead()).isEqualTo(1);
    }

    @Test
    void aMatchKeepsTheFirstLineItWasSeenOn() {
        Explanation.Match m = EXPLAINER.explain("""
                [10:00:00] first: Error: connect ECONNREFUSED 127.0.0.1:8109
                [10:00:01] second: Error: connect ECONNREFUSED 127.0.0.1:8109
                Error: connect ECONNREFUSED 127.0.0.1:8109
                """).matches().get(0);
        assertThat(m.line()).isEqualTo("[10:00:00] first: Error: connect ECONNREFUSED 127.0.0.1:8109");
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.firstSeen()).contains("10:00:00");
        assertThat(m.lastSeen()).as("a later line without a time keeps the last time seen").contains("10:00:01");
    }

    @Test
    void aStackTraceTakesTheTimeOfTheLineThatLoggedIt() {
        Explanation.Match m = EXPLAINER.explain("""
                2024-11-22 10:00:05,001 ERROR [ws-1] c.e.FeedClient - feed down
                java.net.ConnectException: Connection refused
                \tat java.base/sun.nio.ch.Net.connect0(Native Method)
                """).matches().get(0);
        assertThat(m.firstSeen()).isEqualTo(Optional.of("2024-11-22 10:00:05,001"));
    }
}
