package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import org.junit.jupiter.api.Test;

class WrongAddressRuleTest {

    private final Rule<Evidence> rule = new WrongAddressRule();

    @Test
    void aDialledAddressThatIsNotTheExpectedOneIsConfirmed() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .expect("192.0.2.20")
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.WRONG_ADDRESS);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).isEqualTo("192.0.2.10 is not the server's address.");
        assertThat(evidence(cause)).isEqualTo("The client dials 192.0.2.10, but the server is at 192.0.2.20 (--expect-ip).");
        assertThat(fixes(cause)).contains("Dial the server's address: 192.0.2.20.");
    }

    @Test
    void anIpv6LiteralIsWrittenShort() {
        Cause cause = assertFilled(found(rule.evaluate(target("[2001:db8:0:0::10]:8282")
                .refused("2001:db8::10", 1)
                .expect("2001:db8::20", "192.0.2.20")
                .build())));

        assertThat(evidence(cause)).contains("dials 2001:db8::10").contains("2001:db8::20, 192.0.2.20");
    }

    @Test
    void theExpectedAddressIsSilent() {
        assertSilent(rule.evaluate(target("ws://192.0.2.20:8282").refused("192.0.2.20", 1).expect("192.0.2.20").build()));
    }

    @Test
    void withoutAnExpectationItIsSilent() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282").refused("192.0.2.10", 1).build()));
    }

    @Test
    void aNameIsLeftToTheDnsRule() {
        assertSilent(rule.evaluate(target("ws://api.example.test:8282")
                .resolvedTo("192.0.2.10").connected("192.0.2.10", 1).expect("192.0.2.20").build()));
    }

    // --- the end-to-end proof

    private static Evidence withProof(Evidence e, boolean answered) {
        return new Evidence(e.target(), e.timeout(), e.reach(), e.exchange(), e.portScan(), e.local(), e.path(),
                e.serverFacts(), java.util.Optional.of(new dev.conndoctor.evidence.ProofCheck(answered, false,
                        answered ? java.util.Optional.of("127.0.0.1:50000") : java.util.Optional.empty(), answered)),
                java.util.List.of());
    }

    private static Evidence textExchange() {
        return dev.conndoctor.fixtures.ExchangeBuilder.to("text://127.0.0.1:7000").answer("hello\n").evidence();
    }

    @Test
    void aListenerAnsweringWithAnotherTokenIsOnlyPossiblyAnotherServerAndTheTokenIsTheFirstFix() {
        Cause cause = assertFilled(found(rule.evaluate(withProof(textExchange(), true))));

        assertThat(cause.id()).isEqualTo(CauseId.WRONG_ADDRESS);
        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(summary(cause)).contains("answered with another token")
                .contains("the token given here differs from the listener's");
        assertThat(evidence(cause)).contains("does not verify").contains("another token");
        assertThat(cause.fixes().get(0).render(java.util.Locale.ROOT)).contains("Give --token exactly");
    }

    @Test
    void aServerThatGaveNoProofAtAllIsStillConfirmedAnotherServer() {
        Cause cause = assertFilled(found(rule.evaluate(withProof(textExchange(), false))));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("gave no end-to-end proof");
    }
}
