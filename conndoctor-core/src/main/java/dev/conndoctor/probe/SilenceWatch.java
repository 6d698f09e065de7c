package dev.conndoctor.probe;

import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Silence;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges, during one connect round, when a watched port's silence is a verdict: its host has
 * answered on another port or to neighbour discovery (so it is up, and its round trip is known
 * or bounded), {@link Waits#SILENCE_ATTEMPTS}
 * connections to the port went out, and none was answered by {@link Waits#silence} after the
 * first. It keeps the times only and decides; the {@link Connector} opens the sockets it asks for.
 * Its clock is injected, so tests drive it without a network.
 */
final class SilenceWatch {

    /** A host's fastest proof of life in this round: its round trip, and the port that answered ({@link Silence#NEIGHBOUR} for ARP). */
    private record Answer(long rttNanos, int port) {
    }

    private final Set<Endpoint> watched;
    private final Deadline.Ticker ticker;
    private final Map<Endpoint, Long> started = new HashMap<>();
    private final Map<Endpoint, List<Long>> extras = new HashMap<>();
    private final Map<InetAddress, Answer> fastest = new HashMap<>();

    /** A watch over {@code watched} (the round's main attempts to remote hosts) on {@code ticker}. */
    SilenceWatch(Set<Endpoint> watched, Deadline.Ticker ticker) {
        this.watched = Set.copyOf(watched);
        this.ticker = ticker;
    }

    /** The first SYN to {@code endpoint} went out now. */
    void started(Endpoint endpoint) {
        started.putIfAbsent(endpoint, ticker.nanoTime());
    }

    /**
     * {@code endpoint} was answered now: an accept or a reset from another port is a sample of
     * the host's round trip. Whether it was the host's first answer (then a second sample, on a
     * path now warm, is worth taking: see {@link #sample}).
     */
    boolean answered(Endpoint endpoint, ConnectOutcome outcome) {
        Long start = started.get(endpoint);
        if (start == null || watched.contains(endpoint) || !outcome.provesHostUp()) {
            return false;
        }
        boolean first = !fastest.containsKey(endpoint.address());
        sample(endpoint, ticker.nanoTime() - start);
        return first;
    }

    /** One more measure of the round trip to {@code endpoint}'s host, from an answer on that port; the fastest counts. */
    void sample(Endpoint endpoint, long rttNanos) {
        fastest.merge(endpoint.address(), new Answer(Math.max(0, rttNanos), endpoint.port()),
                (a, b) -> a.rttNanos() <= b.rttNanos() ? a : b);
    }

    /**
     * {@code address} answered neighbour discovery during this round, {@code sinceFirstSyn} after
     * the first connection to it went out: it is up, and the time bounds its round trip from
     * above (the kernel asked for its link address before sending that SYN). An answer from a
     * port, when one comes, is faster and replaces it.
     */
    void neighbourAnswered(InetAddress address, long sinceFirstSynNanos) {
        fastest.merge(address, new Answer(Math.max(0, sinceFirstSynNanos), Silence.NEIGHBOUR),
                (a, b) -> a.rttNanos() <= b.rttNanos() ? a : b);
    }

    /** Whether {@code address} has shown it is up in this round (a port's answer or neighbour discovery). */
    boolean knownUp(InetAddress address) {
        return fastest.containsKey(address);
    }

    /** When the first connection to {@code endpoint} went out, if it did. */
    Optional<Long> startOf(Endpoint endpoint) {
        return Optional.ofNullable(started.get(endpoint));
    }

    /**
     * How many more connections to open to {@code endpoint} now: the rest of the attempts once
     * its host is known up and it is still silent, none before or after.
     */
    int extrasDue(Endpoint endpoint) {
        if (!watched.contains(endpoint) || !fastest.containsKey(endpoint.address()) || extras.containsKey(endpoint)) {
            return 0;
        }
        return Waits.SILENCE_ATTEMPTS - 1;
    }

    /** Another connection to {@code endpoint} went out now (or {@code opened} false: it could not be opened). */
    void extraStarted(Endpoint endpoint, boolean opened) {
        List<Long> list = extras.computeIfAbsent(endpoint, e -> new ArrayList<>());
        if (opened) {
            list.add(ticker.nanoTime());
        }
    }

    /** The verdict on {@code endpoint}, still unanswered: silent, if every condition holds now. */
    Optional<Silence> verdict(Endpoint endpoint) {
        Answer answer = fastest.get(endpoint.address());
        Long first = started.get(endpoint);
        List<Long> more = extras.getOrDefault(endpoint, List.of());
        if (!watched.contains(endpoint) || answer == null || first == null || 1 + more.size() < Waits.SILENCE_ATTEMPTS) {
            return Optional.empty();
        }
        long now = ticker.nanoTime();
        Duration rtt = Duration.ofNanos(answer.rttNanos());
        if (now - first < Waits.silence(rtt).toNanos()) {
            return Optional.empty();
        }
        for (long extra : more) {
            if (now - extra < Waits.answer(rtt).toNanos()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Silence(endpoint.address(), endpoint.port(), 1 + more.size(), rtt, answer.port(),
                Duration.ofNanos(now - first), Waits.SYN_RETRANSMIT));
    }

    /**
     * Nanoseconds from now until a verdict on one of {@code pending} may come, for the round's
     * select; {@link Long#MAX_VALUE} when none can (no watched port, or no host known up yet).
     */
    long nanosToNextVerdict(Iterable<Endpoint> pending) {
        long now = ticker.nanoTime();
        long next = Long.MAX_VALUE;
        for (Endpoint endpoint : pending) {
            Answer answer = fastest.get(endpoint.address());
            Long first = started.get(endpoint);
            if (!watched.contains(endpoint) || answer == null || first == null) {
                continue;
            }
            Duration rtt = Duration.ofNanos(answer.rttNanos());
            long at = first + Waits.silence(rtt).toNanos();
            for (long extra : extras.getOrDefault(endpoint, List.of())) {
                at = Math.max(at, extra + Waits.answer(rtt).toNanos());
            }
            next = Math.min(next, Math.max(0, at - now));
        }
        return next;
    }
}
