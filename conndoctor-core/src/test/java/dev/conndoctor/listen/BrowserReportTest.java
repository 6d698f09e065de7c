package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BrowserReportTest {

    static final String CHECK = "0123456789abcdef0123456789abcdef";
    static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "HeadlessChrome/156.0.0.0 Safari/537.36";

    /** A report as the page writes it: one ws:// attempt refused by the browser, one wss:// that worked. */
    static String pageReport(String check) {
        return """
                {"check":"%s","origin":"https://check.test:8443","userAgent":"%s","secureContext":true,
                 "attempts":[
                  {"scheme":"ws","url":"ws://check.test:8443/_conndoctor/ws?check=%1$s&try=ws","opened":false,
                   "echoed":false,"error":false,"closeCode":null,"closeReason":"","wasClean":false,
                   "threw":"SecurityError: Failed to construct 'WebSocket': An insecure WebSocket connection may not be initiated from a page loaded over HTTPS.",
                   "timedOut":false,"openMs":-1,"ms":0},
                  {"scheme":"wss","url":"wss://check.test:8443/_conndoctor/ws?check=%1$s&try=wss","opened":true,
                   "echoed":true,"error":false,"closeCode":1000,"closeReason":"check done","wasClean":true,"threw":null,
                   "timedOut":false,"openMs":14,"ms":19}],
                 "violations":[],"ms":40}
                """.formatted(check, CHROME);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePagesReportIsReadWholeWithItsAttempts() {
        BrowserReport r = BrowserReport.parse(bytes(pageReport(CHECK))).orElseThrow();

        assertThat(r.check()).isEqualTo(CHECK);
        assertThat(r.origin()).isEqualTo("https://check.test:8443");
        assertThat(r.secureContext()).isTrue();
        assertThat(r.elapsedMs()).isEqualTo(40);
        assertThat(r.attempts()).hasSize(2);
        BrowserReport.Attempt ws = r.attempts().get(0);
        assertThat(ws.scheme()).isEqualTo("ws");
        assertThat(ws.opened()).isFalse();
        assertThat(ws.closeCode()).isEmpty();
        assertThat(ws.threw()).hasValueSatisfying(t -> assertThat(t).startsWith("SecurityError: Failed to construct"));
        assertThat(ws.openMs()).isEqualTo(-1);
        BrowserReport.Attempt wss = r.attempts().get(1);
        assertThat(wss.echoed()).isTrue();
        assertThat(wss.closeCode()).hasValue(1000);
        assertThat(wss.threw()).isEmpty();
        assertThat(wss.openMs()).isEqualTo(14);
    }

    @Test
    void somethingElseThanAReportIsNone() {
        assertThat(BrowserReport.parse(bytes("not json"))).isEmpty();
        assertThat(BrowserReport.parse(bytes("[1,2]"))).isEmpty();
        assertThat(BrowserReport.parse(bytes("{\"check\":\"abc\",\"attempts\":[]}"))).as("a check id is 32 hex digits")
                .isEmpty();
        assertThat(BrowserReport.parse(bytes("{\"check\":\"" + CHECK + "\"}"))).as("no attempts array").isEmpty();
        assertThat(BrowserReport.parse(bytes(pageReport(CHECK).replace("\"scheme\":\"ws\"", "\"scheme\":\"http\""))))
                .as("an attempt is ws or wss").isEmpty();
        assertThat(BrowserReport.parse(new byte[0])).isEmpty();
    }

    @Test
    void everythingIsBounded() {
        String many = "{\"scheme\":\"ws\"},".repeat(BrowserReport.MAX_ATTEMPTS);
        assertThat(BrowserReport.parse(bytes("{\"check\":\"" + CHECK + "\",\"attempts\":[" + many
                + "{\"scheme\":\"ws\"}]}"))).as("too many attempts").isEmpty();
        assertThat(BrowserReport.parse(new byte[BrowserReport.MAX_BYTES + 1])).as("too large").isEmpty();

        String longOrigin = "https://" + "a".repeat(5000);
        BrowserReport r = BrowserReport.parse(bytes("{\"check\":\"" + CHECK + "\",\"origin\":\"" + longOrigin
                + "\",\"attempts\":[{\"scheme\":\"ws\",\"closeCode\":99999,\"ms\":-5,\"openMs\":1e12}]}")).orElseThrow();
        assertThat(r.origin()).hasSize(BrowserReport.MAX_TEXT + 1).endsWith("…");
        assertThat(r.attempts().get(0).closeCode()).as("not a close code").isEmpty();
        assertThat(r.attempts().get(0).ms()).as("not a time").isZero();
        assertThat(r.attempts().get(0).openMs()).isEqualTo(-1);
    }

    @Test
    void fieldsOfTheWrongTypeAreAbsentNotTrusted() {
        BrowserReport r = BrowserReport.parse(bytes("{\"check\":\"" + CHECK + "\",\"origin\":{\"x\":1},"
                + "\"attempts\":[{\"scheme\":\"ws\",\"opened\":\"yes\",\"threw\":42,\"closeCode\":\"1000\"}]}"))
                .orElseThrow();
        assertThat(r.origin()).isEmpty();
        assertThat(r.attempts().get(0).opened()).isFalse();
        assertThat(r.attempts().get(0).threw()).isEmpty();
        assertThat(r.attempts().get(0).closeCode()).isEmpty();
    }

    @Test
    void theBrowsersNameIsItsMostSpecificToken() {
        assertThat(withAgent(CHROME).product()).isEqualTo("HeadlessChrome 156");
        assertThat(withAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0").product()).isEqualTo("Edge 140");
        assertThat(withAgent("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0").product())
                .isEqualTo("Firefox 140");
        assertThat(withAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/17.5 Safari/605.1.15").product()).isEqualTo("Safari 17");
        assertThat(withAgent("curl/8.0").product()).isEqualTo("curl/8.0");
    }

    private static BrowserReport withAgent(String agent) {
        return new BrowserReport(CHECK, "http://h", agent, false, java.util.List.of(), java.util.List.of(), 0);
    }
}
