package dev.conndoctor.listen;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser checks under way: the ids the listener gave out with its pages, what it saw of
 * each check's WebSockets, and how many reports it takes. Every part is bounded, since any
 * stranger can ask for pages and post reports: at most {@link #MAX_OPEN} checks are kept (a new
 * page pushes out the oldest), each for {@link #LIFETIME_NANOS} at most, with
 * {@link #MAX_SIGHTINGS} sightings; an id is taken by its first report, so a report needs a page
 * of its own; and reports are let through at a steady rate ({@link #REPORT_BURST} at once, then
 * one per {@link #REPORT_EVERY_NANOS}), so that no client can fill the listener's output with
 * them. Times are {@link System#nanoTime()} values handed in, so the policy is tested without a
 * clock.
 */
final class BrowserChecks {

    static final int MAX_OPEN = 64;
    /** The page gives up after about 20 s; a minute covers a slow browser and its report. */
    static final long LIFETIME_NANOS = 60_000_000_000L;
    /** The page opens two WebSockets; a proxy that retries may bring a few more. */
    static final int MAX_SIGHTINGS = 6;
    static final int REPORT_BURST = 10;
    static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    /**
     * One request of a check's WebSocket that reached the listener.
     *
     * @param attempt {@code ws} or {@code wss}, as the page named it in the path
     * @param peer who sent it (the browser, or a proxy in front)
     * @param tls whether it came over TLS to this listener
     * @param upgrade whether it asked for the upgrade (false: a plain GET, its Upgrade header dropped on the way)
     * @param origin its {@code Origin} header
     */
    record Sighting(String attempt, String peer, boolean tls, boolean upgrade, Optional<String> origin) {
    }

    /** A check given out with a page: when, whether the page went out over TLS, and what the listener saw since. */
    record Issued(String check, long issuedNanos, boolean pageTls, List<Sighting> sightings) {
        Issued {
            sightings = List.copyOf(sightings);
        }
    }

    private static final class Open {
        final long issuedNanos;
        final boolean pageTls;
        final List<Sighting> sightings = new ArrayList<>();

        Open(long issuedNanos, boolean pageTls) {
            this.issuedNanos = issuedNanos;
            this.pageTls = pageTls;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Open> open = new LinkedHashMap<>();
    private double reportTokens = REPORT_BURST;
    private long tokensAt;
    private boolean tokensStarted;

    /** A new check's id (32 hex digits, unguessable), for a page served now. */
    synchronized String issue(long nowNanos, boolean pageTls) {
        expire(nowNanos);
        while (open.size() >= MAX_OPEN) {
            Iterator<String> oldest = open.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String check = HexFormat.of().formatHex(bytes);
        open.put(check, new Open(nowNanos, pageTls));
        return check;
    }

    /** Notes what reached the listener for {@code check}; a check it did not give out, or one with enough, is ignored. */
    synchronized void sighted(String check, Sighting sighting, long nowNanos) {
        expire(nowNanos);
        Open o = open.get(check);
        if (o != null && o.sightings.size() < MAX_SIGHTINGS) {
            o.sightings.add(sighting);
        }
    }

    /** The check and what was seen of it, taken out: an id reports once. Empty when unknown, expired or reported. */
    synchronized Optional<Issued> take(String check, long nowNanos) {
        expire(nowNanos);
        Open o = open.remove(check);
        return o == null ? Optional.empty() : Optional.of(new Issued(check, o.issuedNanos, o.pageTls, o.sightings));
    }

    /** Whether one more report may be read now: a token bucket of {@link #REPORT_BURST}, one more per second. */
    synchronized boolean allowReport(long nowNanos) {
        if (tokensStarted) {
            reportTokens = Math.min(REPORT_BURST, reportTokens + (double) (nowNanos - tokensAt) / REPORT_EVERY_NANOS);
        }
        tokensStarted = true;
        tokensAt = nowNanos;
        if (reportTokens < 1) {
            return false;
        }
        reportTokens -= 1;
        return true;
    }

    synchronized int size() {
        return open.size();
    }

    private void expire(long nowNanos) {
        open.values().removeIf(o -> nowNanos - o.issuedNanos > LIFETIME_NANOS);
    }
}
