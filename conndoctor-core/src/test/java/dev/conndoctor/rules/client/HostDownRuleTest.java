package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.evidenceKeys;
import static dev.conndoctor.fixtures.Verdicts.excluded;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.render;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import dev.conndoctor.evidence.ConnectOutcome;
import org.junit.jupiter.api.Test;

class HostDownRuleTest {

    private final Rule<Evidence> rule = new HostDownRule();

    @Test
    void neighbourDiscoveryGivingUpOnTheLocalNetworkIsLikelyHostDown() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 3071, "No route to host")
                .localInterface("eth0", "192.0.2.20", 24)
                .route("192.0.2.0/24", null, "eth0")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.HOST_DOWN);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("No machine answers at 192.0.2.10");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 failed with \"No route to host\" after 3071 ms")
                .contains("192.0.2.10 is on this machine's directly attached network")
                .contains("/24 (eth0)");
        assertThat(fixes(cause)).contains("machine at 192.0.2.10 is on").contains("that 192.0.2.10 is");
    }

    @Test
    void neighbourGiveUpFromJustTheBoundIsCounted() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, Timings.NEIGHBOUR_GIVE_UP_MIN_MS,
                        "No route to host")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        // the neighbour lookup giving up is proof enough: no hedge about firewalls that drop everything
        assertThat(evidenceKeys(cause)).containsExactly("evidence.neighbour-gave-up");
    }

    @Test
    void everyUsualPortSilentTooIsLikelyHostDown() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timeoutMs(3000)
                .timedOut("192.0.2.10")
                .usualPortsSilent("192.0.2.10", 22, 80, 443)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 did not answer within 3000 ms")
                .contains("None of 3 usual ports answered either (22, 80, 443)")
                .contains("drops every port looks exactly like a machine that is off");
    }

    @Test
    void usualPortsFindingNoNeighbourCountAsSilent() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timedOut("192.0.2.10")
                .liveness("192.0.2.10",
                        probe("192.0.2.10", 22, ConnectOutcome.HOST_UNREACHABLE, 3050),
                        probe("192.0.2.10", 80, ConnectOutcome.TIMEOUT, 3000))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("None of 2 usual ports");
    }

    @Test
    void anyAnsweringPortRulesItOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("192.0.2.10:8282")
                .timedOut("192.0.2.10")
                .liveness("192.0.2.10",
                        probe("192.0.2.10", 22, ConnectOutcome.TIMEOUT, 3000),
                        probe("192.0.2.10", 80, ConnectOutcome.REFUSED, 2))
                .build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.HOST_DOWN);
        assertThat(render(ruledOut.why())).contains("192.0.2.10:80 answered (refused)");
    }

    @Test
    void anAnswerToNeighbourDiscoveryDuringTheRoundRulesItOutThoughNoPortAnswered() {
        RuledOut ruledOut = excluded(rule.evaluate(target("192.0.2.10:8282")
                .silentEarly("192.0.2.10", 3, 900, dev.conndoctor.evidence.Silence.NEIGHBOUR, 1055)
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.TIMEOUT, 1055))
                .build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.HOST_DOWN);
        assertThat(render(ruledOut.why())).contains("192.0.2.10 answered neighbour discovery (ARP)");
    }

    @Test
    void timeoutWithoutLivenessSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));
    }

    @Test
    void fastNoRouteToHostIsAFirewallNotAMissingMachine() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 2, "No route to host")
                .build()));
        assertSilent(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, Timings.NEIGHBOUR_GIVE_UP_MIN_MS - 1,
                        "No route to host")
                .build()));
    }

    @Test
    void refusedSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 1).build()));
    }

    @Test
    void secondAddressDownIsFoundWhenTheFirstSaysNothing() {
        Cause cause = found(rule.evaluate(target("example.com:8282")
                .refused("192.0.2.11", 1)
                .timedOut("192.0.2.10")
                .usualPortsSilent("192.0.2.10", 22, 443)
                .build()));

        assertThat(summary(cause)).contains("192.0.2.10");
    }
}
