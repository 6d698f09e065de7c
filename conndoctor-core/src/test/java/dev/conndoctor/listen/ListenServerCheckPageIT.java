package dev.conndoctor.listen;

import static dev.conndoctor.listen.ListenServerHarness.assertStillServes;
import static dev.conndoctor.listen.ListenServerHarness.connect;
import static dev.conndoctor.listen.ListenServerHarness.readHead;
import static dev.conndoctor.listen.ListenServerHarness.readToEnd;
import static dev.conndoctor.listen.ListenServerHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The check page's endpoints on 127.0.0.1 with raw sockets, as a stranger would use them: the
 * page, the report taken once per page, and the bounds on the report (size, deadline, rate);
 * what a real browser does with them is {@link ListenServerBrowserIT}.
 */
class ListenServerCheckPageIT {

    private static final String NAVIGATION = "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n";
    private static final Pattern CHECK = Pattern.compile("\"check\":\"([0-9a-f]{32})\"");

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            write(socket, request);
            return new String(readToEnd(socket, Duration.ofSeconds(5)), StandardCharsets.UTF_8);
        }
    }

    private static String checkOf(String page) {
        Matcher m = CHECK.matcher(page);
        assertThat(m.find()).as("a check id in the page").isTrue();
        return m.group(1);
    }

    private static String post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /_conndoctor/report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    private static String report(String check, int port) {
        return BrowserReportTest.pageReport(check).replace("https://check.test:8443", "https://127.0.0.1:" + port)
                .replace("wss://check.test:8443", "wss://127.0.0.1:" + port)
                .replace("ws://check.test:8443", "ws://127.0.0.1:" + port);
    }

    @Test
    void aBrowserGetsTheCheckPageUnderItsPolicyAndCurlStillGetsThe426() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String page = exchange(listener.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + NAVIGATION + "\r\n");

            assertThat(page).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html; charset=utf-8\r\n",
                    "Connection: close\r\n", "X-Content-Type-Options: nosniff\r\n", "<title>conndoctor browser check</title>");
            Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9_-]{22})'").matcher(page);
            assertThat(nonce.find()).isTrue();
            assertThat(page).contains("<script nonce=\"" + nonce.group(1) + "\">");
            ClientReport line = listener.awaitOne(r -> r.browser().isPresent());
            assertThat(line.browser().orElseThrow().stage()).isEqualTo(BrowserCheck.Stage.PAGE);
            assertThat(line.browser().orElseThrow().check()).isEqualTo(checkOf(page));
            assertThat(line.matches()).isTrue();

            String curl = exchange(listener.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n");
            assertThat(curl).startsWith("HTTP/1.1 426 ").contains("From a browser, open /_conndoctor");
        }
    }

    @Test
    void aReportIsJudgedWithWhatReachedTheListenerAndTakenOncePerPage() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String check = checkOf(exchange(listener.port(), "GET /_conndoctor HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            // the page's wss socket, as a proxy ending TLS would pass it on: an upgrade in plain text
            try (Socket socket = connect(listener.port())) {
                write(socket, ListenServerHarness.upgradeRequest("/_conndoctor/ws?check=" + check + "&try=wss",
                        ListenServerHarness.newKey()));
                assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");
            }

            String answer = exchange(listener.port(), post(report(check, listener.port())));

            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/json",
                    "\"works\":false", "\"cause\":\"mixed-content\"", "mixed content");
            ClientReport line = listener.awaitOne(r -> r.browser().filter(b -> b.stage() == BrowserCheck.Stage.REPORT)
                    .isPresent());
            BrowserCheck judged = line.browser().orElseThrow();
            assertThat(judged.cause()).contains(CauseId.MIXED_CONTENT);
            assertThat(judged.attempts().get(1).arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
            assertThat(line.fix().orElseThrow().render(Locale.ROOT)).contains("wss://127.0.0.1:" + listener.port()
                    + "/_conndoctor/ws works");

            String again = exchange(listener.port(), post(report(check, listener.port())));
            assertThat(again).as("an id reports once").startsWith("HTTP/1.1 404 ");
            assertThat(listener.awaitOne(r -> r.fix().map(f -> f.render(Locale.ROOT)).filter(f -> f.contains(
                    "not one this listener gave out")).isPresent()).matches()).isFalse();
        }
    }

    @Test
    void aReportOfACheckNeverGivenOutIsRefused() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String answer = exchange(listener.port(), post(report("0123456789abcdef0123456789abcdef", listener.port())));

            assertThat(answer).startsWith("HTTP/1.1 404 ");
            assertThat(listener.reports).noneMatch(r -> r.browser().isPresent());
            assertStillServes(listener.port());
        }
    }

    @Test
    void aReportTooLargeChunkedOrNotAReportIsRefusedWithoutReadingIt() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String large = exchange(listener.port(), "POST /_conndoctor/report HTTP/1.1\r\nHost: h\r\nContent-Length: "
                    + (BrowserReport.MAX_BYTES + 1) + "\r\n\r\n{");
            assertThat(large).startsWith("HTTP/1.1 413 ");
            String chunked = exchange(listener.port(), "POST /_conndoctor/report HTTP/1.1\r\nHost: h\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 413 ");
            String junk = exchange(listener.port(), post("{\"check\":\"<script>\"}"));
            assertThat(junk).startsWith("HTTP/1.1 400 ");

            assertThat(listener.await(r -> r.fix().map(f -> f.render(Locale.ROOT)).filter(f -> f.startsWith(
                    "a browser check report the listener did not take")).isPresent(), 3, Duration.ofSeconds(5)))
                    .allSatisfy(r -> assertThat(r.matches()).isFalse());
            assertStillServes(listener.port());
        }
    }

    @Test
    void aReportThatTricklesIsCutAtTheRequestsDeadline() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            try (Socket socket = connect(listener.port())) {
                write(socket, "POST /_conndoctor/report HTTP/1.1\r\nHost: h\r\nContent-Length: 4000\r\n\r\n{\"check\":");
                long start = System.nanoTime();
                assertThat(ListenServerHarness.closedWithin(socket, ListenServerHarness.HANDSHAKE.plusSeconds(3)))
                        .isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            }
            assertThat(listener.awaitOne(r -> r.fix().map(f -> f.render(Locale.ROOT)).filter(f -> f.contains(
                    "did not come whole before the deadline")).isPresent()).matches()).isFalse();
        }
    }

    @Test
    void reportsBeyondTheRateGet429AndNoLine() throws Exception {
        ListenServer.Config config = ListenServerHarness.config(ListenProtocol.WEBSOCKET, Optional.empty(),
                Optional.empty(), 8, 0);
        try (ListenServerHarness listener = ListenServerHarness.start(config)) {
            int refusedWithLine = 0;
            int tooMany = 0;
            for (int i = 0; i < BrowserChecks.REPORT_BURST + 5; i++) {
                String answer = exchange(listener.port(), post("not a report"));
                if (answer.startsWith("HTTP/1.1 429 ")) {
                    tooMany++;
                } else {
                    assertThat(answer).startsWith("HTTP/1.1 400 ");
                    refusedWithLine++;
                }
            }
            // the burst passes (a second may refill one), the rest is turned away
            assertThat(refusedWithLine).isBetween(BrowserChecks.REPORT_BURST, BrowserChecks.REPORT_BURST + 2);
            assertThat(tooMany).isGreaterThanOrEqualTo(3);
            Thread.sleep(200);
            long lines = listener.reports.stream().filter(r -> r.path().filter(p -> p.startsWith("/_conndoctor/report"))
                    .isPresent()).count();
            assertThat(lines).isEqualTo(refusedWithLine);
        }
    }

    @Test
    void withMaxClientsOneTheBrowserCheckIsOneClientEndedByItsReport() throws Exception {
        ListenServer.Config config = ListenServerHarness.config(ListenProtocol.WEBSOCKET, Optional.empty(),
                Optional.empty(), 8, 1);
        try (ListenServerHarness listener = ListenServerHarness.start(config)) {
            String check = checkOf(exchange(listener.port(), "GET / HTTP/1.1\r\nHost: h\r\n" + NAVIGATION + "\r\n"));
            try (Socket socket = connect(listener.port())) {
                write(socket, ListenServerHarness.upgradeRequest("/_conndoctor/ws?check=" + check + "&try=ws",
                        ListenServerHarness.newKey()));
                assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");
            }
            Thread.sleep(200);
            assertThat(listener.server.awaitStop(Duration.ZERO)).as("the page and its socket are not clients").isFalse();

            String answer = exchange(listener.port(), post(report(check, listener.port())));
            assertThat(answer).startsWith("HTTP/1.1 200 ");
            assertThat(listener.server.awaitStop(Duration.ofSeconds(5))).as("the report is the one client").isTrue();
        }
    }
}
