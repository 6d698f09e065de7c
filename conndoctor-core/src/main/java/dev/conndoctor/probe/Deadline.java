package dev.conndoctor.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * One absolute point in time by which an exchange with a peer must be over: every connect,
 * read, handshake and wait of the exchange gets what is left of it, so a peer that answers a
 * byte at a time gets no more time in all than one that stays silent.
 *
 * <p>It counts on a monotonic {@link Ticker} ({@link System#nanoTime()} unless a test injects
 * one), never on the wall clock, so a clock step neither stretches nor cuts an exchange. A
 * value: immutable, safe to share between the threads of one exchange.
 */
public final class Deadline {

    /** A monotonic source of nanoseconds, like {@link System#nanoTime()}; only differences mean anything. */
    @FunctionalInterface
    public interface Ticker {
        /** The JVM's monotonic clock. */
        Ticker SYSTEM = System::nanoTime;

        long nanoTime();
    }

    private final Ticker ticker;
    private final long atNanos;

    private Deadline(Ticker ticker, long atNanos) {
        this.ticker = ticker;
        this.atNanos = atNanos;
    }

    /** The deadline {@code timeout} from now on the JVM's monotonic clock. */
    public static Deadline after(Duration timeout) {
        return after(timeout, Ticker.SYSTEM);
    }

    /** The deadline {@code timeout} from now on {@code ticker}. */
    public static Deadline after(Duration timeout, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a negative timeout: " + timeout);
        }
        return new Deadline(ticker, ticker.nanoTime() + saturatedNanos(timeout));
    }

    /**
     * The earlier of this deadline and {@code bound} from now: a step that must be short (a wait
     * for a banner, a follow-up) and may never outlive the exchange it belongs to.
     */
    public Deadline atMost(Duration bound) {
        Deadline other = after(bound, ticker);
        return other.atNanos - atNanos < 0 ? other : this;
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** What is left in nanoseconds, never negative. */
    public long remainingNanos() {
        return Math.max(0, atNanos - ticker.nanoTime());
    }

    /**
     * What is left as a socket timeout in milliseconds: at least 1, since 0 means "forever" to
     * {@code connect} and {@code setSoTimeout}, and a deadline that has passed must not become that.
     */
    public int timeoutMillis() {
        long millis = (remainingNanos() + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /** Whether the deadline has come. */
    public boolean passed() {
        return atNanos - ticker.nanoTime() <= 0;
    }

    @Override
    public String toString() {
        return passed() ? "deadline passed" : "deadline in " + remaining().toMillis() + " ms";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2; // centuries: far enough, and no overflow when added to a tick
        }
    }
}
