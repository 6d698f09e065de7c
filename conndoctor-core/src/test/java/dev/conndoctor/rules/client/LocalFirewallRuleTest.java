package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.ConnectOutcome;
import org.junit.jupiter.api.Test;

class LocalFirewallRuleTest {

    private final Rule<Evidence> rule = new LocalFirewallRule();

    @Test
    void operationNotPermittedIsLikelyTheLocalFirewall() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 0, "Operation not permitted")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.LOCAL_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("outgoing connections to 192.0.2.10:8282");
        assertThat(evidence(cause))
                .contains("Connecting to 192.0.2.10:8282 failed with \"Operation not permitted\" after 0 ms");
        assertThat(fixes(cause)).contains("iptables -S OUTPUT").contains("--dport 8282 -j ACCEPT");
    }

    @Test
    void permissionDeniedCarriesItsOwnWordsAndTime() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:443")
                .attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 2, "Permission denied")
                .build()));

        assertThat(evidence(cause)).contains("\"Permission denied\" after 2 ms");
    }

    @Test
    void otherFailuresSayNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 0).build()));
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));
    }
}
