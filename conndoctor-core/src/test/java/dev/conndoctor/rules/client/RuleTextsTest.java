package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Verdicts;

import dev.conndoctor.rules.Verdict;

import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.AddressOrder;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.TcpState;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every rule on evidence of every kind and checks each text it produces as a person reads
 * it: the key is in the bundle, every argument its pattern names was passed, and it is one line.
 */
class RuleTextsTest {

    static Stream<Evidence> scenarios() {
        return Stream.of(
                target("127.0.0.1:8282").refused("127.0.0.1", 0).localListeners("127.0.0.1").build(),
                target("192.0.2.20:8282").refused("192.0.2.20", 0)
                        .localListeners("192.0.2.20", listening("127.0.0.1", 8282)).build(),
                target("192.0.2.20:8282").refused("192.0.2.20", 0)
                        .localListeners("192.0.2.20", listening("192.0.2.30", 8282)).build(),
                target("192.0.2.10:8282").refused("192.0.2.10", 3).build(),
                target("192.0.2.10:8282").timedOut("192.0.2.10")
                        .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 4)).routingTable().build(),
                target("192.0.2.10:8282").timedOut("192.0.2.10").usualPortsSilent("192.0.2.10", 22, 80).build(),
                target("192.0.2.10:8282").timedOut("192.0.2.10").build(),
                target("192.0.2.10:8282").attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 2, "No route to host")
                        .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.CONNECTED, 4)).build(),
                target("192.0.2.10:8282").attempt("192.0.2.10", ConnectOutcome.HOST_UNREACHABLE, 3050, "No route to host")
                        .usualPortsSilent("192.0.2.10", 22).localInterface("eth0", "192.0.2.20", 24).build(),
                target("10.1.2.3:8282").timedOut("10.1.2.3").localInterface("eth0", "192.0.2.20", 24)
                        .route("0.0.0.0/0", "192.0.2.1", "eth0").build(),
                target("10.1.2.3:8282").timedOut("10.1.2.3").localInterface("eth0", "10.1.2.20", 24).build(),
                target("10.1.2.3:8282").timedOut("10.1.2.3")
                        .liveness("10.1.2.3", probe("10.1.2.3", 22, ConnectOutcome.REFUSED, 4)).routingTable().build(),
                target("203.0.113.9:8282").attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 0,
                        "Network is unreachable").routingTable().build(),
                target("203.0.113.9:8282").attempt("203.0.113.9", ConnectOutcome.NET_UNREACHABLE, 9,
                        "Network is unreachable").route("0.0.0.0/0", "192.0.2.1", "eth0").build(),
                target("192.0.2.10:8282").attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 0,
                        "Operation not permitted").build(),
                target("192.0.2.10:8282").attempt("192.0.2.10", ConnectOutcome.ADDRESS_UNAVAILABLE, 0,
                        "Cannot assign requested address").portUsage(32768, 60999, 1, "192.0.2.10",
                        Map.of(TcpState.ESTABLISHED, 28232), 5).build(),
                target("192.0.2.10:8282").attempt("192.0.2.10", ConnectOutcome.ADDRESS_UNAVAILABLE, 0,
                        "Cannot assign requested address").build(),
                target("nosuch.example:8282").dnsFailed(DnsFailure.NXDOMAIN, "nosuch.example: Name or service not known", 9)
                        .build(),
                target("empty.example:8282").resolvedToNothing(4).build(),
                target("slow.example:8282").dnsFailed(DnsFailure.TIMEOUT, "no answer within 3000 ms", 3001).build(),
                // dual-stack names: one family refused or silent, first or later, in each order
                target("localhost:8282").refused("::1", 0).connected("127.0.0.1", 1)
                        .localListeners("::1", listening("127.0.0.1", 8282)).build(),
                target("dual.example:8282").timedOut("2001:db8::10").connected("192.0.2.10", 1).build(),
                target("dual.example:8282").order(AddressOrder.IPV4_FIRST).timedOut("192.0.2.10")
                        .connected("2001:db8::10", 1).build(),
                target("dual.example:8282").order(AddressOrder.IPV6_FIRST).connected("2001:db8::10", 1)
                        .refused("192.0.2.10", 1).build(),
                target("dual.example:8282").order(AddressOrder.AS_GIVEN).connected("192.0.2.10", 1)
                        .refused("2001:db8::10", 1).build());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyTextOfEveryRuleNamesAllItsArguments(Evidence evidence) {
        Verdicts.assertEveryRuleTextFilled(evidence);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyFailureScenarioFindsAtLeastOneCause(Evidence evidence) {
        assertThat(ClientRules.all()).anyMatch(rule -> rule.evaluate(evidence) instanceof Verdict.Found);
    }
}
