package dev.conndoctor.listen;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The listener's connections and the limits that keep strangers from holding them: how many at
 * once, how many per client address, until when each may live, how long a write may stall. It
 * does no I/O itself: each connection comes with the action that ends it (closing its socket),
 * and times are {@link System#nanoTime()} values handed in, so the policy is tested without sockets.
 *
 * <p>When every slot is taken, a newcomer takes the place of the oldest connection still in its
 * handshake (TLS or request head not complete) for longer than a correct client needs: a correct
 * client finishes in a few round trips, so one that has been handshaking that long is a trickler.
 * A connection younger than that keeps its place, so tricklers that reconnect cannot take turns
 * pushing out the client that arrived just before them. Connections already being served keep
 * their slot until their lifetime ends.
 */
final class ConnectionTable {

    /** One connection: its peer's key, when it opened, and until when it may go on. */
    static final class Connection {
        private final String peer;
        private final long openedNanos;
        private final Runnable end;
        private volatile boolean handshaking = true;
        private volatile long deadlineNanos;
        /** When the write in progress began; 0: no write in progress. */
        private volatile long writingSinceNanos;
        private volatile boolean ended;
        private boolean evicted;

        Connection(String peer, long openedNanos, long deadlineNanos, Runnable end) {
            this.peer = peer;
            this.openedNanos = openedNanos;
            this.deadlineNanos = deadlineNanos;
            this.end = end;
        }

        /** Moves the end of this connection's current stage (handshake, then its lifetime). */
        void expireAt(long nanos) {
            deadlineNanos = nanos;
        }

        /** The handshake is done: from now on the connection is served, and no newcomer takes its place. */
        void served(long lifetimeDeadlineNanos) {
            handshaking = false;
            deadlineNanos = lifetimeDeadlineNanos;
        }

        void writing(long nowNanos) {
            writingSinceNanos = nowNanos == 0 ? 1 : nowNanos;
        }

        void wrote() {
            writingSinceNanos = 0;
        }

        /** Whether the table ended this connection: its deadline passed, a write stalled, or a newcomer took its place. */
        boolean ended() {
            return ended;
        }

        synchronized boolean evicted() {
            return evicted;
        }

        long openedNanos() {
            return openedNanos;
        }

        private void end() {
            ended = true;
            end.run();
        }
    }

    private final int maxConnections;
    private final int maxPerPeer;
    private final long writeTimeoutNanos;
    private final long evictableAfterNanos;
    private final Set<Connection> open = new LinkedHashSet<>();
    private final Map<String, Integer> perPeer = new HashMap<>();

    /**
     * @param evictableAfterNanos how long a connection must have been handshaking before a
     *     newcomer may take its place
     */
    ConnectionTable(int maxConnections, int maxPerPeer, long writeTimeoutNanos, long evictableAfterNanos) {
        this.maxConnections = maxConnections;
        this.maxPerPeer = maxPerPeer;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.evictableAfterNanos = evictableAfterNanos;
    }

    /**
     * The key a client's address is counted under: the address itself for IPv4, its /64 for IPv6
     * (one host is given a whole /64, and picks a new address in it at will).
     */
    static String peerKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            StringBuilder sb = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", bytes[i] & 0xff));
            }
            return sb.append("::/64").toString();
        }
        return address.getHostAddress();
    }

    /**
     * Admits a connection from {@code peer}, or says no: its address has {@code maxPerPeer}
     * connections already, or every slot is taken by connections being served or handshaking
     * for a short while only. A newcomer that
     * takes a handshaking connection's place ends that connection here.
     */
    Optional<Connection> admit(String peer, long nowNanos, long deadlineNanos, Runnable end) {
        Connection victim = null;
        Connection admitted;
        synchronized (this) {
            if (perPeer.getOrDefault(peer, 0) >= maxPerPeer) {
                return Optional.empty();
            }
            if (open.size() >= maxConnections) {
                // insertion order: the first match is the oldest
                victim = open.stream().filter(c -> c.handshaking && nowNanos - c.openedNanos >= evictableAfterNanos)
                        .findFirst().orElse(null);
                if (victim == null) {
                    return Optional.empty();
                }
                synchronized (victim) {
                    victim.evicted = true;
                }
                remove(victim);
            }
            admitted = new Connection(peer, nowNanos, deadlineNanos, end);
            open.add(admitted);
            perPeer.merge(peer, 1, Integer::sum);
        }
        if (victim != null) {
            victim.end();
        }
        return Optional.of(admitted);
    }

    /** The connection is over: its slot is free. Once per connection; a connection already taken out is ignored. */
    synchronized void release(Connection connection) {
        if (open.contains(connection)) {
            remove(connection);
        }
    }

    /** Ends every connection past its deadline or stalled in a write; they keep their slot until released. */
    void endOverdue(long nowNanos) {
        List<Connection> overdue = new ArrayList<>();
        synchronized (this) {
            for (Connection c : open) {
                long writingSince = c.writingSinceNanos;
                boolean late = nowNanos - c.deadlineNanos >= 0;
                boolean stalled = writingSince != 0 && nowNanos - writingSince >= writeTimeoutNanos;
                if (!c.ended && (late || stalled)) {
                    overdue.add(c);
                }
            }
        }
        overdue.forEach(Connection::end);
    }

    synchronized int size() {
        return open.size();
    }

    synchronized int fromPeer(String peer) {
        return perPeer.getOrDefault(peer, 0);
    }

    private void remove(Connection connection) {
        open.remove(connection);
        perPeer.computeIfPresent(connection.peer, (k, n) -> n <= 1 ? null : n - 1);
    }
}
