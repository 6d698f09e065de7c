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

class FirewallDropRuleTest {

    private final Rule<Evidence> rule = new FirewallDropRule();

    @Test
    void silentPortWhileAnotherPortRefusesIsLikelyDropped() {
        Cause cause = found(rule.evaluate(target("ws://192.0.2.10:8282/")
                .timeoutMs(3000)
                .timedOut("192.0.2.10")
                .liveness("192.0.2.10",
                        probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 4),
                        probe("192.0.2.10", 80, ConnectOutcome.TIMEOUT, 3000))
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.FIREWALL_DROP);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("port 8282");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 did not answer within 3000 ms")
                .contains("192.0.2.10:22 answered (refused) in 4 ms: the machine is up");
    }

    @Test
    void aPortSilentWhileItsHostAnsweredNeighbourDiscoveryIsLikelyDroppedWithNoOtherPortAnswering() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timeoutMs(4000)
                .silentEarly("192.0.2.10", 3, 1_500, dev.conndoctor.evidence.Silence.NEIGHBOUR, 1061)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.silence");
        assertThat(evidence(cause)).contains("192.0.2.10:8282 stayed silent to 3 connections")
                .contains("answer neighbour discovery, ARP").doesNotContain("looks exactly like a machine that is off");
    }

    @Test
    void silenceJudgedEarlyOnALiveHostIsLikelyAndSaysHowItWasJudged() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timeoutMs(3000)
                .silentEarly("192.0.2.10", 3, 200, 22, 1052)
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 0))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.silence", "evidence.host-up");
        assertThat(evidence(cause)).contains("192.0.2.10:8282 stayed silent to 3 connections")
                .contains("for 1052 ms").contains("retransmission (1000 ms)").contains("(0.20 ms, its answer on port 22)")
                .contains("the whole 3000 ms timeout")
                .doesNotContain("did not answer within");
    }

    @Test
    void silenceJudgedOnTooFewConnectionsIsOnlyPossiblyADrop() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .silentEarly("192.0.2.10", 2, 200, 22, 1052)
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 0))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("stayed silent to 2 connections");
    }

    @Test
    void silenceThatEndedBeforeTheRetransmissionIsOnlyPossiblyADrop() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .silentEarly("192.0.2.10", 3, 200, 22, 400)
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 0))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
    }

    @Test
    void aLocalPortJudgedSilentKeepsItsConfidenceAndSaysHowItWasJudged() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .silentEarly("192.0.2.10", 3, 30, 443, 1050)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.silence");
    }

    @Test
    void firstAnsweringPortIsTheOneQuoted() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timeoutMs(2000)
                .timedOut("192.0.2.10")
                .liveness("192.0.2.10",
                        probe("192.0.2.10", 22, ConnectOutcome.TIMEOUT, 2000),
                        probe("192.0.2.10", 443, ConnectOutcome.CONNECTED, 12),
                        probe("192.0.2.10", 80, ConnectOutcome.REFUSED, 3))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause))
                .contains("within 2000 ms")
                .contains("192.0.2.10:443 answered (connected) in 12 ms");
    }

    @Test
    void everyPortSilentIsOnlyPossiblyADrop() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timedOut("192.0.2.10")
                .usualPortsSilent("192.0.2.10", 22, 80, 443)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.drop-everything-looks-down");
    }

    @Test
    void timeoutWithoutLivenessIsOnlyPossiblyADrop() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .timeoutMs(1500)
                .timedOut("192.0.2.10")
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("192.0.2.10:8282 did not answer within 1500 ms");
    }

    @Test
    void livenessOfAnotherAddressDoesNotCount() {
        Cause cause = found(rule.evaluate(target("example.com:8282")
                .timedOut("192.0.2.10")
                .liveness("192.0.2.11", probe("192.0.2.11", 22, ConnectOutcome.REFUSED, 4))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
    }

    @Test
    void fixesOpenThePortInEveryFirewall() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));

        assertThat(fixes(cause))
                .contains("sudo ufw allow 8282/tcp")
                .contains("--add-port=8282/tcp")
                .contains("--dport 8282")
                .contains("security group")
                .contains("Baota / aaPanel");
    }

    @Test
    void refusedPortSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 1).build()));
    }

    @Test
    void connectedSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").connected("192.0.2.10", 1).build()));
    }
}
