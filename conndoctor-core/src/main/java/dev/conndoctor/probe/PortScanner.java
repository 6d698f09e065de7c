package dev.conndoctor.probe;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.net.Endpoint;
import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks for the server elsewhere once the target port refused (so the host is up): which likely
 * ports accept, and what the open ones say in the target's protocol. One short connect round,
 * then the open ports spoken to in parallel.
 *
 * <p>The round waits a few of the refusal's round trips, not a fixed second: a likely port that
 * serves answers about as fast as the target port refused, and one that stays silent (a DROP
 * rule, say) is no candidate, so waiting longer for it only delays the verdict.
 */
public final class PortScanner {

    /** Open ports beyond this many are listed, not spoken to: the scan stays one short round. */
    static final int MAX_PORTS_SPOKEN_TO = 16;
    /** A port that serves answers within a round trip; a filtered one is no candidate, so no need to wait for it. */
    static final Duration SCAN_WAIT = Duration.ofSeconds(1);
    /** How many of the refusal's round trips the round waits for a likely port's answer. */
    static final int RTT_MULTIPLE = 4;
    /**
     * Added to those round trips: the refusal's time is counted in whole milliseconds (0 on
     * loopback), and a host's answers vary a little from port to port.
     */
    static final Duration WAIT_FLOOR = Duration.ofMillis(50);
    /**
     * The floor on loopback, where this machine's own kernel answers every SYN at once: what is
     * left to wait for is this process's threads being scheduled, a matter of milliseconds.
     */
    static final Duration LOOPBACK_FLOOR = Duration.ofMillis(20);

    /** Speaks a target's protocol to one address; {@link ProtocolProbe#probe(Target, InetAddress, Options)} in production. */
    @FunctionalInterface
    public interface Speaker {
        ProtocolExchange speak(Target target, InetAddress address, Options options);
    }

    private final Connector connector;
    private final Speaker speaker;
    private final ProbeExecutor executor;

    public PortScanner(Connector connector, Speaker speaker, ProbeExecutor executor) {
        this.connector = connector;
        this.speaker = speaker;
        this.executor = executor;
    }

    /**
     * Starts the scan around {@code refused}'s port on its address, on a probe thread, to run
     * beside the other probes; tells {@code listener} on this (the diagnosing) thread. The round
     * waits {@link #scanWait} of the refusal's time.
     */
    public CompletableFuture<PortScan> start(Target target, ConnectAttempt refused, Options options,
                                             DiagnosisListener listener) {
        InetAddress address = refused.address();
        List<Endpoint> endpoints = endpoints(target, address, options);
        listener.scanning(Endpoints.text(address), endpoints.size());
        Duration wait = scanWait(Duration.ofMillis(refused.elapsedMs()),
                address.isLoopbackAddress() ? LOOPBACK_FLOOR : WAIT_FLOOR, options.timeout());
        return executor.supply(() -> scan(target, address, endpoints, wait, options));
    }

    /** The likely ports around {@code target}'s on {@code address}, and what the open ones said; waits {@link #SCAN_WAIT}. */
    public PortScan scan(Target target, InetAddress address, Options options, DiagnosisListener listener) {
        List<Endpoint> endpoints = endpoints(target, address, options);
        listener.scanning(Endpoints.text(address), endpoints.size());
        return scan(target, address, endpoints, scanWait(SCAN_WAIT, WAIT_FLOOR, options.timeout()), options);
    }

    /**
     * How long the connect round waits for the likely ports: {@link #RTT_MULTIPLE} times the
     * target's refusal time plus {@code floor}, never more than {@link #SCAN_WAIT} nor the timeout.
     */
    static Duration scanWait(Duration refusalTime, Duration floor, Duration timeout) {
        Duration wait = refusalTime.multipliedBy(RTT_MULTIPLE).plus(floor);
        Duration cap = timeout.compareTo(SCAN_WAIT) < 0 ? timeout : SCAN_WAIT;
        return wait.compareTo(cap) < 0 ? wait : cap;
    }

    private static List<Endpoint> endpoints(Target target, InetAddress address, Options options) {
        return LikelyPorts.around(target.port(), options.scanPorts()).stream()
                .map(port -> new Endpoint(address, port))
                .toList();
    }

    private PortScan scan(Target target, InetAddress address, List<Endpoint> endpoints, Duration wait,
                          Options options) {
        // the open ports are spoken to with the short timeout the scan always had; only the connect round adapts
        Options quick = options.toBuilder()
                .timeout(options.timeout().compareTo(SCAN_WAIT) < 0 ? options.timeout() : SCAN_WAIT).build();
        List<ConnectAttempt> attempts = List.copyOf(
                connector.connectAll(endpoints, wait, done -> false, a -> { }).values());
        List<Integer> open = attempts.stream().filter(a -> a.outcome() == ConnectOutcome.CONNECTED)
                .map(ConnectAttempt::port).limit(MAX_PORTS_SPOKEN_TO).toList();
        Map<Integer, Future<ProtocolExchange>> speaking = new LinkedHashMap<>();
        for (int port : open) {
            Target other = new Target(target.input(), target.scheme(), target.host(), port, target.path());
            speaking.put(port, executor.submit(() -> speaker.speak(other, address, quick)));
        }
        Map<Integer, ProtocolExchange> spoken = new LinkedHashMap<>();
        long deadline = System.nanoTime() + speakingBound(quick.timeout()).toNanos();
        // every port is waited for on its own: one probe that fails or hangs never hides what the others said
        for (Map.Entry<Integer, Future<ProtocolExchange>> entry : speaking.entrySet()) {
            Future<ProtocolExchange> future = entry.getValue();
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                spoken.put(entry.getKey(), future.get(remaining, TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                // a probe that failed says nothing about its port; the others still count
            } catch (TimeoutException e) {
                future.cancel(true); // past every probe's own deadlines: it says nothing in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                speaking.values().forEach(f -> f.cancel(true));
                break;
            }
        }
        return new PortScan(address, attempts, spoken);
    }

    /**
     * How long the scan waits for all its protocol probes together. Each exchange ends by its own
     * deadline of one timeout, and a TLS or plain follow-up on a new connection by another of at
     * most one timeout, both enforced by a watchdog; so this bound only ends a speaker that
     * ignores them (a fake, or a bug), after the watchdog's grace and a thread's wake-up.
     */
    static Duration speakingBound(Duration timeout) {
        return timeout.multipliedBy(2).plus(Duration.ofMillis(500));
    }
}
