package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import dev.conndoctor.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The verdict of a browser check from hand-built reports and sightings: no browser, no socket. */
class BrowserVerdictsTest {

    private static final String CHECK = BrowserReportTest.CHECK;
    private static final String HTTP_PAGE = "http://check.test:8282";
    private static final String HTTPS_PAGE = "https://check.test:8443";

    private static BrowserReport.Attempt attempt(String scheme, String host, boolean opened, boolean echoed,
                                                 Integer closeCode, String threw, boolean timedOut, long ms) {
        return new BrowserReport.Attempt(scheme, scheme + "://" + host + "/_conndoctor/ws?check=" + CHECK + "&try=" + scheme,
                opened, echoed, !opened, closeCode == null ? OptionalInt.empty() : OptionalInt.of(closeCode), "",
                closeCode != null && closeCode == 1000, Optional.ofNullable(threw), timedOut, opened ? ms / 2 : -1, ms);
    }

    private static BrowserReport.Attempt works(String scheme, String host) {
        return attempt(scheme, host, true, true, 1000, null, false, 20);
    }

    private static BrowserReport report(String origin, List<BrowserReport.Violation> violations,
                                        BrowserReport.Attempt... attempts) {
        return new BrowserReport(CHECK, origin, BrowserReportTest.CHROME, origin.startsWith("https"), List.of(attempts),
                violations, 50);
    }

    private static BrowserChecks.Issued seen(BrowserChecks.Sighting... sightings) {
        return new BrowserChecks.Issued(CHECK, 0, false, List.of(sightings));
    }

    private static BrowserChecks.Sighting upgrade(String attempt, boolean tls) {
        return new BrowserChecks.Sighting(attempt, "127.0.0.1:40000", tls, true, Optional.of(HTTP_PAGE));
    }

    private static BrowserChecks.Sighting plainGet(String attempt) {
        return new BrowserChecks.Sighting(attempt, "127.0.0.1:40001", false, false, Optional.empty());
    }

    private static String render(Text text) {
        return text.render(Locale.ROOT);
    }

    @Test
    void aWsThatOpenedEchoedAndArrivedWorks() {
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(report(HTTP_PAGE, List.of(), works("ws", "check.test:8282")),
                seen(upgrade("ws", false)), false);

        assertThat(v.check().works()).isTrue();
        assertThat(v.fix()).isEmpty();
        assertThat(v.check().cause()).isEmpty();
        assertThat(v.check().browser()).isEqualTo("HeadlessChrome 156");
        BrowserCheck.Attempt ws = v.check().attempts().get(0);
        assertThat(ws.url()).as("the page's bookkeeping is left out").isEqualTo("ws://check.test:8282/_conndoctor/ws");
        assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
        assertThat(ws.arrivedFrom()).contains("127.0.0.1:40000");
        assertThat(ws.ms()).as("the time to open").isEqualTo(10);
        assertThat(render(ws.summary())).isEqualTo("ws://check.test:8282/_conndoctor/ws: opened in 10 ms and the echo "
                + "came back; the upgrade reached this listener from 127.0.0.1:40000");
    }

    @Test
    void anHttpsPagesWsRefusedByTheBrowserWithNothingArrivedIsMixedContentAndTheWorkingWssIsTheFix() {
        BrowserReport r = report(HTTPS_PAGE, List.of(),
                attempt("ws", "check.test:8443", false, false, null, "SecurityError: An insecure WebSocket connection may "
                        + "not be initiated from a page loaded over HTTPS.", false, 1),
                works("wss", "check.test:8443"));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(upgrade("wss", true)), true);

        assertThat(v.check().works()).isFalse();
        assertThat(v.check().cause()).contains(CauseId.MIXED_CONTENT);
        BrowserCheck.Attempt ws = v.check().attempts().get(0);
        assertThat(ws.cause()).contains(CauseId.MIXED_CONTENT);
        assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.NOTHING);
        assertThat(render(ws.summary())).contains("refused by the browser before any packet",
                "the page https://check.test:8443 is https", "mixed content", "the browser said \"SecurityError");
        assertThat(v.check().attempts().get(1).works()).isTrue();
        assertThat(render(v.fix().orElseThrow())).startsWith("From a page loaded over https, connect with wss://")
                .endsWith("From this page, wss://check.test:8443/_conndoctor/ws works: checked just now.");
    }

    @Test
    void aMixedContentCloseWithoutAThrowIsStillMixedContentAndWithoutWssTheFixIsTheRemedy() {
        // Firefox and Safari report the refusal as an error and close 1006 rather than a throw
        BrowserReport r = report(HTTPS_PAGE, List.of(), attempt("ws", "check.test:8443", false, false, 1006, null, false, 2),
                attempt("wss", "check.test:8443", false, false, 1006, null, false, 30));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(), false);

        assertThat(v.check().attempts().get(0).cause()).contains(CauseId.MIXED_CONTENT);
        assertThat(render(v.fix().orElseThrow())).isEqualTo(render(Text.of("remedy.mixed-content")));
    }

    @Test
    void theSameFailureFromAPlainPageIsNotMixedContentButSomethingInBetween() {
        BrowserReport r = report(HTTP_PAGE, List.of(), attempt("ws", "check.test:8282", false, false, 1006, null, false, 7));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(), false);

        BrowserCheck.Attempt ws = v.check().attempts().get(0);
        assertThat(ws.cause()).isEmpty();
        assertThat(render(ws.summary())).contains("failed after 7 ms (close code 1006)", "nothing reached this listener",
                "/_conndoctor/ws");
        assertThat(render(v.fix().orElseThrow())).contains("for the page http://check.test:8282");
    }

    @Test
    void aPlainGetWhereThePageSentAnUpgradeIsAProxyThatDropsIt() {
        BrowserReport r = report(HTTP_PAGE, List.of(), attempt("ws", "check.test:8080", false, false, 1006, null, false, 9));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(plainGet("ws")), false);

        BrowserCheck.Attempt ws = v.check().attempts().get(0);
        assertThat(ws.cause()).contains(CauseId.PROXY_STRIPS_UPGRADE);
        assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.PLAIN_GET);
        assertThat(render(ws.summary())).contains("as a plain GET, without its Upgrade header", "127.0.0.1:40001");
        assertThat(render(v.fix().orElseThrow())).contains("proxy_set_header Upgrade $http_upgrade");
    }

    @Test
    void aViolationOfTheConnectSrcDirectiveIsAReplacedPolicy() {
        BrowserReport r = report(HTTP_PAGE, List.of(new BrowserReport.Violation("connect-src",
                "ws://check.test:8282/_conndoctor/ws")), attempt("ws", "check.test:8282", false, false, 1006, null, false, 1));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(), false);

        assertThat(v.check().cause()).contains(CauseId.CSP_CONNECT_SRC);
        assertThat(render(v.check().attempts().get(0).summary())).contains("Content-Security-Policy (connect-src blocked");
        assertThat(render(v.fix().orElseThrow())).contains("connect-src");
    }

    @Test
    void wsArrivingInPlainTextAtATlsListenerIsTlsRequired() {
        BrowserReport r = report(HTTPS_PAGE, List.of(), attempt("ws", "localhost:8443", false, false, 1006, null, false, 5));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(upgrade("ws", false)), true);

        assertThat(v.check().cause()).contains(CauseId.TLS_REQUIRED);
        assertThat(render(v.fix().orElseThrow())).isEqualTo("This port speaks TLS: connect with wss://localhost:8443/_conndoctor/ws.");
    }

    @Test
    void anUpgradeAnsweredHereThatNeverOpenedWasChangedOnTheWay() {
        BrowserReport r = report(HTTP_PAGE, List.of(), attempt("ws", "check.test:8080", false, false, 1006, null, false, 9),
                attempt("wss", "check.test:8080", false, false, null, null, true, 5000));
        // a plain listener behind a proxy that ends TLS: both arrive in plain text
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(upgrade("ws", false), upgrade("wss", false)), false);

        assertThat(render(v.check().attempts().get(0).summary())).contains("which answered 101, yet the browser did not open",
                "close code 1006");
        assertThat(render(v.check().attempts().get(1).summary())).contains("saw no open event within 5000 ms");
        assertThat(v.check().cause()).isEmpty();
    }

    @Test
    void nothingWithinThePagesTimeoutAndNothingArrivedIsHeldInBetween() {
        BrowserReport r = report(HTTP_PAGE, List.of(), attempt("ws", "check.test:8080", false, false, null, null, true, 5000));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(), false);

        assertThat(render(v.check().attempts().get(0).summary())).contains("no answer within 5000 ms",
                "nothing reached this listener");
    }

    @Test
    void openedWithoutTheEchoIsReported() {
        BrowserReport r = report(HTTP_PAGE, List.of(), attempt("ws", "check.test:8080", true, false, 1001, null, false, 40));
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(r, seen(upgrade("ws", false)), false);

        assertThat(v.check().works()).isFalse();
        assertThat(render(v.check().attempts().get(0).summary())).contains("opened in 20 ms, but the echo did not come back",
                "close code 1001");
    }

    @Test
    void aReportOfNoAttemptSaysThePageDidNotFinish() {
        BrowserVerdicts.Verdict v = BrowserVerdicts.judge(report(HTTP_PAGE, List.of()), seen(), false);

        assertThat(v.check().works()).isFalse();
        assertThat(render(v.fix().orElseThrow())).contains("reported no WebSocket");
    }
}
