package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
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

class PrivateAddressRuleTest {

    private final Rule<Evidence> rule = new PrivateAddressRule();

    @Test
    void silentPrivateAddressOfAnotherNetworkIsLikely() {
        Cause cause = found(rule.evaluate(target("10.1.2.3:8282")
                .timedOut("10.1.2.3")
                .usualPortsSilent("10.1.2.3", 22, 80)
                .localInterface("eth0", "192.0.2.20", 24)
                .route("0.0.0.0/0", "192.0.2.1", "eth0")
                .route("192.0.2.0/24", null, "eth0")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.PRIVATE_ADDRESS);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("10.1.2.3 is an internal address");
        assertThat(evidence(cause))
                .contains("10.1.2.3 is an internal address (private)")
                .contains("No network interface of this machine is in a subnet that contains 10.1.2.3")
                .contains("along the route 0.0.0.0/0 via 192.0.2.1 on eth0");
        assertThat(fixes(cause)).contains("public address");
    }

    @Test
    void unreachablePrivateAddressWithoutRouteSaysSo() {
        Cause cause = found(rule.evaluate(target("172.16.5.4:8282")
                .attempt("172.16.5.4", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .localInterface("eth0", "192.0.2.20", 24)
                .route("192.0.2.0/24", null, "eth0")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("routing table has no route for 172.16.5.4");
    }

    @Test
    void directRouteShowsADashForTheGateway() {
        Cause cause = found(rule.evaluate(target("192.168.7.7:8282")
                .attempt("192.168.7.7", ConnectOutcome.HOST_UNREACHABLE, 3050, "No route to host")
                .localInterface("wg0", "198.51.100.2", 24)
                .route("192.168.0.0/16", null, "wg0")
                .build()));

        assertThat(evidence(cause)).contains("route 192.168.0.0/16 via - on wg0");
    }

    @Test
    void carrierGradeNatAndUniqueLocalAddressesAreInternal() {
        Cause cgnat = found(rule.evaluate(target("100.64.0.1:8282")
                .timedOut("100.64.0.1").routingTable().build()));
        Cause ula = found(rule.evaluate(target("[fd00::1]:8282")
                .timedOut("fd00::1").routingTable().build()));

        assertThat(evidence(cgnat)).contains("(cgnat)");
        assertThat(evidence(ula)).contains("(unique-local)");
    }

    @Test
    void addressOnThisMachinesOwnSubnetRulesItOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("10.1.2.3:8282")
                .timedOut("10.1.2.3")
                .localInterface("eth0", "10.1.2.20", 24)
                .build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.PRIVATE_ADDRESS);
        assertThat(render(ruledOut.why())).contains("10.1.2.3 is on this machine's own network").contains("(eth0)");
    }

    @Test
    void loopbackInterfaceDoesNotMakeASubnetAttached() {
        Cause cause = found(rule.evaluate(target("10.1.2.3:8282")
                .timedOut("10.1.2.3")
                .localInterface("lo", "127.0.0.1", 8)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
    }

    @Test
    void machineAnsweringAtThePrivateAddressRulesItOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("10.1.2.3:8282")
                .timedOut("10.1.2.3")
                .liveness("10.1.2.3", probe("10.1.2.3", 22, ConnectOutcome.REFUSED, 30))
                .routingTable()
                .build()));

        assertThat(render(ruledOut.why())).contains("10.1.2.3 is internal, but a machine answers there");
    }

    @Test
    void publicOrDocumentationAddressSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").routingTable().build()));
    }

    @Test
    void refusedPrivateAddressSaysNothing() {
        assertSilent(rule.evaluate(target("10.1.2.3:8282").refused("10.1.2.3", 1).routingTable().build()));
    }

    @Test
    void withoutRoutingEvidenceItSaysNothing() {
        assertSilent(rule.evaluate(target("10.1.2.3:8282").timedOut("10.1.2.3").build()));
    }
}
