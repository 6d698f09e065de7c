package dev.conndoctor.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads what a peer sends before a deadline into a bounded buffer, until the caller's condition
 * says enough: the one read loop of the protocol probe and of {@code conndoctor listen}.
 *
 * <p>It works on an {@link InputStream} and a {@link ReadTimeout} that the caller points at
 * {@code Socket::setSoTimeout}, so this package never names a socket. Before each read the
 * timeout is set to what is left of the deadline: one deadline for the whole read, so a peer
 * sending a byte at a time gets no more time. A timed-out read is recognised as
 * {@link SocketTimeoutException}: that is only an exception class of {@code java.net}, which the
 * architecture rule allows here (it forbids Socket, ServerSocket, NetworkInterface and channels),
 * and catching it rather than the wider {@code InterruptedIOException} keeps what the two loops
 * caught before.
 *
 * <p>A read that fails once the deadline has passed ended by the deadline: the prober's
 * watchdog closes a socket whose exchange outlived it, and the close is not the peer's doing.
 */
public final class BoundedReader {

    /** Why the read stopped. */
    public enum Ending {
        /** The condition said enough. */
        ENOUGH,
        /** The buffer is full. */
        FULL,
        /** The peer closed its side. */
        END_OF_STREAM,
        /** The deadline passed. */
        DEADLINE,
        /** A read failed with something other than a timeout: see {@link Read#failure()}. */
        FAILED
    }

    /** What was read: {@code count} bytes at the start of the buffer, and why it stopped. */
    public record Read(int count, Ending ending, Optional<IOException> failure) {
    }

    /** Sets the read timeout, in milliseconds (at least 1), before each read. */
    @FunctionalInterface
    public interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    /** Whether the first {@code count} bytes of {@code buffer} are enough to stop reading. */
    @FunctionalInterface
    public interface Enough {
        boolean test(byte[] buffer, int count);
    }

    /** Stops at the first bytes, whatever they are. */
    public static final Enough FIRST_BYTES = (buffer, count) -> true;

    private BoundedReader() {
    }

    /**
     * Reads into {@code buffer} until {@code enough}, the buffer is full, the stream ends, the
     * deadline ({@link System#nanoTime()} based) passes or a read fails. Exceptions of
     * {@code timeout} propagate.
     */
    public static Read read(InputStream in, ReadTimeout timeout, byte[] buffer, long deadlineNanos, Enough enough)
            throws IOException {
        return read(in, timeout, buffer, () -> deadlineNanos - System.nanoTime(), enough);
    }

    /**
     * The same, with the deadline as what is left of it in nanoseconds (zero or less once it has
     * passed), for callers that keep time on a clock of their own.
     */
    public static Read read(InputStream in, ReadTimeout timeout, byte[] buffer, LongSupplier remainingNanos,
                            Enough enough) throws IOException {
        int count = 0;
        while (count < buffer.length) {
            long remaining = remainingNanos.getAsLong() / 1_000_000;
            if (remaining <= 0) {
                return new Read(count, Ending.DEADLINE, Optional.empty());
            }
            timeout.set((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining)));
            int n;
            try {
                n = in.read(buffer, count, buffer.length - count);
            } catch (SocketTimeoutException e) {
                return new Read(count, Ending.DEADLINE, Optional.empty());
            } catch (IOException e) {
                if (remainingNanos.getAsLong() <= 0) {
                    return new Read(count, Ending.DEADLINE, Optional.empty()); // closed by a watchdog, not by the peer
                }
                return new Read(count, Ending.FAILED, Optional.of(e));
            }
            if (n < 0) {
                return new Read(count, Ending.END_OF_STREAM, Optional.empty());
            }
            count += n;
            if (enough.test(buffer, count)) {
                return new Read(count, Ending.ENOUGH, Optional.empty());
            }
        }
        return new Read(count, Ending.FULL, Optional.empty());
    }
}
