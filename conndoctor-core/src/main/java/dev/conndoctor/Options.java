package dev.conndoctor;

import java.time.Duration;
import java.util.List;

/**
 * How one diagnosis probes: the deadline of each probe and the ports that tell whether a host
 * is up. Immutable; {@link #defaults()} is what the CLI uses without flags.
 */
public record Options(Duration timeout, List<Integer> livenessPorts) {

    /** Ports that most machines answer on, with a reset if not with an accept. */
    public static final List<Integer> USUAL_PORTS = List.of(22, 80, 443, 3389, 8080, 8443, 21, 25, 53, 445, 3306);

    public Options {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        livenessPorts = List.copyOf(livenessPorts);
    }

    /** A 3 second timeout and the usual liveness ports. */
    public static Options defaults() {
        return new Options(Duration.ofSeconds(3), USUAL_PORTS);
    }

    public Options withTimeout(Duration newTimeout) {
        return new Options(newTimeout, livenessPorts);
    }
}
