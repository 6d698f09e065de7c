package dev.conndoctor.evidence;

/**
 * How a port answered connections that sent nothing at all: a server waits for its client to
 * speak, so a close with zero bytes on every such connection, within a few milliseconds, is the
 * signature of a forwarder (docker-proxy, a TCP load balancer, {@code kubectl port-forward},
 * {@code ssh -L}) that accepts and then fails to reach its backend.
 *
 * @param tries connections opened that sent nothing
 * @param closedAtOnce how many of them were closed (FIN or reset) with zero bytes within the wait
 * @param slowestMs the longest time from connect to that close among those closed
 * @param waitedMs how long each connection was given to close
 */
public record ClosedOnAccept(int tries, int closedAtOnce, long slowestMs, long waitedMs) {

    /** Tries needed before "every time" means more than a server's one bad moment. */
    public static final int TRIES = 3;

    /** Whether every try, and enough of them, was closed at once without a byte. */
    public boolean everyTime() {
        return tries >= TRIES && closedAtOnce == tries;
    }
}
