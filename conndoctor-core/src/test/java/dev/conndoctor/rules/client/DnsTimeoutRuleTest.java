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

class DnsTimeoutRuleTest {

    private final Rule<Evidence> rule = new DnsTimeoutRule();

    @Test
    void resolverWithoutAnswerIsLikelyDnsTimeout() {
        Cause cause = found(rule.evaluate(target("slow.example:8282")
                .dnsFailed(DnsFailure.TIMEOUT, "no answer within 3000 ms", 3001)
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.DNS_TIMEOUT);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("No DNS server answered for slow.example");
        assertThat(evidence(cause)).contains("\"no answer within 3000 ms\" after 3001 ms");
        assertThat(fixes(cause)).contains("/etc/resolv.conf").contains("dig @NAMESERVER").contains("dig slow.example A");
    }

    @Test
    void resolverFixNamesTheHost() {
        Cause cause = found(rule.evaluate(target("slow.example:8282")
                .dnsFailed(DnsFailure.TIMEOUT, "no answer within 3000 ms", 3001)
                .build()));

        assertThat(fixes(cause)).contains("dig @NAMESERVER slow.example").doesNotContain("{0}");
    }

    @Test
    void temporaryFailureIsATimeoutToo() {
        Cause cause = found(rule.evaluate(target("slow.example:8282")
                .dnsFailed(DnsFailure.TIMEOUT, "slow.example: Temporary failure in name resolution", 20)
                .build()));

        assertThat(evidence(cause)).contains("Temporary failure in name resolution").contains("after 20 ms");
    }

    @Test
    void otherResolverFailuresSayNothing() {
        assertSilent(rule.evaluate(target("x.example:80").dnsFailed(DnsFailure.NXDOMAIN, "x", 1).build()));
        assertSilent(rule.evaluate(target("x.example:80").resolvedToNothing(1).build()));
    }
}
