package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ContainerContext;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.Optional;

/**
 * loopback-in-container: this client runs in a container and dialled its loopback for a port
 * nothing in the container listens on. A container's 127.0.0.1 is its own network namespace,
 * not the host's: the service the person means runs on the host (or in another container) and
 * is reached by another address. Confirmed from the container's signs and its own socket table.
 */
public final class LoopbackInContainerRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.LOOPBACK_IN_CONTAINER;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ConnectAttempt> refused = LocalTargets.refused(evidence)
                .filter(a -> a.address().isLoopbackAddress());
        Optional<LocalListeners> local = evidence.local().listeners();
        if (refused.isEmpty() || local.isEmpty() || local.get().container().isEmpty()
                || !local.get().listeners().isEmpty()) {
            return Verdict.silent();
        }
        ConnectAttempt attempt = refused.get();
        ContainerContext container = local.get().container().get();
        int port = attempt.port();
        Cause.Builder cause = Cause.builder(CauseId.LOOPBACK_IN_CONTAINER, Confidence.CONFIRMED,
                        Endpoints.text(attempt.address()), port)
                .evidence("evidence.in-container", container.engine(), String.join(", ", container.signs()),
                        container.id().map(id -> id.substring(0, 12)).orElse("?"))
                .evidence("evidence.refused", attempt.endpoint(), attempt.elapsedMs())
                .evidence("evidence.no-listener-in-container", port);
        if (container.engine().equals("kubernetes")) {
            cause.fix("fix.container.kubernetes", port);
        } else {
            cause.fix("fix.container.host-gateway", port);
            container.gateway().ifPresent(gw -> cause.fix("fix.container.gateway", Endpoints.format(gw, port)));
            cause.fix("fix.container.network-host");
        }
        return Verdict.found(cause.fix("fix.container.host-listens", port).build());
    }
}
