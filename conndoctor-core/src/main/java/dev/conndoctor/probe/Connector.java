package dev.conndoctor.probe;

import dev.conndoctor.net.Endpoint;
import dev.conndoctor.probe.classify.ConnectFailureClassifier;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Connects to many endpoints at once with non-blocking sockets on one selector, so that a
 * round of any size takes at most one timeout. Every connection is closed as soon as its
 * outcome is known; nothing is sent.
 */
public final class Connector {

    /** Keeps a round within the file descriptors any process has (the soft limit is often 1024). */
    public static final int MAX_ENDPOINTS = 512;

    private final SelectorProvider provider;

    /** A connector on the JDK's sockets. */
    public Connector() {
        this(SelectorProvider.provider());
    }

    /** A connector whose selector and channels come from {@code provider} (a failing one in tests). */
    public Connector(SelectorProvider provider) {
        this.provider = provider;
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
        if (endpoints.size() > MAX_ENDPOINTS) {
            throw new IllegalArgumentException(endpoints.size() + " endpoints in one round; at most " + MAX_ENDPOINTS);
        }
        Map<Endpoint, ConnectAttempt> done = new LinkedHashMap<>();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<SocketChannel> open = new ArrayList<>();
        int pending = 0;
        Selector selector;
        try {
            selector = provider.openSelector();
        } catch (IOException e) {
            // without a selector nothing can be tried; every endpoint says why instead of the round failing
            for (Endpoint endpoint : endpoints) {
                record(done, onEach, endpoint, ConnectFailureClassifier.classify(e), start, describe(e, "a selector"));
            }
            return done;
        }
        try (selector) {
            for (Endpoint endpoint : endpoints) {
                SocketChannel channel;
                try {
                    channel = provider.openSocketChannel();
                } catch (IOException e) {
                    // out of descriptors mid-round: this endpoint is not tried, the ones already in flight still count
                    record(done, onEach, endpoint, ConnectFailureClassifier.classify(e), start, describe(e, "a socket"));
                    continue;
                }
                open.add(channel);
                try {
                    channel.configureBlocking(false);
                    if (channel.connect(new InetSocketAddress(endpoint.address(), endpoint.port()))) {
                        record(done, onEach, endpoint, ConnectOutcome.CONNECTED, start, "connected");
                        channel.close();
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT, endpoint);
                        pending++;
                    }
                } catch (IOException e) {
                    // EADDRNOTAVAIL, ENETUNREACH and EPERM are raised by connect() itself
                    record(done, onEach, endpoint, ConnectFailureClassifier.classify(e), start, describe(e));
                    channel.close();
                }
            }
            // cancelled keys linger in keys() until the next select, so count what is pending
            while (pending > 0 && !enough.test(done)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                selector.select(Math.max(1, remaining / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    Endpoint endpoint = (Endpoint) key.attachment();
                    try {
                        if (!channel.finishConnect()) {
                            continue; // a spurious wake-up: still connecting
                        }
                        record(done, onEach, endpoint, ConnectOutcome.CONNECTED, start, "connected");
                    } catch (IOException e) {
                        ConnectOutcome outcome = ConnectFailureClassifier.classify(e);
                        // a reset right after the handshake completed is a connection made, and named so
                        record(done, onEach, endpoint, outcome, start, outcome == ConnectOutcome.CONNECTED
                                ? "connected, then reset at once (" + describe(e) + ")" : describe(e));
                    }
                    key.cancel();
                    channel.close();
                    pending--;
                }
                selector.selectedKeys().clear();
            }
            if (!enough.test(done)) {
                for (SelectionKey key : selector.keys()) {
                    if (key.isValid()) {
                        record(done, onEach, (Endpoint) key.attachment(), ConnectOutcome.TIMEOUT, start,
                                "no answer within " + timeout.toMillis() + " ms");
                    }
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
        return ordered;
    }

    private static void record(Map<Endpoint, ConnectAttempt> done, Consumer<ConnectAttempt> onEach, Endpoint endpoint,
                               ConnectOutcome outcome, long start, String detail) {
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
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
