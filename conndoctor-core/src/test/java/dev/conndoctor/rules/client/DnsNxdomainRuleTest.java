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
import dev.conndoctor.evidence.DnsFailure;
import org.junit.jupiter.api.Test;

class DnsNxdomainRuleTest {

    private final Rule<Evidence> rule = new DnsNxdomainRule();

    @Test
    void nameThatDoesNotExistIsConfirmedNxdomain() {
        Cause cause = found(rule.evaluate(target("ws://nosuch.example:8282/")
                .dnsFailed(DnsFailure.NXDOMAIN, "nosuch.example: Name or service not known", 23)
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.DNS_NXDOMAIN);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).isEqualTo("The name nosuch.example does not exist in DNS.");
        assertThat(evidence(cause)).isEqualTo(
                "The system resolver failed for nosuch.example: \"nosuch.example: Name or service not known\" after 23 ms.");
        assertThat(fixes(cause)).contains("spelling of nosuch.example").contains("dig nosuch.example A");
    }

    @Test
    void otherResolverFailuresSayNothing() {
        assertSilent(rule.evaluate(target("x.example:80").dnsFailed(DnsFailure.TIMEOUT, "x: Try again", 5000).build()));
        assertSilent(rule.evaluate(target("x.example:80").dnsFailed(DnsFailure.OTHER, "x", 1).build()));
        assertSilent(rule.evaluate(target("x.example:80").resolvedToNothing(3).build()));
    }

    @Test
    void resolvedNameSaysNothing() {
        assertSilent(rule.evaluate(target("x.example:80").resolvedTo("192.0.2.10").refused("192.0.2.10", 1).build()));
    }
}
