package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CdnInFrontRuleTest {

    private static final String CF_PORTS = "80,443,2052,2053,2082,2083,2086,2087,2095,2096,8080,8443,8880";
    private final Rule<Evidence> rule = new CdnInFrontRule();

    private static CdnSighting cloudflareRange(boolean forwarded) {
        return new CdnSighting("cloudflare", "range", "104.16.132.229 in 104.16.0.0/13", CF_PORTS,
                Optional.of(forwarded));
    }

    @Test
    void aPortTheEdgeDoesNotForwardIsLikely() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://chat.example.test:8282")
                .resolvedTo("104.16.132.229")
                .timedOut("104.16.132.229")
                .cdn(cloudflareRange(false))
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.CDN_IN_FRONT);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("A CDN (cloudflare)");
        assertThat(evidenceKeys(cause)).containsExactly("evidence.cdn-range", "evidence.cdn-port-not-forwarded");
        assertThat(evidence(cause)).isEqualTo("cloudflare edge: 104.16.132.229 in 104.16.0.0/13.\n"
                + "cloudflare forwards only the ports " + CF_PORTS + "; port 8282 is not among them, "
                + "so the edge never passes it to the server.");
        assertThat(fixes(cause)).contains("origin.chat.example.test").contains("(cloudflare: " + CF_PORTS + ")")
                .contains("DNS only");
    }

    @Test
    void aCdnSeenWithUnknownPortsIsPossible() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://chat.example.test:8282")
                .resolvedTo("192.0.2.10")
                .refused("192.0.2.10", 1)
                .cdn(new CdnSighting("akamai", "cname", "e1234.a.akamaiedge.net", "any", Optional.empty()))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).isEqualTo("akamai CNAME: e1234.a.akamaiedge.net.");
        assertThat(fixes(cause)).contains("(akamai: any)");
    }

    @Test
    void aForwardedPortIsOnlyPossible() {
        Cause cause = found(rule.evaluate(target("wss://chat.example.test:8443")
                .resolvedTo("104.16.132.229").refused("104.16.132.229", 1).cdn(cloudflareRange(true)).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidenceKeys(cause)).doesNotContain("evidence.cdn-port-not-forwarded");
    }

    @Test
    void everySightingIsAnEvidenceLineAndTheUnforwardedOneLeads() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://chat.example.test:8282")
                .resolvedTo("104.16.132.229")
                .timedOut("104.16.132.229")
                .cdn(new CdnSighting("cloudflare", "cname", "chat.example.test.cdn.cloudflare.net", "any",
                        Optional.empty()))
                .cdn(cloudflareRange(false))
                .cdn(new CdnSighting("cloudflare", "header", "cf-ray", "any", Optional.empty()))
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidenceKeys(cause)).containsExactly("evidence.cdn-cname", "evidence.cdn-range",
                "evidence.cdn-header", "evidence.cdn-port-not-forwarded");
        assertThat(evidence(cause)).contains("cloudflare response header: cf-ray.");
        // the fix names the ports of the range that does not forward, not the "any" of the CNAME
        assertThat(fixes(cause)).contains("(cloudflare: " + CF_PORTS + ")");
    }

    @Test
    void noSightingIsSilent() {
        assertSilent(rule.evaluate(target("ws://chat.example.test:8282")
                .resolvedTo("192.0.2.10").timedOut("192.0.2.10").build()));
    }
}
