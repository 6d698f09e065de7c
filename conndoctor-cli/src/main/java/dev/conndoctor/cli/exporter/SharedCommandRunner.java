package dev.conndoctor.cli.exporter;

import dev.conndoctor.probe.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Runs each read-only system command (iptables-save, nft) once for all the diagnoses that ask for
 * it within a short time, and hands every one of them the same output. A diagnosis reads this
 * machine's firewall after a refusal or a timeout; an exporter answering a burst of probes of
 * refused targets would otherwise start one iptables-save per probe, all printing the same rules.
 * The output is as fresh as {@code maxAge}: a rule changed a second ago is seen by the next probe
 * after that.
 */
public final class SharedCommandRunner implements CommandRunner {

    private final CommandRunner delegate;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<List<String>, Run> runs = new ConcurrentHashMap<>();

    private record Run(long startedNanos, CompletableFuture<Optional<String>> output) {
    }

    public SharedCommandRunner(CommandRunner delegate, Duration maxAge) {
        this(delegate, maxAge, System::nanoTime);
    }

    SharedCommandRunner(CommandRunner delegate, Duration maxAge, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<String> run(List<String> command, Duration timeout) {
        List<String> key = List.copyOf(command);
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        Run run = runs.compute(key, (k, existing) -> existing != null
                && nanoTime.getAsLong() - existing.startedNanos() < maxAgeNanos ? existing
                : new Run(nanoTime.getAsLong(), mine));
        if (run.output() == mine) {
            try {
                mine.complete(delegate.run(key, timeout));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                runs.remove(key, run); // a failure is not kept for the others to come
                throw e;
            }
        }
        return run.output().join();
    }
}
