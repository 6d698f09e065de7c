package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.EvidenceBuilder;

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
import dev.conndoctor.evidence.TcpState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EphemeralPortsExhaustedRuleTest {

    private final Rule<Evidence> rule = new EphemeralPortsExhaustedRule();

    private static EvidenceBuilder addressUnavailable() {
        return target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.ADDRESS_UNAVAILABLE, 0, "Cannot assign requested address");
    }

    @Test
    void everyPortOfTheRangeHeldToTheDestinationIsConfirmed() {
        Cause cause = found(rule.evaluate(addressUnavailable()
                .portUsage(32768, 60999, 2, "192.0.2.10",
                        Map.of(TcpState.ESTABLISHED, 20000, TcpState.TIME_WAIT, 8232), 30117)
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.EPHEMERAL_PORTS_EXHAUSTED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("another connection to 192.0.2.10:8282");
        assertThat(evidence(cause))
                .contains("Connecting to 192.0.2.10:8282 failed with \"Cannot assign requested address\" after 0 ms")
                .contains("The local port range is 32768-60999: 28232 ports")
                .contains("28232 sockets already hold a local port to 192.0.2.10:8282: "
                        + "20000 ESTABLISHED, 8232 TIME-WAIT, 0 in other states")
                .contains("net.ipv4.tcp_tw_reuse is 2; this machine has 30117 sockets in TIME-WAIT in all");
    }

    @Test
    void countsAreNeverGroupedByLocale() {
        Cause cause = found(rule.evaluate(addressUnavailable()
                .portUsage(10000, 65535, 1, "192.0.2.10", Map.of(TcpState.ESTABLISHED, 55536), 0)
                .build()));

        assertThat(evidence(cause)).contains("55536").doesNotContain("55,536").doesNotContain("55.536");
    }

    @Test
    void socketsInOtherStatesAreCountedApart() {
        Cause cause = found(rule.evaluate(addressUnavailable()
                .portUsage(40000, 40009, 0, "192.0.2.10",
                        Map.of(TcpState.ESTABLISHED, 4, TcpState.TIME_WAIT, 3, TcpState.SYN_SENT, 2,
                                TcpState.FIN_WAIT2, 1), 3)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause))
                .contains("40000-40009: 10 ports")
                .contains("10 sockets already hold")
                .contains("4 ESTABLISHED, 3 TIME-WAIT, 3 in other states");
    }

    @Test
    void fewerSocketsThanPortsIsOnlyLikely() {
        Cause cause = found(rule.evaluate(addressUnavailable()
                .portUsage(32768, 60999, 0, "192.0.2.10", Map.of(TcpState.ESTABLISHED, 120), 4)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("120 sockets already hold").contains("tcp_tw_reuse is 0");
    }

    @Test
    void unknownTimeWaitReuseIsAQuestionMark() {
        Cause cause = found(rule.evaluate(addressUnavailable()
                .portUsage(32768, 60999, -1, "192.0.2.10", Map.of(), 0)
                .build()));

        assertThat(evidence(cause)).contains("tcp_tw_reuse is ?;");
    }

    @Test
    void unreadablePortRangeIsLikelyAndSaysSo() {
        Cause cause = found(rule.evaluate(addressUnavailable().build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.address-unavailable", "evidence.port-range-unread");
    }

    @Test
    void fixesWidenTheRangeAndReuseConnections() {
        Cause cause = found(rule.evaluate(addressUnavailable().build()));

        assertThat(fixes(cause))
                .contains("net.ipv4.ip_local_port_range=\"10000 65535\"")
                .contains("tcp_tw_reuse=1")
                .contains("reuse them");
    }

    @Test
    void otherFailuresSayNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 0).build()));
    }
}
