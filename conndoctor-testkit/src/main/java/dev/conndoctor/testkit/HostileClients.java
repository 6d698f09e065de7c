package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that try to hold a server's connections: tricklers that send a request a byte at a
 * time and reconnect as soon as they are cut, a dripped handshake, a client that writes and never
 * reads. For the servers conndoctor runs ({@code conndoctor listen}); loopback only, each client
 * bound to the 127.0.0.0/8 or ::1 address it is given, so that per-address limits can be tested
 * from one machine.
 */
public final class HostileClients implements AutoCloseable {

    /** A trickler whose connection was closed within this time of opening was turned away: it waits before trying again. */
    private static final Duration TURNED_AWAY = Duration.ofMillis(50);

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger turnedAway = new AtomicInteger();

    private HostileClients() {
    }

    /**
     * {@code count} clients from {@code from} to {@code target}, each sending {@code request} one
     * byte every {@code pause} and connecting again as soon as the server cuts it, until closed.
     * Their starts are spread over {@code spread}, so that they are not all cut at the same moment.
     */
    public static HostileClients tricklers(int count, InetAddress from, InetSocketAddress target, byte[] request,
                                           Duration pause, Duration spread) {
        assertLoopback(from, target);
        HostileClients clients = new HostileClients();
        for (int i = 0; i < count; i++) {
            long startAfterMs = count <= 1 ? 0 : spread.toMillis() * i / (count - 1);
            Thread t = new Thread(() -> clients.trickleAgainAndAgain(from, target, request, pause, startAfterMs),
                    "hostile-trickler-" + i);
            t.setDaemon(true);
            clients.threads.add(t);
        }
        clients.threads.forEach(Thread::start);
        return clients;
    }

    /** Connections the tricklers opened so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections closed by the server at once (turned away). */
    public int turnedAway() {
        return turnedAway.get();
    }

    private void trickleAgainAndAgain(InetAddress from, InetSocketAddress target, byte[] request, Duration pause,
                                      long startAfterMs) {
        sleep(startAfterMs);
        while (!stopped.get()) {
            long opened = System.nanoTime();
            try (Socket socket = new Socket()) {
                open.add(socket);
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(target, 2000);
                connections.incrementAndGet();
                dripUntilClosed(socket, new byte[0], request, pause, Duration.ofMinutes(10), stopped);
            } catch (IOException e) {
                // refused or reset: try again
            }
            open.removeIf(Socket::isClosed);
            if (System.nanoTime() - opened < TURNED_AWAY.toNanos()) {
                turnedAway.incrementAndGet();
                sleep(TURNED_AWAY.toMillis());
            }
        }
    }

    /**
     * Writes {@code prefix} at once, then {@code rest} one byte every {@code pause}, watching for
     * the server to close: the milliseconds until it did, or empty when it had not within
     * {@code giveUp} (or the whole text was sent and it still had not).
     */
    public static OptionalLong dripUntilClosed(Socket socket, byte[] prefix, byte[] rest, Duration pause,
                                               Duration giveUp) throws IOException {
        return dripUntilClosed(socket, prefix, rest, pause, giveUp, new AtomicBoolean());
    }

    private static OptionalLong dripUntilClosed(Socket socket, byte[] prefix, byte[] rest, Duration pause,
                                                Duration giveUp, AtomicBoolean stop) throws IOException {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        try {
            out.write(prefix);
            out.flush();
        } catch (IOException e) {
            return OptionalLong.of(millisSince(start));
        }
        for (int i = 0; i <= rest.length && !stop.get(); i++) {
            if (i > 0) {
                try {
                    out.write(rest[i - 1]);
                    out.flush();
                } catch (IOException e) {
                    return OptionalLong.of(millisSince(start)); // the server closed, and the write found out first
                }
            }
            if (closedWithin(socket, pause)) {
                return OptionalLong.of(millisSince(start));
            }
            if (millisSince(start) > giveUp.toMillis()) {
                break;
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Writes {@code chunk} again and again and never reads, as a client that does not read its
     * answers: the milliseconds until a write failed because the server closed, or empty when
     * none had within {@code giveUp} (the socket is then closed, which ends a write stuck in the kernel).
     */
    public static OptionalLong writeWithoutReading(Socket socket, byte[] chunk, Duration giveUp)
            throws InterruptedException {
        long start = System.nanoTime();
        AtomicBoolean failed = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                while (true) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                failed.set(true);
            }
        }, "hostile-writer");
        writer.setDaemon(true);
        writer.start();
        writer.join(giveUp.toMillis());
        if (failed.get()) {
            return OptionalLong.of(millisSince(start));
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing to end the stuck write
        }
        writer.join(5000);
        return OptionalLong.empty();
    }

    /** Whether the server closes within {@code limit} (EOF or reset), reading and discarding what it sends. */
    public static boolean closedWithin(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (in.read(buffer) >= 0) {
                if (System.nanoTime() > deadline) {
                    return false; // it answers, and keeps the connection: not closed
                }
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    private static void assertLoopback(InetAddress from, InetSocketAddress target) {
        if (!from.isLoopbackAddress() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("hostile clients run on loopback only: " + from + " -> " + target);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
