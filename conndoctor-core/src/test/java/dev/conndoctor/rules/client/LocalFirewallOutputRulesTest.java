package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.firewall.IptablesSave;
import dev.conndoctor.firewall.NftRuleset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * local-firewall from the client's own OUTPUT rules, read from captured rulesets: a DROP looks
 * like a remote timeout and a REJECT like a refusal, and the rule read on this machine confirms it.
 */
class LocalFirewallOutputRulesTest {

    private final Rule<Evidence> rule = new LocalFirewallRule();

    private static String fixture(String name) {
        try (InputStream in = LocalFirewallOutputRulesTest.class.getResourceAsStream("/fixtures/firewall/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/firewall/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalFirewall iptables(String fixture) {
        return new LocalFirewall(IptablesSave.parse(fixture(fixture), "iptables"), List.of("iptables"));
    }

    @Test
    void anOutputDropOfThePortIsLocalFirewallConfirmedWithTheRule() {
        Evidence e = target("192.0.2.10:8282").timedOut("192.0.2.10").localFirewall(iptables("iptables-rules.txt"))
                .build();

        Cause cause = assertFilled(found(rule.evaluate(e)));
        assertThat(cause.id()).isEqualTo(CauseId.LOCAL_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).isEqualTo("This machine's own firewall dropped outgoing connections to port 8282: "
                + "iptables: -A OUTPUT -p tcp -m tcp --dport 8282 -j DROP.");
    }

    @Test
    void anOutputDropIsThePrimaryCauseOfWhatLooksLikeARemoteTimeout() {
        Evidence e = target("192.0.2.10:8282").timedOut("192.0.2.10").localFirewall(iptables("iptables-rules.txt"))
                .build();

        Diagnosis d = Diagnosers.client().diagnose(e, 3);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.LOCAL_FIREWALL);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void anOutputRejectIsLocalFirewallConfirmedAndOutranksTheRefusal() {
        Evidence e = target("192.0.2.10:8283").refused("192.0.2.10", 0)
                .localFirewall(iptables("iptables-conditional-jump.txt")).build();

        Cause cause = found(rule.evaluate(e));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("rejected outgoing connections to port 8283")
                .contains("--reject-with icmp-port-unreachable");
        Diagnosis d = Diagnosers.client().diagnose(e, 3);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.LOCAL_FIREWALL);
    }

    @Test
    void anOutputDropInNativeNftIsLocalFirewallConfirmed() {
        LocalFirewall nft = new LocalFirewall(NftRuleset.parse(fixture("nft-native.json"), false), List.of("nft"));
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").localFirewall(nft).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("nft: tcp dport 8282 drop");
    }

    @Test
    void aPermissionDeniedBesideTheRuleKeepsBothLines() {
        Evidence e = target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 0, "Operation not permitted")
                .localFirewall(iptables("iptables-rules.txt")).build();

        Cause cause = found(rule.evaluate(e));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("Operation not permitted").contains("-A OUTPUT -p tcp -m tcp --dport 8282 -j DROP");
    }

    @Test
    void anOutputChainThatLetsThePortOutSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:9000").timedOut("192.0.2.10")
                .localFirewall(iptables("iptables-rules.txt")).build()));
        // the INPUT drop of 8282 in the same ruleset is the server side's business, not this client's
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10")
                .localFirewall(iptables("iptables-policy-drop.txt")).build()));
    }

    @Test
    void aFirewallThatCouldNotBeReadSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10")
                .localFirewall(new LocalFirewall(List.of(), List.of())).build()));
    }

    @Test
    void anOutputDropToTheDialledServerIsLocalFirewall() {
        Evidence e = target("192.0.2.10:8284").timedOut("192.0.2.10")
                .localFirewall(iptables("iptables-conditional-jump.txt")).build();

        Cause cause = found(rule.evaluate(e));
        assertThat(cause.confidence()).isIn(Confidence.CONFIRMED, Confidence.LIKELY);
        assertThat(evidence(cause)).contains("-d 192.0.2.10/32");
    }
}
