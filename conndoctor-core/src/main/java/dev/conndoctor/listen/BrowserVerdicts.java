package dev.conndoctor.listen;

import dev.conndoctor.CauseId;
import dev.conndoctor.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a browser check: each WebSocket the page opened, from what the browser reported and
 * what reached the listener of it, gets a sentence and, where the catalogue has one, a cause;
 * the first failure gives the fix. Pure. The listener's own sightings weigh more than the page's
 * word: "the upgrade never reached this listener" is seen here, not reported.
 */
final class BrowserVerdicts {

    private BrowserVerdicts() {
    }

    /** The judged check and the fix of its first failure (empty when everything worked). */
    record Verdict(BrowserCheck check, Optional<Text> fix) {
    }

    /**
     * @param listenerTls whether the listener serves TLS
     */
    static Verdict judge(BrowserReport report, BrowserChecks.Issued issued, boolean listenerTls) {
        boolean pageHttps = report.origin().startsWith("https:");
        List<BrowserCheck.Attempt> attempts = new ArrayList<>();
        for (BrowserReport.Attempt a : report.attempts()) {
            attempts.add(attempt(a, report, issued, pageHttps, listenerTls));
        }
        Optional<BrowserCheck.Attempt> failed = attempts.stream().filter(a -> !a.works()).findFirst();
        Optional<Text> fix;
        if (attempts.isEmpty()) {
            fix = Optional.of(Text.of("listen.browser.fix.no-attempts"));
        } else {
            fix = failed.map(f -> fix(f, attempts, report));
        }
        BrowserCheck check = new BrowserCheck(BrowserCheck.Stage.REPORT, report.check(), report.origin(),
                report.product(), report.userAgent(), attempts, failed.flatMap(BrowserCheck.Attempt::cause),
                report.elapsedMs());
        return new Verdict(check, fix);
    }

    private static BrowserCheck.Attempt attempt(BrowserReport.Attempt a, BrowserReport report,
                                                BrowserChecks.Issued issued, boolean pageHttps, boolean listenerTls) {
        List<BrowserChecks.Sighting> seen = issued.sightings().stream().filter(s -> s.attempt().equals(a.scheme()))
                .toList();
        Optional<BrowserChecks.Sighting> upgrade = seen.stream().filter(BrowserChecks.Sighting::upgrade).findFirst();
        Optional<BrowserChecks.Sighting> plain = seen.stream().filter(s -> !s.upgrade()).findFirst();
        BrowserCheck.Arrival arrival = upgrade.isPresent() ? BrowserCheck.Arrival.UPGRADE
                : plain.isPresent() ? BrowserCheck.Arrival.PLAIN_GET : BrowserCheck.Arrival.NOTHING;
        Optional<String> from = upgrade.or(() -> plain).map(BrowserChecks.Sighting::peer);
        String code = a.closeCode().isPresent() ? String.valueOf(a.closeCode().getAsInt()) : "-";
        Object said = a.threw().<Object>map(t -> Text.of("listen.browser.threw", t)).orElse("");
        boolean failedAtOnce = a.threw().isPresent() || a.error() || a.closeCode().orElse(0) == 1006;
        Optional<BrowserReport.Violation> csp = report.violations().stream()
                .filter(v -> v.directive().startsWith("connect-src") || v.directive().startsWith("default-src"))
                .filter(v -> v.blocked().startsWith(a.scheme() + ":") || v.blocked().equals(a.scheme()))
                .findFirst();

        long ms = a.opened() && a.openMs() >= 0 ? a.openMs() : a.ms();
        // the check's id and attempt in the query are the page's bookkeeping: the sentence names the endpoint
        String url = a.url().indexOf('?') < 0 ? a.url() : a.url().substring(0, a.url().indexOf('?'));
        Optional<CauseId> cause = Optional.empty();
        Text summary;
        if (a.opened() && a.echoed()) {
            // the one good ending: the handshake and a message both ways
            summary = Text.of("listen.browser.ok", url, ms, from.orElse("-"));
        } else if (a.opened()) {
            // the handshake passed, the data did not: a proxy that buffers or closes early
            summary = Text.of("listen.browser.no-echo", url, ms, code);
        } else if (arrival == BrowserCheck.Arrival.NOTHING && csp.isPresent()) {
            // the page's own policy allows ws: and wss:, so a violation means someone replaced it
            cause = Optional.of(CauseId.CSP_CONNECT_SRC);
            summary = Text.of("listen.browser.csp", url, csp.get().directive(), csp.get().blocked());
        } else if (arrival == BrowserCheck.Arrival.NOTHING && pageHttps && a.scheme().equals("ws") && failedAtOnce
                && !a.timedOut()) {
            // refused by the browser itself: nothing left the machine, nothing reached the listener
            cause = Optional.of(CauseId.MIXED_CONTENT);
            summary = Text.of("listen.browser.mixed-content", url, report.origin(), said);
        } else if (arrival == BrowserCheck.Arrival.PLAIN_GET) {
            // the page sent an upgrade; what came here had none: a proxy dropped Upgrade and Connection
            cause = Optional.of(CauseId.PROXY_STRIPS_UPGRADE);
            summary = Text.of("listen.browser.stripped", url, from.orElse("-"), code);
        } else if (arrival == BrowserCheck.Arrival.UPGRADE && listenerTls && !upgrade.get().tls()) {
            // ws:// to this TLS port (a browser that lets a loopback page do it): the listener does not answer plain text
            cause = Optional.of(CauseId.TLS_REQUIRED);
            summary = Text.of("listen.browser.plain-to-tls", url, from.orElse("-"));
        } else if (arrival == BrowserCheck.Arrival.UPGRADE && a.timedOut()) {
            summary = Text.of("listen.browser.answered-silent", url, from.orElse("-"), a.ms());
        } else if (arrival == BrowserCheck.Arrival.UPGRADE) {
            summary = Text.of("listen.browser.answered", url, from.orElse("-"), code);
        } else if (a.timedOut()) {
            summary = Text.of("listen.browser.timed-out", url, a.ms());
        } else {
            summary = Text.of("listen.browser.not-reached", url, a.ms(), code, BrowserRoute.SOCKET_PATH, said);
        }
        return new BrowserCheck.Attempt(a.scheme(), url, a.opened(), a.echoed(), a.closeCode(), a.threw(), arrival,
                from, ms, a.opened() && a.echoed(), cause, summary);
    }

    private static Text fix(BrowserCheck.Attempt failed, List<BrowserCheck.Attempt> all, BrowserReport report) {
        if (failed.cause().isEmpty()) {
            return Text.of("listen.browser.fix.between", report.origin(), BrowserRoute.SOCKET_PATH);
        }
        return switch (failed.cause().get()) {
            case MIXED_CONTENT -> all.stream().filter(a -> a.works() && a.scheme().equals("wss")).findFirst()
                    .map(wss -> Text.of("listen.browser.fix.use-wss", Text.of("remedy.mixed-content"), wss.url()))
                    .orElse(Text.of("remedy.mixed-content"));
            case CSP_CONNECT_SRC -> Text.of("remedy.csp-connect-src");
            case PROXY_STRIPS_UPGRADE -> Text.of("fix.nginx-upgrade");
            case TLS_REQUIRED -> Text.of("listen.browser.fix.tls-required", failed.url().replaceFirst("^ws:", "wss:"));
            default -> Text.of("listen.browser.fix.between", report.origin(), BrowserRoute.SOCKET_PATH);
        };
    }
}
