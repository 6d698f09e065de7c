package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeIpProxyRuleTest {

    private final Rule<Evidence> rule = new FakeIpProxyRule();

    @Test
    void aNameResolvedIntoTheFakeIpBlockIsConfirmed() {
        Cause cause = assertFilled(found(rule.evaluate(target("ws://api.example.test:8282")
                .resolvedTo("198.18.0.42")
                .timedOut("198.18.0.42")
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.FAKE_IP_PROXY);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("api.example.test resolved to 198.18.0.42, in 198.18.0.0/15");
        assertThat(fixes(cause)).contains("api.example.test DIRECT").contains("fake-ip-filter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.18.0.1", "198.19.255.254"})
    void bothHalvesOfTheBlockAreFake(String address) {
        assertThat(found(rule.evaluate(target("api.example.test:9000").resolvedTo(address).refused(address, 1).build()))
                .id()).isEqualTo(CauseId.FAKE_IP_PROXY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.17.255.255", "198.20.0.1", "192.0.2.10"})
    void neighbouringAddressesAreReal(String address) {
        assertSilent(rule.evaluate(target("api.example.test:9000").resolvedTo(address).refused(address, 1).build()));
    }

    @Test
    void theFirstFakeAddressAmongRealOnesIsNamed() {
        Cause cause = found(rule.evaluate(target("api.example.test:9000")
                .resolvedTo("192.0.2.10", "198.18.3.4").refused("192.0.2.10", 1).refused("198.18.3.4", 1).build()));

        assertThat(evidence(cause)).contains("198.18.3.4");
    }

    @Test
    void aFakeIpLiteralDialledOnPurposeIsSilent() {
        assertSilent(rule.evaluate(target("198.18.0.42:9000").refused("198.18.0.42", 1).build()));
    }
}
