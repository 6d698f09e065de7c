package dev.conndoctor.probe;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket when its exchange's deadline has passed, so that no read, handshake or write
 * on it outlives the deadline: the one bound a peer cannot stretch. A per-read timeout restarts
 * with every byte a peer drips, and a TLS socket reads a whole record (up to 16 KB) inside one
 * read, so the read timeouts alone hold a dripping peer for hours.
 *
 * <p>It fires {@link #GRACE} after the deadline: reads that heed their own timeout end at the
 * deadline with a timeout, as before, and only those that cannot end by the close. Whoever
 * sees an exchange fail after its deadline names the deadline, not the close.
 *
 * <pre>{@code
 * try (Socket socket = new Socket(); Watchdog.Guard guard = watchdog.guard(socket, deadline)) {
 *     ... // every blocking call on socket ends by the deadline, plus the grace
 * }
 * }</pre>
 */
final class Watchdog {

    /** How long after the deadline the watchdog closes: the reads' own timeouts go first. */
    static final Duration GRACE = Duration.ofMillis(100);

    private final ProbeExecutor executor;

    Watchdog(ProbeExecutor executor) {
        this.executor = executor;
    }

    /** Closes {@code resource} {@link #GRACE} after {@code deadline} unless the guard is closed first. */
    Guard guard(Closeable resource, Deadline deadline) {
        Guard guard = new Guard(resource);
        guard.timer = executor.schedule(guard::fire, deadline.remaining().plus(GRACE));
        return guard;
    }

    /** The watch over one socket: closing it calls the watchdog off (and never closes the socket). */
    static final class Guard implements AutoCloseable {
        private final Closeable resource;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private Guard(Closeable resource) {
            this.resource = resource;
        }

        /** Whether the watchdog closed the socket: the exchange ran into its deadline. */
        boolean fired() {
            return fired.get();
        }

        private void fire() {
            fired.set(true);
            try {
                resource.close(); // unblocks a read, a handshake or a write in another thread
            } catch (IOException e) {
                // closing is all that was asked; a socket that fails to close is closed enough to unblock
            }
        }

        @Override
        public void close() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
