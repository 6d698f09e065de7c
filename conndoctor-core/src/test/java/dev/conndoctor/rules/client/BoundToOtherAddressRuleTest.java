package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
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
import org.junit.jupiter.api.Test;

class BoundToOtherAddressRuleTest {

    private final Rule<Evidence> rule = new BoundToOtherAddressRule();

    @Test
    void listenerOnAnotherAddressOfThisMachineIsConfirmed() {
        Cause cause = found(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("192.0.2.30", 8282))
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_OTHER_ADDRESS);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("port 8282").contains("(192.0.2.20)");
        assertThat(evidence(cause))
                .contains("192.0.2.20:8282 answered with a reset (connection refused) in 0 ms")
                .contains("shows 192.0.2.30:8282 listening, not 192.0.2.20");
        assertThat(fixes(cause)).contains("(192.0.2.30:8282)").contains("0.0.0.0:8282");
    }

    @Test
    void loopbackDialledWhileTheServerListensOnTheOtherLoopbackIsConfirmed() {
        Cause cause = found(rule.evaluate(target("127.0.0.1:8282")
                .refused("127.0.0.1", 0)
                .localListeners("127.0.0.1", listening("::1", 8282))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("not 127.0.0.1");
    }

    @Test
    void ipv4WildcardDoesNotTakeAnIpv6Address() {
        Cause cause = found(rule.evaluate(target("[2001:db8::20]:8282")
                .refused("2001:db8::20", 0)
                .localListeners("2001:db8::20", listening("0.0.0.0", 8282))
                .build()));

        assertThat(evidence(cause)).contains("0.0.0.0:8282 listening");
    }

    @Test
    void loopbackOnlyListenerIsLeftToTheLoopbackRule() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282))
                .build()));
    }

    @Test
    void listenerThatTakesTheDialledAddressSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("192.0.2.20", 8282))
                .build()));
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("::", 8282))
                .build()));
    }

    @Test
    void noListenerAtAllSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20")
                .build()));
    }

    @Test
    void remoteTargetSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 3).build()));
    }

    @Test
    void timeoutSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .timedOut("192.0.2.20")
                .localListeners("192.0.2.20", listening("192.0.2.30", 8282))
                .build()));
    }
}
