package dev.conndoctor.probe;

import dev.conndoctor.net.Endpoint;
import dev.conndoctor.probe.classify.ConnectFailureClassifier;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Silence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Connects to many endpoints at once with non-blocking sockets on one selector, so that a
 * round of any size takes at most one timeout. Every connection is closed as soon as its
 * outcome is known; nothing is sent. A round may also judge some ports silent before the timeout,
 * from the round trip their host showed on other ports ({@link #round}).
 */
public final class Connector {

    /** Keeps a round within the file descriptors any process has (the soft limit is often 1024). */
    public static final int MAX_ENDPOINTS = 512;

    /** The first look at the neighbour table after a round starts; on-link answers take microseconds to a millisecond. */
    private static final long NEIGHBOUR_POLL_MIN_NANOS = 5_000_000;
    /** The longest gap between two looks: the table is only read while a watched host has shown nothing. */
    private static final long NEIGHBOUR_POLL_MAX_NANOS = 50_000_000;

    private final SelectorProvider provider;
    private final Deadline.Ticker ticker;
    private final Neighbours neighbours;

    /** A connector on the JDK's sockets. */
    public Connector() {
        this(SelectorProvider.provider());
    }

    /** A connector whose selector and channels come from {@code provider} (a failing one in tests). */
    public Connector(SelectorProvider provider) {
        this(provider, Deadline.Ticker.SYSTEM);
    }

    /** A connector on {@code provider}, timing on {@code ticker}, reading this namespace's neighbour table. */
    public Connector(SelectorProvider provider, Deadline.Ticker ticker) {
        this(provider, ticker, Neighbours.SYSTEM);
    }

    /** A connector on {@code provider}, timing on {@code ticker}, learning from {@code neighbours} which on-link hosts are up. */
    public Connector(SelectorProvider provider, Deadline.Ticker ticker, Neighbours neighbours) {
        this.provider = provider;
        this.ticker = ticker;
        this.neighbours = neighbours;
    }

    /**
     * Connects to every endpoint and returns the outcome of each, in the order given.
     *
     * @param enough asked after every outcome; when it answers true the round ends and the
     *               endpoints still pending are left out of the result (not counted as timeouts)
     * @param onEach told of every outcome as it arrives (progress output)
     */
    public Map<Endpoint, ConnectAttempt> connectAll(List<Endpoint> endpoints, Duration timeout,
                                                    Predicate<Map<Endpoint, ConnectAttempt>> enough,
                                                    Consumer<ConnectAttempt> onEach) {
        return round(endpoints, List.of(), Set.of(), timeout, (done, silences) -> enough.test(done), onEach).attempts();
    }

    /** The outcome of a round: every endpoint's attempt, and how the silent ones judged early were judged. */
    public record Round(Map<Endpoint, ConnectAttempt> attempts, Map<Endpoint, Silence> silences) {
    }

    /**
     * The same, judging the silence of each endpoint of {@code watched} early: once another port
     * of its host has answered, or the host has answered neighbour discovery during the round
     * (an IPv4 neighbour entry that was not complete when the round began: {@link Neighbours}),
     * more connections go to it, and when all stay unanswered past
     * {@link Waits#silence} it is recorded as a timeout there and then ({@link SilenceWatch}),
     * instead of at the end of {@code timeout}, which stays the bound.
     *
     * @param deferred endpoints dialled only to learn their host's round trip, and only once a
     *                 watched endpoint of that host has gone unanswered for {@link Waits#answer}
     *                 of no round trip at all (a local port answers in microseconds); their
     *                 outcomes are in the result
     * @param enough asked with the outcomes and the early silences so far; true ends the round
     */
    public Round round(List<Endpoint> endpoints, List<Endpoint> deferred, Set<Endpoint> watched, Duration timeout,
                       BiPredicate<Map<Endpoint, ConnectAttempt>, Map<Endpoint, Silence>> enough,
                       Consumer<ConnectAttempt> onEach) {
        if (endpoints.size() > MAX_ENDPOINTS) {
            throw new IllegalArgumentException(endpoints.size() + " endpoints in one round; at most " + MAX_ENDPOINTS);
        }
        Map<Endpoint, ConnectAttempt> done = new LinkedHashMap<>();
        Map<Endpoint, Silence> silences = new LinkedHashMap<>();
        SilenceWatch watch = new SilenceWatch(watched, ticker);
        long start = ticker.nanoTime();
        long deadline = start + timeout.toNanos();
        List<SocketChannel> open = new ArrayList<>();
        // every endpoint still waiting for an answer, with its connections (the first, then the extra ones)
        Map<Endpoint, List<SelectionKey>> inFlight = new LinkedHashMap<>();
        List<Endpoint> waiting = new ArrayList<>(deferred);
        long deferFor = Waits.answer(Duration.ZERO).toNanos();
        // on-link hosts whose answer to neighbour discovery would prove them up: only an entry
        // completed during this round counts (one already there may be stale, its host gone since)
        Set<InetAddress> unresolved = new HashSet<>();
        for (Endpoint endpoint : watched) {
            if (endpoint.address() instanceof Inet4Address a && !a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
                unresolved.add(a);
            }
        }
        if (!unresolved.isEmpty()) {
            unresolved.removeAll(neighbours.answered());
        }
        long nextNeighbourLook = start + NEIGHBOUR_POLL_MIN_NANOS;
        Selector selector;
        try {
            selector = provider.openSelector();
        } catch (IOException e) {
            // without a selector nothing can be tried; every endpoint says why instead of the round failing
            for (Endpoint endpoint : endpoints) {
                record(done, onEach, endpoint, ConnectFailureClassifier.classify(e), start, describe(e, "a selector"));
            }
            return new Round(done, silences);
        }
        try (selector) {
            for (Endpoint endpoint : endpoints) {
                watch.started(endpoint);
                Optional<ConnectOutcome> at = open(selector, open, inFlight, endpoint, done, onEach, start);
                at.ifPresent(outcome -> watch.answered(endpoint, outcome));
            }
            while (!inFlight.isEmpty() && !enough.test(done, silences)) {
                long wakeFor = Long.MAX_VALUE;
                // answers already in the selector: a process woken late (a starved CPU) reads them before
                // judging any port silent or the round over, so a reset that came in time is never a timeout
                boolean answersWaiting = false;
                unresolved.removeIf(address -> watch.knownUp(address)
                        || inFlight.keySet().stream().noneMatch(e -> e.address().equals(address)));
                if (!unresolved.isEmpty()) {
                    long now = ticker.nanoTime();
                    if (now >= nextNeighbourLook) {
                        lookAtNeighbours(watch, inFlight.keySet(), unresolved, now);
                        nextNeighbourLook = now + Math.min(NEIGHBOUR_POLL_MAX_NANOS,
                                Math.max(NEIGHBOUR_POLL_MIN_NANOS, (now - start) / 4));
                    }
                    if (!unresolved.isEmpty()) {
                        wakeFor = Math.max(0, nextNeighbourLook - now);
                    }
                }
                for (Endpoint endpoint : List.copyOf(inFlight.keySet())) {
                    if (watched.contains(endpoint) && waiting.stream().anyMatch(d -> d.address().equals(endpoint.address()))) {
                        long late = ticker.nanoTime() - start - deferFor;
                        if (late < 0) {
                            wakeFor = Math.min(wakeFor, -late);
                        } else {
                            for (Endpoint d : List.copyOf(waiting)) {
                                if (d.address().equals(endpoint.address())) {
                                    waiting.remove(d);
                                    watch.started(d);
                                    open(selector, open, inFlight, d, done, a -> { }, start)
                                            .ifPresent(outcome -> watch.answered(d, outcome));
                                }
                            }
                        }
                    }
                    for (int i = watch.extrasDue(endpoint); i > 0; i--) {
                        watch.extraStarted(endpoint, openExtra(selector, open, inFlight, endpoint));
                    }
                    Optional<Silence> silence = watch.verdict(endpoint);
                    if (silence.isPresent() && !answersWaiting) {
                        answersWaiting = selector.selectNow() > 0;
                    }
                    if (silence.isPresent() && !answersWaiting) {
                        Silence s = silence.get();
                        silences.put(endpoint, s);
                        record(done, onEach, endpoint, ConnectOutcome.TIMEOUT, start, String.format(Locale.ROOT,
                                "no answer to %d connections within %d ms; the host answered %s in %.2f ms",
                                s.attempts(), s.waited().toMillis(),
                                s.byNeighbour() ? "neighbour discovery (ARP)" : "on port " + s.rttPort(), s.rttMillis()));
                        settle(inFlight, endpoint);
                    }
                }
                if (inFlight.isEmpty() || enough.test(done, silences)) {
                    break;
                }
                long remaining = Math.min(Math.min(deadline - ticker.nanoTime(), wakeFor),
                        watch.nanosToNextVerdict(inFlight.keySet()));
                if (answersWaiting) {
                    // read below what selectNow() found; the next turn judges again
                } else if (deadline - ticker.nanoTime() <= 0) {
                    if (selector.selectNow() == 0) {
                        break;
                    }
                } else {
                    selector.select(Math.max(1, (remaining + 999_999) / 1_000_000));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    if (key.attachment() instanceof RttDial dial) {
                        rttAnswer(watch, key, channel, dial);
                        continue;
                    }
                    Endpoint endpoint = (Endpoint) key.attachment();
                    boolean first = inFlight.containsKey(endpoint) && inFlight.get(endpoint).get(0) == key;
                    try {
                        if (!channel.finishConnect()) {
                            continue; // a spurious wake-up: still connecting
                        }
                        answer(done, onEach, inFlight, endpoint, ConnectOutcome.CONNECTED, start,
                                first ? "connected" : "connected on a later connection; the first went unanswered");
                        resample(selector, open, watch, inFlight, endpoint, ConnectOutcome.CONNECTED);
                    } catch (IOException e) {
                        ConnectOutcome outcome = ConnectFailureClassifier.classify(e);
                        // a reset right after the handshake completed is a connection made, and named so
                        String detail = outcome == ConnectOutcome.CONNECTED
                                ? "connected, then reset at once (" + describe(e) + ")" : describe(e);
                        answer(done, onEach, inFlight, endpoint, outcome, start,
                                first ? detail : detail + " (on a later connection; the first went unanswered)");
                        resample(selector, open, watch, inFlight, endpoint, outcome);
                    }
                    key.cancel();
                    channel.close();
                }
                selector.selectedKeys().clear();
            }
            if (!enough.test(done, silences)) {
                for (Endpoint endpoint : inFlight.keySet()) {
                    record(done, onEach, endpoint, ConnectOutcome.TIMEOUT, start,
                            "no answer within " + timeout.toMillis() + " ms");
                }
            }
        } catch (IOException e) {
            // select() or close() on the selector itself failed: the round cannot go on
            throw new UncheckedIOException("the connect round's selector failed", e);
        } finally {
            for (SocketChannel channel : open) {
                closeQuietly(channel);
            }
        }
        Map<Endpoint, ConnectAttempt> ordered = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            if (done.containsKey(endpoint)) {
                ordered.put(endpoint, done.get(endpoint));
            }
        }
        return new Round(ordered, silences);
    }

    /** Reads the neighbour table once, and tells the watch of every unresolved host that has answered since the round began. */
    private void lookAtNeighbours(SilenceWatch watch, Set<Endpoint> pending, Set<InetAddress> unresolved, long now) {
        Set<InetAddress> answered = neighbours.answered();
        for (Endpoint endpoint : pending) {
            InetAddress address = endpoint.address();
            if (unresolved.contains(address) && answered.contains(address)) {
                watch.startOf(endpoint).ifPresent(first -> watch.neighbourAnswered(address, now - first));
            }
        }
        unresolved.removeIf(watch::knownUp);
    }

    /**
     * Opens the first connection to {@code endpoint}: in flight, or its outcome recorded when
     * connect() itself decided (returned at once, or raised EADDRNOTAVAIL, ENETUNREACH, EPERM...).
     */
    private Optional<ConnectOutcome> open(Selector selector, List<SocketChannel> open,
                                          Map<Endpoint, List<SelectionKey>> inFlight, Endpoint endpoint,
                                          Map<Endpoint, ConnectAttempt> done, Consumer<ConnectAttempt> onEach,
                                          long start) throws IOException {
        SocketChannel channel;
        try {
            channel = provider.openSocketChannel();
        } catch (IOException e) {
            // out of descriptors mid-round: this endpoint is not tried, the ones already in flight still count
            ConnectOutcome outcome = ConnectFailureClassifier.classify(e);
            record(done, onEach, endpoint, outcome, start, describe(e, "a socket"));
            return Optional.of(outcome);
        }
        open.add(channel);
        try {
            channel.configureBlocking(false);
            if (channel.connect(new InetSocketAddress(endpoint.address(), endpoint.port()))) {
                record(done, onEach, endpoint, ConnectOutcome.CONNECTED, start, "connected");
                channel.close();
                return Optional.of(ConnectOutcome.CONNECTED);
            }
            inFlight.computeIfAbsent(endpoint, e -> new ArrayList<>())
                    .add(channel.register(selector, SelectionKey.OP_CONNECT, endpoint));
            return Optional.empty();
        } catch (IOException e) {
            // EADDRNOTAVAIL, ENETUNREACH and EPERM are raised by connect() itself
            ConnectOutcome outcome = ConnectFailureClassifier.classify(e);
            record(done, onEach, endpoint, outcome, start, describe(e));
            channel.close();
            return Optional.of(outcome);
        }
    }

    /**
     * One more connection to a silent endpoint, from a source port of its own; whether it went
     * out. One that cannot be opened or is answered at once only leaves the silence unjudged
     * (the round then waits for the timeout or for an answer).
     */
    private boolean openExtra(Selector selector, List<SocketChannel> open, Map<Endpoint, List<SelectionKey>> inFlight,
                              Endpoint endpoint) {
        try {
            SocketChannel channel = provider.openSocketChannel();
            open.add(channel);
            channel.configureBlocking(false);
            if (channel.connect(new InetSocketAddress(endpoint.address(), endpoint.port()))) {
                channel.close(); // answered at once: the next select sees nothing of it, the first connection still counts
                return false;
            }
            inFlight.get(endpoint).add(channel.register(selector, SelectionKey.OP_CONNECT, endpoint));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connection that only measures its host's round trip again, once the first answer has warmed the path. */
    private record RttDial(Endpoint endpoint, long startNanos) {
    }

    /**
     * Tells the watch of an answer, and after a host's first one dials the same port once more:
     * the first answer's time includes resolving the neighbour's link address (ARP, NDP) and is
     * not the round trip that the silence of a port should be measured against.
     */
    private void resample(Selector selector, List<SocketChannel> open, SilenceWatch watch,
                          Map<Endpoint, List<SelectionKey>> inFlight, Endpoint endpoint, ConnectOutcome outcome) {
        if (!watch.answered(endpoint, outcome)
                || inFlight.keySet().stream().noneMatch(e -> e.address().equals(endpoint.address()))) {
            return;
        }
        try {
            SocketChannel channel = provider.openSocketChannel();
            open.add(channel);
            channel.configureBlocking(false);
            long at = ticker.nanoTime();
            if (channel.connect(new InetSocketAddress(endpoint.address(), endpoint.port()))) {
                watch.sample(endpoint, ticker.nanoTime() - at);
                channel.close();
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, new RttDial(endpoint, at));
            }
        } catch (IOException e) {
            // no second measurement: the first answer's time stands
        }
    }

    /** The answer to a round-trip dial: a sample of its host's round trip if the host answered. */
    private void rttAnswer(SilenceWatch watch, SelectionKey key, SocketChannel channel, RttDial dial) {
        try {
            if (!channel.finishConnect()) {
                return; // still connecting
            }
            watch.sample(dial.endpoint(), ticker.nanoTime() - dial.startNanos());
        } catch (IOException e) {
            if (ConnectFailureClassifier.classify(e).provesHostUp()) {
                watch.sample(dial.endpoint(), ticker.nanoTime() - dial.startNanos());
            }
        }
        key.cancel();
        closeQuietly(channel);
    }

    /** The first answer to any of an endpoint's connections is the endpoint's; the others are closed. */
    private void answer(Map<Endpoint, ConnectAttempt> done, Consumer<ConnectAttempt> onEach,
                        Map<Endpoint, List<SelectionKey>> inFlight, Endpoint endpoint, ConnectOutcome outcome,
                        long start, String detail) {
        if (!inFlight.containsKey(endpoint)) {
            return; // a later connection answering after the endpoint was settled
        }
        record(done, onEach, endpoint, outcome, start, detail);
        settle(inFlight, endpoint);
    }

    /** Closes every connection still open to {@code endpoint} and forgets it. */
    private static void settle(Map<Endpoint, List<SelectionKey>> inFlight, Endpoint endpoint) {
        for (SelectionKey key : inFlight.remove(endpoint)) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException e) {
                // a socket that never connected: nothing to release
            }
        }
    }

    private void record(Map<Endpoint, ConnectAttempt> done, Consumer<ConnectAttempt> onEach, Endpoint endpoint,
                        ConnectOutcome outcome, long start, String detail) {
        long elapsedMs = (ticker.nanoTime() - start) / 1_000_000;
        ConnectAttempt attempt = new ConnectAttempt(endpoint.address(), endpoint.port(), outcome, elapsedMs, detail);
        done.put(endpoint, attempt);
        onEach.accept(attempt);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Why {@code what} could not be opened, saying so plainly when the descriptors ran out. */
    private static String describe(IOException e, String what) {
        return ConnectFailureClassifier.classify(e) == ConnectOutcome.DESCRIPTORS_EXHAUSTED
                ? describe(e) + ": out of file descriptors opening " + what + " (the process's limit, ulimit -n, or the system's)"
                : "cannot open " + what + ": " + describe(e);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket that failed to connect: nothing left to release
        }
    }
}
