package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.address;
import static dev.conndoctor.fixtures.EvidenceBuilder.answer;
import static dev.conndoctor.fixtures.EvidenceBuilder.dnsOf;
import static dev.conndoctor.fixtures.EvidenceBuilder.noAnswer;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
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
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsPointsElsewhereRuleTest {

    private static final String NAME = "api.example.test";
    private final Rule<Evidence> rule = new DnsPointsElsewhereRule();

    private static DnsEvidence agreeing() {
        return dnsOf(NAME, List.of(), List.of("192.0.2.53", "198.51.100.53"),
                answer("192.0.2.53", "A", address(NAME, "192.0.2.10")),
                answer("198.51.100.53", "A", address(NAME, "192.0.2.10")));
    }

    @Test
    void aNameResolvingAwayFromTheExpectedAddressIsConfirmedEvenWhenItConnects() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10")
                .connected("192.0.2.10", 1)
                .expect("192.0.2.20", "2001:db8::20")
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.DNS_POINTS_ELSEWHERE);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains(NAME);
        assertThat(evidence(cause)).isEqualTo(
                NAME + " resolves to 192.0.2.10, but the server is at 192.0.2.20, 2001:db8::20 (--expect-ip).");
        assertThat(fixes(cause)).contains("Point the DNS record of " + NAME).contains("dig " + NAME + " A")
                .contains("TTL");
    }

    @Test
    void anExpectationMetByOneAddressIsNoMiss() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10", "192.0.2.20")
                .refused("192.0.2.10", 1)
                .refused("192.0.2.20", 1)
                .expect("192.0.2.20")
                .dns(agreeing())
                .build()));
    }

    @Test
    void aHostsFileEntryThatOverridesDnsIsLikely() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.99")
                .refused("192.0.2.99", 1)
                .dns(dnsOf(NAME, List.of("192.0.2.99"), List.of("192.0.2.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.10"))))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).isEqualTo("This machine's hosts file pins " + NAME
                + " to 192.0.2.99, while DNS answers 192.0.2.10: clients here use the hosts file.");
        assertThat(fixes(cause)).contains("Remove or correct the " + NAME + " line in /etc/hosts");
    }

    @Test
    void aHostsFileEntryThatAgreesWithDnsIsNoOverride() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10")
                .refused("192.0.2.10", 1)
                .dns(dnsOf(NAME, List.of("192.0.2.10"), List.of("192.0.2.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.10"), address(NAME, "192.0.2.11"))))
                .build()));
    }

    @Test
    void aHostsFileEntryForANameDnsDoesNotKnowIsNoOverride() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.99")
                .refused("192.0.2.99", 1)
                .dns(dnsOf(NAME, List.of("192.0.2.99"), List.of("192.0.2.53"),
                        new dev.conndoctor.evidence.NameserverAnswer("192.0.2.53", "A", Optional.of("NXDOMAIN"),
                                List.of(), 3, Optional.empty())))
                .build()));
    }

    @Test
    void aHostsOverrideToTheExpectedAddressIsNoCause() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10")
                .refused("192.0.2.10", 1)
                .expect("192.0.2.10")
                .dns(dnsOf(NAME, List.of("192.0.2.10"), List.of("192.0.2.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.99"))))
                .build()));
    }

    @Test
    void resolversThatDisagreeAreLikelyWithOneLinePerResolver() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10")
                .timedOut("192.0.2.10")
                .dns(dnsOf(NAME, List.of(), List.of("192.0.2.53", "198.51.100.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.10")),
                        answer("198.51.100.53", "A", address(NAME, "203.0.113.7"))))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.resolver-answer", "evidence.resolver-answer");
        assertThat(evidence(cause)).isEqualTo("Nameserver 192.0.2.53 answers " + NAME + " with 192.0.2.10.\n"
                + "Nameserver 198.51.100.53 answers " + NAME + " with 203.0.113.7.");
    }

    @Test
    void resolversThatAgreeAreSilent() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10").refused("192.0.2.10", 1).dns(agreeing()).build()));
    }

    @Test
    void aResolverThatDidNotAnswerIsNoDisagreement() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10")
                .refused("192.0.2.10", 1)
                .dns(dnsOf(NAME, List.of(), List.of("192.0.2.53", "198.51.100.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.10")),
                        noAnswer("198.51.100.53", "A", "timed out"),
                        noAnswer("198.51.100.53", "AAAA", "timed out")))
                .build()));
    }

    @Test
    void aResolverWhoseAaaaQuestionTimedOutIsNoDisagreement() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10", "2001:db8::10")
                .refused("192.0.2.10", 1)
                .refused("2001:db8::10", 1)
                .dns(dnsOf(NAME, List.of(), List.of("192.0.2.53", "198.51.100.53"),
                        answer("192.0.2.53", "A", address(NAME, "192.0.2.10")),
                        answer("192.0.2.53", "AAAA", address(NAME, "2001:db8::10")),
                        answer("198.51.100.53", "A", address(NAME, "192.0.2.10")),
                        noAnswer("198.51.100.53", "AAAA", "timed out")))
                .build()));
    }

    @Test
    void aDisagreementBehindACdnIsSilent() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("104.16.1.1")
                .refused("104.16.1.1", 1)
                .dns(dnsOf(NAME, List.of(), List.of("192.0.2.53", "198.51.100.53"),
                        answer("192.0.2.53", "A", address(NAME, "104.16.1.1")),
                        answer("198.51.100.53", "A", address(NAME, "104.16.2.2"))))
                .cdn(new CdnSighting("cloudflare", "range", "104.16.1.1 in 104.16.0.0/13", "80,443",
                        Optional.of(false)))
                .build()));
    }

    @Test
    void aLiteralTargetIsSilentEvenWhenTheExpectationMisses() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .expect("192.0.2.20")
                .build()));
    }

    @Test
    void aNameThatDidNotResolveIsSilent() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .dnsFailed(DnsFailure.NXDOMAIN, "Name or service not known", 5)
                .expect("192.0.2.20")
                .dns(agreeing())
                .build()));
    }

    @Test
    void withoutExpectationOrDnsEvidenceItIsSilent() {
        assertSilent(rule.evaluate(target("ws://" + NAME + ":8282")
                .resolvedTo("192.0.2.10").refused("192.0.2.10", 1).build()));
    }
}
