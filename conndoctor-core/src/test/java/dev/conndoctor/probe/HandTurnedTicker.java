package dev.conndoctor.probe;

import java.time.Duration;

/** A monotonic clock for tests that moves only when told to: deadlines and silences without sleeping. */
final class HandTurnedTicker implements Deadline.Ticker {
    private long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }
}
