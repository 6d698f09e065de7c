package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.evidenceKeys;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectOutcome;
import org.junit.jupiter.api.Test;

class FirewallRejectRuleTest {

    private final Rule<Evidence> rule = new FirewallRejectRule();

    @Test
    void fastNoRouteToHostIsLikelyARejectingFirewall() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 2, "No route to host")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.FIREWALL_REJECT);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("port 8282");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 answered \"No route to host\" after 2 ms")
                .contains("within " + Timings.ICMP_REPLY_MAX_MS + " ms");
        assertThat(fixes(cause)).contains("sudo ufw allow 8282/tcp");
    }

    @Test
    void answeringUsualPortIsAddedAsEvidence() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 3, "No route to host")
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.CONNECTED, 5))
                .build()));

        assertThat(evidenceKeys(cause)).containsExactly("evidence.icmp-fast", "evidence.host-up");
        assertThat(evidence(cause)).contains("192.0.2.10:22 answered (connected) in 5 ms");
    }

    @Test
    void icmpAtExactlyTheBoundIsStillFast() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, Timings.ICMP_REPLY_MAX_MS, "No route to host")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
    }

    @Test
    void slowNoRouteToHostIsNeighbourDiscoveryGivingUpNotAFirewall() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, Timings.ICMP_REPLY_MAX_MS + 1, "No route to host")
                .build()));
        assertSilent(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 3050, "No route to host")
                .build()));
    }

    @Test
    void fastNetworkUnreachableWithALocalRouteIsLikelyARouterRejecting() {
        Cause cause = found(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 8, "Network is unreachable")
                .route("0.0.0.0/0", "192.0.2.1", "eth0")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("\"Network is unreachable\" after 8 ms");
    }

    @Test
    void networkUnreachableWithoutALocalRouteIsLeftToTheNoRouteRule() {
        assertSilent(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .route("192.0.2.0/24", null, "eth0")
                .build()));
    }

    @Test
    void networkUnreachableWithoutRoutingEvidenceSaysNothing() {
        assertSilent(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .build()));
    }

    @Test
    void refusedRemotePortIsPossiblyARejectRule() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 6).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("REJECT rule").contains("looks exactly like a closed port");
    }

    @Test
    void refusedLocalPortIsExplainedByTheSocketTableNotAFirewall() {
        assertSilent(rule.evaluate(target("127.0.0.1:8282")
                .refused("127.0.0.1", 0)
                .localListeners("127.0.0.1")
                .build()));
    }

    @Test
    void timeoutSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));
    }
}
