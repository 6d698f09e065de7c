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
import dev.conndoctor.evidence.ConnectOutcome;
import org.junit.jupiter.api.Test;

class ServerNotListeningRuleTest {

    private final Rule<Evidence> rule = new ServerNotListeningRule();

    @Test
    void refusedPortWithNoListenerIsConfirmedServerNotListening() {
        Cause cause = found(rule.evaluate(target("127.0.0.1:8282")
                .refused("127.0.0.1", 0)
                .localListeners("127.0.0.1")
                .build()));

        assertThat(cause.id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("port 8282");
        assertThat(evidence(cause))
                .contains("127.0.0.1:8282 answered with a reset (connection refused) in 0 ms")
                .contains("no listener on port 8282");
    }

    @Test
    void refusedRemotePortIsLikelyServerNotListening() {
        Cause cause = found(rule.evaluate(target("ws://192.0.2.10:8282/chat")
                .refused("192.0.2.10", 14)
                .build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 answered with a reset")
                .contains("in 14 ms")
                .contains("REJECT rule");
    }

    @Test
    void fixesNameThePort() {
        Cause cause = found(rule.evaluate(target("192.0.2.10:8282").refused("192.0.2.10", 1).build()));

        assertThat(fixes(cause)).contains("bind port 8282").contains("ss -ltnp 'sport = :8282'");
        assertThat(cause.fixes()).hasSize(3);
    }

    @Test
    void listenerOnThePortRulesItOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282), listening("::1", 8282))
                .build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(render(ruledOut.why())).contains("127.0.0.1:8282").contains(":8282");
    }

    @Test
    void firstRefusedAddressIsTheOneReported() {
        Cause cause = found(rule.evaluate(target("example.com:8282")
                .attempt("2001:db8::10", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")
                .refused("192.0.2.10", 3)
                .refused("192.0.2.11", 5)
                .build()));

        assertThat(evidence(cause)).contains("192.0.2.10:8282").doesNotContain("192.0.2.11");
    }

    @Test
    void timeoutSaysNothing() {
        assertSilent(rule.evaluate(target("192.0.2.10:8282").timedOut("192.0.2.10").build()));
    }

    @Test
    void failedNameResolutionSaysNothing() {
        assertSilent(rule.evaluate(target("nosuch.example:8282")
                .dnsFailed(dev.conndoctor.evidence.DnsFailure.NXDOMAIN, "nosuch.example: Name or service not known", 3)
                .build()));
    }
}
