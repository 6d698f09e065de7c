package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
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
import dev.conndoctor.evidence.AddressOrder;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;
import org.junit.jupiter.api.Test;

class AddressFamilyMismatchRuleTest {

    private final Rule<Evidence> rule = new AddressFamilyMismatchRule();

    @Test
    void localhostRefusedOnIpv6FirstWithTheServerOnIpv4OnlyIsConfirmed() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://localhost:8282/")
                .refused("::1", 0)
                .connected("127.0.0.1", 1)
                .localListeners("::1", listening("127.0.0.1", 8282))
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.ADDRESS_FAMILY_MISMATCH);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("The name localhost leads to an address of one family first");
        assertThat(evidence(cause))
                .contains("localhost resolves to ::1, 127.0.0.1, in this order (the system's order: getaddrinfo, RFC 6724")
                .contains("[::1]:8282 (IPv6) failed: \"Connection refused\" after 0 ms")
                .contains("127.0.0.1:8282 (IPv4) accepts the connection in 1 ms")
                .contains("socket table shows 127.0.0.1:8282 listening, not ::1")
                .contains("::1 comes first: clients that dial only the first address fail, among them Node 17 to 19")
                .contains("reach 127.0.0.1 at once after the refusal");
        assertThat(fixes(cause))
                .contains("`new Worker('websocket://[::]:8282', ['socket' => ['ipv6_v6only' => false]])`")
                .contains("dial the address that works, 127.0.0.1, instead of the name localhost")
                .contains("`--dns-result-order=ipv4first`")
                .doesNotContain("ip6tables");
    }

    @Test
    void aSilentIpv6FirstIsConfirmedWithTheFirewallOfThatFamilyFirst() {
        Cause cause = assertFilled(found(rule.evaluate(target("dual.example:8282")
                .timedOut("2001:db8::10")
                .connected("192.0.2.10", 1)
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("where connections go unanswered");
        assertThat(evidence(cause)).contains("[2001:db8::10]:8282 (IPv6) failed: \"no answer within 3000 ms\"")
                .contains("only after waiting for the silent one");
        assertThat(cause.fixes()).extracting(t -> t.key()).containsExactly("fix.family-mismatch.firewall-ipv6",
                "fix.family-mismatch.stale-address", "fix.family-mismatch.dial", "fix.family-mismatch.client-ipv4");
        assertThat(fixes(cause)).contains("`sudo ip6tables -I INPUT -p tcp --dport 8282 -j ACCEPT`")
                .contains("if no machine holds 2001:db8::10 any more, take it out of the name dual.example");
    }

    @Test
    void anIpv4RefusedFirstWithTheServerOnIpv6OnlyNamesTheClientsThatTakeIpv4First() {
        Cause cause = assertFilled(found(rule.evaluate(target("dual.example:8282")
                .order(AddressOrder.IPV4_FIRST)
                .refused("192.0.2.10", 0)
                .connected("2001:db8::10", 1)
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("in this order (Java's order: IPv4 first)")
                .contains("among them Java by default (it takes IPv4 first)");
        assertThat(fixes(cause)).contains("`-Djava.net.preferIPv6Addresses=true`")
                .contains("`--dns-result-order=ipv6first`")
                .contains("instead of the name dual.example");
    }

    @Test
    void aFailingFamilyThatComesLaterIsOnlyPossibleAndSaysWhoStillFails() {
        Cause cause = assertFilled(found(rule.evaluate(target("dual.example:8282")
                .connected("192.0.2.10", 1)
                .refused("2001:db8::10", 0)
                .build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(summary(cause)).contains("reaches the server on IPv4 only: its IPv6 addresses fail");
        assertThat(evidenceKeys(cause)).contains("evidence.family-later-fails").doesNotContain("evidence.family-first-fails");
        assertThat(evidence(cause)).contains("192.0.2.10 comes first, so clients that dial only the first address work")
                .contains("-Djava.net.preferIPv6Addresses=true");
    }

    @Test
    void everyAttemptOfTheFailingFamilyIsEvidence() {
        Cause cause = found(rule.evaluate(target("dual.example:8282")
                .refused("2001:db8::10", 0)
                .refused("2001:db8::11", 0)
                .connected("192.0.2.10", 1)
                .build()));

        assertThat(evidence(cause)).contains("[2001:db8::10]:8282 (IPv6) failed").contains("[2001:db8::11]:8282 (IPv6) failed");
    }

    @Test
    void oneFamilyOnlySaysNothing() {
        assertSilent(rule.evaluate(target("two.example:8282").refused("192.0.2.11", 0).connected("192.0.2.10", 1)
                .build()));
    }

    @Test
    void bothFamiliesFailingSaysNothing() {
        assertSilent(rule.evaluate(target("dual.example:8282").refused("2001:db8::10", 0).refused("192.0.2.10", 0)
                .build()));
    }

    @Test
    void aFamilyWithOneWorkingAddressIsNotFailing() {
        assertSilent(rule.evaluate(target("dual.example:8282").refused("2001:db8::10", 0)
                .connected("2001:db8::11", 1).connected("192.0.2.10", 1).build()));
    }

    @Test
    void aFamilyThisMachineCannotRouteIsNotTheServersMismatch() {
        assertSilent(rule.evaluate(target("dual.example:8282")
                .attempt("2001:db8::10", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .connected("192.0.2.10", 1).build()));
    }

    @Test
    void anAddressLiteralHasOneFamilyAndSaysNothing() {
        assertSilent(rule.evaluate(target("[::1]:8282").refused("::1", 0).build()));
    }
}
