package dev.conndoctor.probe;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the probes that block on sockets and look-ups, like OkHttp's {@code Dispatcher}: one
 * executor for a doctor's whole world, created by the composition root and passed to every
 * probe that needs a thread, never a pool of its own.
 *
 * <p>Its threads are daemons: a socket read cannot be interrupted, and a stuck one must never
 * keep the JVM alive. The pool grows with demand (a diagnosis needs a handful of threads at once,
 * a port scan up to sixteen) and a thread idle for a minute ends, so an executor nobody closes
 * holds nothing once its diagnoses are done.
 *
 * <p>Sharing and closing: a {@code ConnDoctor} and the doctors made from it with
 * {@code toBuilder()} share one executor, and any number of diagnoses may run on it at once. A
 * doctor never closes its executor. Whoever creates one may {@link #close()} it when no diagnosis
 * will run on it again: probes still running are interrupted and new ones are rejected, so a
 * diagnosis started afterwards fails with {@link java.util.concurrent.RejectedExecutionException}.
 *
 * <p>Beside the probe threads it keeps one timer thread (a daemon too, ending when idle), on
 * which the {@link Watchdog} closes the sockets of exchanges past their deadline.
 */
public final class ProbeExecutor implements AutoCloseable {

    private static final long IDLE_SECONDS = 60;

    private final ExecutorService threads;
    private final ScheduledThreadPoolExecutor timer;

    /** Threads named {@code conndoctor-probe-N}. */
    public ProbeExecutor() {
        this("conndoctor-probe");
    }

    /** Threads named {@code name-N}, to tell one doctor's threads from another's in a thread dump. */
    public ProbeExecutor(String name) {
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons(name));
        this.timer = new ScheduledThreadPoolExecutor(1, daemons(name + "-watchdog"));
        timer.setRemoveOnCancelPolicy(true); // a guard called off must not hold its socket until the deadline
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on a probe thread. */
    public <T> Future<T> submit(Callable<T> task) {
        return threads.submit(task);
    }

    /** Runs {@code task} on a probe thread, for probes that run beside the others and are joined later. */
    public <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, threads);
    }

    /** Runs {@code task} on a probe thread: an {@link java.util.concurrent.Executor} for work joined by its caller. */
    public void execute(Runnable task) {
        threads.execute(task);
    }

    /** Runs {@code task} once, {@code delay} from now, on the timer thread: for short tasks only (closing a socket). */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return threads.isShutdown();
    }

    /** Interrupts the probes still running and rejects new ones; threads blocked in a read end by their exchange's deadline. */
    @Override
    public void close() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true); // a socket read cannot be interrupted: never keep the JVM alive for it
            return thread;
        };
    }
}
