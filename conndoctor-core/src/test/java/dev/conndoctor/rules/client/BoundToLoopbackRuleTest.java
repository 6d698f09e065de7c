package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.excluded;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.render;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import org.junit.jupiter.api.Test;

class BoundToLoopbackRuleTest {

    private final Rule<Evidence> rule = new BoundToLoopbackRule();

    @Test
    void listenerOnLoopbackOnlyWhileAnotherAddressIsDialledIsConfirmed() {
        Cause cause = found(rule.evaluate(target("ws://192.0.2.20:8282/")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282))
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("port 8282").contains("loopback");
        assertThat(evidence(cause))
                .contains("192.0.2.20:8282 answered with a reset")
                .contains("shows 127.0.0.1:8282 listening")
                .contains("nothing takes port 8282");
    }

    @Test
    void listenersOnBothLoopbacksAreAllNamed() {
        Cause cause = found(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282), listening("::1", 8282))
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("127.0.0.1:8282, [");
    }

    @Test
    void fixesTellHowToListenOnAllAddresses() {
        Cause cause = found(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282))
                .build()));

        assertThat(fixes(cause))
                .contains("ss -ltnp 'sport = :8282'")
                .contains("new Worker('websocket://0.0.0.0:8282')")
                .contains("server.listen(8282, '0.0.0.0')");
    }

    @Test
    void refusedRemoteTargetIsOnlyPossiblyBoundToLoopback() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 9).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("refuses connections to 192.0.2.10:8282");
    }

    @Test
    void noListenerAnywhereRulesItOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20")
                .build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(render(ruledOut.why())).contains("port 8282");
    }

    @Test
    void loopbackDialledWhileListeningOnTheOtherLoopbackIsLeftToTheOtherAddressRule() {
        assertSilent(rule.evaluate(target("127.0.0.1:8282")
                .refused("127.0.0.1", 0)
                .localListeners("127.0.0.1", listening("::1", 8282))
                .build()));
    }

    @Test
    void listenerOnAnotherNonLoopbackAddressSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282), listening("192.0.2.30", 8282))
                .build()));
    }

    @Test
    void wildcardListenerSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("0.0.0.0", 8282))
                .build()));
    }

    @Test
    void timeoutSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));
    }
}
