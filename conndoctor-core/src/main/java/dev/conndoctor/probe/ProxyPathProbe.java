package dev.conndoctor.probe;

import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.config.ProxyDecision;
import dev.conndoctor.config.ProxySettings;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.ProxyPath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The proxy side of a diagnosis: decides which proxy a typical client would go through (none,
 * the one given with {@code --proxy}, or the environment's), and opens a tunnel through it
 * beside the direct probes.
 */
public final class ProxyPathProbe {

    /**
     * How long past its own deadline the tunnel is waited for: the watchdog's grace and a thread's
     * wake-up. Only a look-up of the proxy's name that ignores every timeout gets this far.
     */
    static final Duration JOIN_GRACE = Duration.ofMillis(500);

    private final ProxySettings settings;
    private final ProxyProbe probe;
    private final ProbeExecutor executor;

    public ProxyPathProbe(ProxySettings settings, ProxyProbe probe, ProbeExecutor executor) {
        this.settings = settings;
        this.probe = probe;
        this.executor = executor;
    }

    /** Which proxy, if any, the options and the environment send {@code target} through. */
    public ProxyDecision decide(Target target, Options options) {
        return switch (options.proxy()) {
            case NONE -> ProxyDecision.direct();
            case EXPLICIT -> new ProxyDecision(options.explicitProxy(), "--proxy", options.explicitProxy(),
                    Optional.empty(), List.of());
            case AUTO -> settings.decide(target);
        };
    }

    /** Decides, and starts the tunnel when there is a proxy; returns at once. */
    public Started start(Target target, Options options) {
        ProxyDecision decision = decide(target, options);
        CompletableFuture<Optional<ProxyAttempt>> tunnel = decision.proxy()
                .map(proxy -> executor.supply(() -> Optional.of(
                        probe.tunnel(proxy, target, options.timeout(), options.insecure()))))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
        return new Started(decision, tunnel, options.timeout(), Deadline.after(options.timeout().plus(JOIN_GRACE)));
    }

    /** A decision and its tunnel, still opening. */
    public static final class Started {
        private final ProxyDecision decision;
        private final CompletableFuture<Optional<ProxyAttempt>> tunnel;
        private final Duration timeout;
        private final Deadline deadline;
        private final long start = System.nanoTime();

        private Started(ProxyDecision decision, CompletableFuture<Optional<ProxyAttempt>> tunnel, Duration timeout,
                        Deadline deadline) {
            this.decision = decision;
            this.tunnel = tunnel;
            this.timeout = timeout;
            this.deadline = deadline;
        }

        /**
         * The proxy side, once the tunnel is known, when a proxy is configured at all (in the
         * environment, the JVM, or with --proxy); empty when nothing mentions a proxy.
         */
        public Optional<ProxyPath> join() {
            ProxyPath path = new ProxyPath(decision, await());
            return decision.configured().isPresent() || !decision.jvmProperties().isEmpty()
                    ? Optional.of(path) : Optional.empty();
        }

        /** The tunnel's outcome, waited for until its deadline; one still opening then is a silent proxy. */
        private Optional<ProxyAttempt> await() {
            try {
                return tunnel.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException | ExecutionException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (e instanceof ExecutionException failed && failed.getCause() instanceof RuntimeException r) {
                    throw r; // a bug in the probe, not the proxy's doing: never hidden
                }
                tunnel.cancel(true);
                return decision.proxy().map(proxy -> new ProxyAttempt(proxy, ProxyAttempt.Result.PROXY_SILENT, -1,
                        "no tunnel within " + timeout.toMillis() + " ms", (System.nanoTime() - start) / 1_000_000));
            }
        }
    }
}
