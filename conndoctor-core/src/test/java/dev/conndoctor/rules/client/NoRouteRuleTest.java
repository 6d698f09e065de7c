package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

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

class NoRouteRuleTest {

    private final Rule<Evidence> rule = new NoRouteRule();

    @Test
    void networkUnreachableWithNoMatchingRouteIsConfirmed() {
        Cause cause = found(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .localInterface("eth0", "192.0.2.20", 24)
                .route("192.0.2.0/24", null, "eth0")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.NO_ROUTE);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("There is no route to 203.0.113.9");
        assertThat(evidence(cause))
                .contains("203.0.113.9:8282 failed with \"Network is unreachable\" after 0 ms")
                .contains("routing table has no route for 203.0.113.9");
        assertThat(fixes(cause)).contains("ip route get 203.0.113.9");
    }

    @Test
    void networkUnreachableDespiteARouteIsLikelyARouterFurtherOn() {
        Cause cause = found(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 41, "Network is unreachable")
                .route("0.0.0.0/0", "192.0.2.1", "eth0")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause))
                .contains("after 41 ms")
                .contains("routes 203.0.113.9 through 0.0.0.0/0 via 192.0.2.1 on eth0");
    }

    @Test
    void ipv6AddressWithOnlyAnIpv4DefaultRouteHasNoRoute() {
        Cause cause = found(rule.evaluate(target("[2001:db8::10]:8282")
                .attempt("2001:db8::10", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .route("0.0.0.0/0", "192.0.2.1", "eth0")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void withoutRoutingEvidenceItIsOnlyLikely() {
        Cause cause = found(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.net-unreachable");
    }

    @Test
    void unreadableRoutingTableDoesNotConfirmAMissingRoute() {
        Cause cause = found(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .routeTablesUnread()
                .unreadable("/proc/net/route: NoSuchFileException")
                .build()));

        assertThat(cause.confidence()).isNotEqualTo(Confidence.CONFIRMED);
        assertThat(evidenceKeys(cause)).doesNotContain("evidence.no-route-here");
    }

    @Test
    void hostUnreachableSaysNothing() {
        assertSilent(rule.evaluate(target("203.0.113.9:8282")
                .attempt("203.0.113.9", ConnectOutcome.HOST_UNREACHABLE, 3, "No route to host")
                .routingTable()
                .build()));
    }

    @Test
    void timeoutSaysNothing() {
        assertSilent(rule.evaluate(target("203.0.113.9:8282").timedOut("203.0.113.9").routingTable().build()));
    }
}
