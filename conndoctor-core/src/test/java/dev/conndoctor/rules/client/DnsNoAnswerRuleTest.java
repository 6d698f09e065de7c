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

class DnsNoAnswerRuleTest {

    private final Rule<Evidence> rule = new DnsNoAnswerRule();

    @Test
    void nameWithoutAddressRecordIsConfirmedNoAnswer() {
        Cause cause = found(rule.evaluate(target("empty.example:8282")
                .dnsFailed(DnsFailure.NO_ANSWER, "empty.example: No address associated with hostname", 11)
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.DNS_NO_ANSWER);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("empty.example exists but has no address record");
        assertThat(evidence(cause)).contains("\"empty.example: No address associated with hostname\" after 11 ms");
        assertThat(fixes(cause)).contains("A (IPv4) or AAAA (IPv6) record for empty.example");
    }

    @Test
    void resolverReturningNoAddressIsNoAnswerToo() {
        Cause cause = found(rule.evaluate(target("empty.example:8282").resolvedToNothing(4).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("after 4 ms");
    }

    @Test
    void otherResolverFailuresSayNothing() {
        assertSilent(rule.evaluate(target("x.example:80").dnsFailed(DnsFailure.NXDOMAIN, "x", 1).build()));
        assertSilent(rule.evaluate(target("x.example:80").dnsFailed(DnsFailure.TIMEOUT, "x", 1).build()));
    }

    @Test
    void resolvedNameSaysNothing() {
        assertSilent(rule.evaluate(target("x.example:80").resolvedTo("192.0.2.10").refused("192.0.2.10", 1).build()));
    }
}
