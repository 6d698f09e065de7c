package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog on a recording resource: it closes what outlives its deadline, and nothing else. */
class WatchdogTest {

    private final ProbeExecutor executor = new ProbeExecutor("watchdog-test");
    private final Watchdog watchdog = new Watchdog(executor);

    @AfterEach
    void closeTheExecutor() {
        executor.close();
    }

    /** A resource that counts down when closed. */
    private static final class RecordingCloseable implements Closeable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aResourceStillInUseAtTheDeadlineIsClosed() throws InterruptedException {
        RecordingCloseable socket = new RecordingCloseable();

        Watchdog.Guard guard = watchdog.guard(socket, Deadline.after(Duration.ofMillis(50)));

        assertThat(socket.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.fired()).isTrue();
    }

    @Test
    void aGuardClosedBeforeTheDeadlineCallsTheWatchdogOff() throws InterruptedException {
        RecordingCloseable socket = new RecordingCloseable();

        try (Watchdog.Guard guard = watchdog.guard(socket, Deadline.after(Duration.ofMillis(50)))) {
            assertThat(guard.fired()).isFalse();
        }

        assertThat(socket.closed.await(500, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void aResourceThatFailsToCloseStillCountsAsCut() throws InterruptedException {
        CountDownLatch tried = new CountDownLatch(1);
        Closeable failing = () -> {
            tried.countDown();
            throw new java.io.IOException("already broken");
        };

        Watchdog.Guard guard = watchdog.guard(failing, Deadline.after(Duration.ZERO));

        assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.fired()).isTrue();
    }

    @Test
    void aClosedExecutorWatchesNoMoreSoADiagnosisOnItFailsLoudly() {
        executor.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> watchdog.guard(new RecordingCloseable(), Deadline.after(Duration.ofSeconds(1))))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
