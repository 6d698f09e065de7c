package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A cause only the server's host can see (where a published port leads inside a container),
 * taken over by the client from the host's own inspection: this machine's, when the target is
 * local ({@link Evidence#hostCauses()}), or the server's report ({@code --server-report}). The
 * host read it from its own tables, so it keeps the host's confidence. One small subclass per cause.
 */
public abstract class HostFoundCauseRule implements Rule<Evidence> {

    /** The causes the client cannot see for itself and takes from the host. */
    public static final List<CauseId> CAUSES = List.of(CauseId.PORT_NOT_PUBLISHED, CauseId.CONTAINER_NOT_LISTENING,
            CauseId.CONTAINER_BOUND_TO_LOOPBACK, CauseId.PUBLISHED_ON_LOOPBACK);

    /** One rule per cause of {@link #CAUSES}. */
    static List<Rule<Evidence>> all() {
        return List.of(new PortNotPublished(), new ContainerNotListening(), new ContainerBoundToLoopback(),
                new PublishedOnLoopback());
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<Cause> found = Stream.concat(evidence.hostCauses().stream(),
                        evidence.serverFacts().map(ServerFacts::reportedCauses).orElse(List.of()).stream())
                .filter(c -> c.id() == cause())
                .findFirst();
        return found.map(Verdict::found).orElseGet(Verdict::silent);
    }

    /** port-not-published, as the host found it. */
    public static final class PortNotPublished extends HostFoundCauseRule {
        @Override
        public CauseId cause() {
            return CauseId.PORT_NOT_PUBLISHED;
        }
    }

    /** container-not-listening, as the host found it. */
    public static final class ContainerNotListening extends HostFoundCauseRule {
        @Override
        public CauseId cause() {
            return CauseId.CONTAINER_NOT_LISTENING;
        }
    }

    /** container-bound-to-loopback, as the host found it. */
    public static final class ContainerBoundToLoopback extends HostFoundCauseRule {
        @Override
        public CauseId cause() {
            return CauseId.CONTAINER_BOUND_TO_LOOPBACK;
        }
    }

    /** published-on-loopback, as the host found it. */
    public static final class PublishedOnLoopback extends HostFoundCauseRule {
        @Override
        public CauseId cause() {
            return CauseId.PUBLISHED_ON_LOOPBACK;
        }
    }
}
