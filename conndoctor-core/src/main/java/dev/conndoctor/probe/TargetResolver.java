package dev.conndoctor.probe;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.probe.classify.DnsFailureClassifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the target's name as the client would, through the injected {@link Resolver} and in
 * its order (the system's, RFC 6724, when the JVM runs with {@code preferIPv6Addresses=system}), within
 * the diagnosis's timeout: the system resolver has no deadline of its own, so the look-up runs on
 * a probe thread and a late answer counts as a timeout.
 */
public final class TargetResolver {

    private final Resolver resolver;
    private final ProbeExecutor executor;

    public TargetResolver(Resolver resolver, ProbeExecutor executor) {
        this.resolver = resolver;
        this.executor = executor;
    }

    /** The target's addresses, or why there are none; an address literal is parsed, never looked up. */
    public Resolution resolve(Target target, Duration timeout, DiagnosisListener listener) {
        if (target.hostIsLiteral()) {
            try {
                return Resolution.literal(target.host(), ResolvedAddress.of(InetAddress.getByName(target.host())));
            } catch (UnknownHostException e) {
                return Resolution.failed(target.host(), DnsFailure.OTHER, String.valueOf(e.getMessage()), 0);
            }
        }
        listener.resolving(target.host());
        long start = System.nanoTime();
        Resolution resolution;
        Future<List<InetAddress>> lookup = executor.submit(() -> resolver.resolve(target.host()));
        try {
            List<InetAddress> addresses = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // in the resolver's order, which clients that dial only the first address depend on; one record each
            resolution = Resolution.resolved(target.host(),
                    addresses.stream().distinct().map(ResolvedAddress::of).toList(), resolver.order(), elapsedMs(start));
        } catch (TimeoutException e) {
            resolution = Resolution.failed(target.host(), DnsFailure.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms", elapsedMs(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            resolution = cause instanceof UnknownHostException u
                    ? Resolution.failed(target.host(), DnsFailureClassifier.classify(u), String.valueOf(u.getMessage()),
                            elapsedMs(start))
                    : Resolution.failed(target.host(), DnsFailure.OTHER, String.valueOf(cause), elapsedMs(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resolution = Resolution.failed(target.host(), DnsFailure.OTHER, "interrupted", elapsedMs(start));
        } finally {
            // a look-up past its deadline is abandoned; the interrupt frees the thread if the resolver heeds it
            lookup.cancel(true);
        }
        listener.resolved(resolution);
        return resolution;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
