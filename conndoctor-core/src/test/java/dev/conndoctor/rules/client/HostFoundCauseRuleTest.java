package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.evidence.Evidence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostFoundCauseRuleTest {

    private static final Cause LOOPWEB = Cause.builder(CauseId.CONTAINER_BOUND_TO_LOOPBACK, Confidence.CONFIRMED,
            18081, "loopweb", 80).build();

    @Test
    void aCauseThisHostFoundForItsOwnPortIsTakenAsItIs() {
        Evidence e = target("127.0.0.1:18081").connected("127.0.0.1", 0).build().withHostCauses(List.of(LOOPWEB));

        assertThat(found(new HostFoundCauseRule.ContainerBoundToLoopback().evaluate(e))).isSameAs(LOOPWEB);
        assertSilent(new HostFoundCauseRule.ContainerNotListening().evaluate(e));
    }

    @Test
    void aCauseTheServersReportNamesIsTakenFromTheReport() {
        Evidence e = target("192.0.2.10:18081").connected("192.0.2.10", 1)
                .serverFacts(new ServerFacts(18081, List.of(), false, List.of(), Optional.empty(), false, List.of(LOOPWEB)))
                .build();

        assertThat(found(new HostFoundCauseRule.ContainerBoundToLoopback().evaluate(e)).confidence())
                .isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void withoutTheHostsViewNothingIsClaimed() {
        assertSilent(new HostFoundCauseRule.PortNotPublished().evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 1).build()));
    }
}
