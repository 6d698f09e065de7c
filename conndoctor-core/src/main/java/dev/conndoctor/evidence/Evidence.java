package dev.conndoctor.evidence;

import dev.conndoctor.Cause;
import dev.conndoctor.Target;
import dev.conndoctor.config.ServerFacts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the probes of one diagnosis observed, as plain data, grouped by where it was seen:
 * the way to the target ({@link Reach}), what the target said ({@code exchange}, {@code portScan}),
 * this machine's own tables ({@link LocalView}), the path ({@link PathView}) and the server's side
 * ({@code serverFacts}, {@code proof}). Rules read it and never do I/O, so every cause can be
 * tested from evidence built by hand with {@link #builder(Target, Duration)}.
 *
 * @param timeout the deadline each probe had
 * @param exchange the target's protocol spoken to the first address that connected
 * @param portScan the likely ports of a host whose target port refused
 * @param serverFacts what the server's own report says of the target port ({@code --server-report})
 * @param proof the end-to-end proof of a diagnosis run with a token
 * @param hostCauses for a target on this machine that failed: the causes this host's own
 *                   inspection found for the port (where it is published into a container), as
 *                   {@code conndoctor server PORT} would report them
 * @param lifetime with {@code --hold}: how the connection that worked lived on, when it was held
 */
public record Evidence(Target target, Duration timeout, Reach reach, Optional<ProtocolExchange> exchange,
                       Optional<PortScan> portScan, LocalView local, PathView path, Optional<ServerFacts> serverFacts,
                       Optional<ProofCheck> proof, List<Cause> hostCauses, Optional<Lifetime> lifetime) {

    public Evidence {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(reach, "reach");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(path, "path");
        hostCauses = List.copyOf(hostCauses);
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** Evidence of a diagnosis without a hold. */
    public Evidence(Target target, Duration timeout, Reach reach, Optional<ProtocolExchange> exchange,
                    Optional<PortScan> portScan, LocalView local, PathView path, Optional<ServerFacts> serverFacts,
                    Optional<ProofCheck> proof, List<Cause> hostCauses) {
        this(target, timeout, reach, exchange, portScan, local, path, serverFacts, proof, hostCauses, Optional.empty());
    }

    /** The same evidence with what this host's own inspection found for the port. */
    public Evidence withHostCauses(List<Cause> causes) {
        return new Evidence(target, timeout, reach, exchange, portScan, local, path, serverFacts, proof, causes,
                lifetime);
    }

    /** Evidence of {@code target} probed with {@code timeout}; every part not set is empty. */
    public static Builder builder(Target target, Duration timeout) {
        return new Builder(target, timeout);
    }

    /** Whether a tunnel was tried through a proxy and did not open. */
    public boolean proxyFailed() {
        return path.proxy().flatMap(ProxyPath::attempt).filter(a -> !a.opened()).isPresent();
    }

    /** Whether the user said where the server is and no address the client reached is there. */
    public boolean expectationMissed() {
        Resolution resolution = reach.resolution();
        return !path.expectedAddresses().isEmpty() && resolution.succeeded()
                && resolution.addresses().stream().noneMatch(r -> path.expectedAddresses().contains(r.address()));
    }

    /** Builds evidence part by part, so no one writes the record's components in order. */
    public static final class Builder {
        private final Target target;
        private final Duration timeout;
        private Reach reach;
        private Optional<ProtocolExchange> exchange = Optional.empty();
        private Optional<PortScan> portScan = Optional.empty();
        private LocalView local = LocalView.none();
        private PathView path = PathView.direct();
        private Optional<ServerFacts> serverFacts = Optional.empty();
        private Optional<ProofCheck> proof = Optional.empty();
        private Optional<Lifetime> lifetime = Optional.empty();

        private Builder(Target target, Duration timeout) {
            this.target = target;
            this.timeout = timeout;
        }

        public Builder reach(Reach value) {
            reach = value;
            return this;
        }

        public Builder exchange(Optional<ProtocolExchange> value) {
            exchange = value;
            return this;
        }

        public Builder portScan(Optional<PortScan> value) {
            portScan = value;
            return this;
        }

        public Builder local(LocalView value) {
            local = value;
            return this;
        }

        public Builder path(PathView value) {
            path = value;
            return this;
        }

        public Builder serverFacts(Optional<ServerFacts> value) {
            serverFacts = value;
            return this;
        }

        public Builder proof(Optional<ProofCheck> value) {
            proof = value;
            return this;
        }

        public Builder lifetime(Optional<Lifetime> value) {
            lifetime = value;
            return this;
        }

        public Evidence build() {
            if (reach == null) {
                throw new IllegalStateException("evidence needs at least the resolution of the target");
            }
            return new Evidence(target, timeout, reach, exchange, portScan, local, path, serverFacts, proof, List.of(),
                    lifetime);
        }
    }
}
