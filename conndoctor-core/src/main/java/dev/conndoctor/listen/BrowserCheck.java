package dev.conndoctor.listen;

import dev.conndoctor.CauseId;
import dev.conndoctor.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The browser check of {@code conndoctor listen websocket://...}, as one client line reports it:
 * either a browser took the check page, or its page reported what the browser saw when it opened
 * the WebSocket itself, joined with what reached the listener, and judged.
 *
 * @param check the check's id (the page's and its WebSockets')
 * @param pageOrigin the page's origin, as the browser reported it (empty for {@link Stage#PAGE})
 * @param browser the browser's product and major version, e.g. {@code Chrome 156}
 * @param userAgent the browser's user agent, cut
 * @param cause the cause of the first attempt that failed, when it has a name in the catalogue
 * @param elapsedMs from the page's start to its report, as the page measured it
 */
public record BrowserCheck(Stage stage, String check, String pageOrigin, String browser, String userAgent,
                           List<Attempt> attempts, Optional<CauseId> cause, long elapsedMs) {

    public BrowserCheck {
        attempts = List.copyOf(attempts);
    }

    /** Which part of the check a line reports. */
    public enum Stage {
        /** A browser took the check page: its report follows. */
        PAGE,
        /** The page's report, judged. */
        REPORT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What reached the listener of one of the page's WebSockets. */
    public enum Arrival {
        NOTHING, UPGRADE, PLAIN_GET;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One WebSocket the page opened, what the browser saw of it and what reached the listener.
     *
     * @param scheme {@code ws} or {@code wss}
     * @param closeCode the close event's code, when there was one (1006: closed abnormally)
     * @param threw what {@code new WebSocket(url)} threw, when it did
     * @param arrivedFrom who sent what reached the listener (the browser or a proxy), when something did
     * @param ms from {@code new WebSocket} to open (when it opened) or to the attempt's end
     * @param works whether it opened and the echo came back
     * @param cause the catalogue's cause of its failure, when one names it
     * @param summary one sentence: what happened and what it means
     */
    public record Attempt(String scheme, String url, boolean opened, boolean echoed, OptionalInt closeCode,
                          Optional<String> threw, Arrival arrival, Optional<String> arrivedFrom, long ms, boolean works,
                          Optional<CauseId> cause, Text summary) {
    }

    /** The line of a browser that took the check page. */
    static BrowserCheck page(String check) {
        return new BrowserCheck(Stage.PAGE, check, "", "", "", List.of(), Optional.empty(), 0);
    }

    /** Whether every WebSocket of the page opened and echoed: false for a page line, or a report of none. */
    public boolean works() {
        return stage == Stage.REPORT && !attempts.isEmpty() && attempts.stream().allMatch(Attempt::works);
    }
}
