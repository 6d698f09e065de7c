package dev.conndoctor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one diagnosis probes: the deadline of each probe, the ports that tell whether a host is
 * up, and what the protocol probes send. Immutable; {@link #defaults()} is what the CLI uses
 * without flags.
 *
 * @param insecure skip certificate verification in this diagnosis's TLS probes (never JVM-wide)
 * @param origin the Origin header of the WebSocket handshake, as a browser page would send it
 * @param subprotocols the Sec-WebSocket-Protocol values to offer
 * @param scanPorts ports to try beyond the likely ones when the target port refuses ({@code --scan-ports})
 */
public record Options(Duration timeout, List<Integer> livenessPorts, boolean insecure, Optional<String> origin,
                      List<String> subprotocols, List<Integer> scanPorts) {

    /** Ports that most machines answer on, with a reset if not with an accept. */
    public static final List<Integer> USUAL_PORTS = List.of(22, 80, 443, 3389, 8080, 8443, 21, 25, 53, 445, 3306);

    public Options {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        livenessPorts = List.copyOf(livenessPorts);
        subprotocols = List.copyOf(subprotocols);
        scanPorts = List.copyOf(scanPorts);
    }

    /** A 3 second timeout, the usual liveness ports, verified TLS, no Origin. */
    public static Options defaults() {
        return new Options(Duration.ofSeconds(3), USUAL_PORTS, false, Optional.empty(), List.of(), List.of());
    }

    public Options withTimeout(Duration newTimeout) {
        return new Options(newTimeout, livenessPorts, insecure, origin, subprotocols, scanPorts);
    }

    public Options withInsecure(boolean skipVerification) {
        return new Options(timeout, livenessPorts, skipVerification, origin, subprotocols, scanPorts);
    }

    public Options withOrigin(String newOrigin) {
        return new Options(timeout, livenessPorts, insecure, Optional.ofNullable(newOrigin), subprotocols, scanPorts);
    }

    public Options withSubprotocols(List<String> offered) {
        return new Options(timeout, livenessPorts, insecure, origin, offered, scanPorts);
    }

    public Options withScanPorts(List<Integer> extra) {
        return new Options(timeout, livenessPorts, insecure, origin, subprotocols, extra);
    }
}
