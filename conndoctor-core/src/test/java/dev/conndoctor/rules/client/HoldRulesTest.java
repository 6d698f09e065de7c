package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.Lifetimes.pingingHold;
import static dev.conndoctor.fixtures.Lifetimes.silentHold;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.excluded;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Lifetime.How;
import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.ExchangeBuilder;
import dev.conndoctor.protocol.CloseCodes;
import dev.conndoctor.rules.Rule;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** idle-timeout, closed-by-server and ping-unanswered, from hand-built holds of a WebSocket that worked. */
class HoldRulesTest {

    private static final String NGINX_101 = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: upgrade\r\n"
            + "Sec-WebSocket-Accept: " + ExchangeBuilder.ACCEPT + "\r\n"
            + "\r\n";

    private final Rule<Evidence> idle = new IdleTimeoutRule();
    private final Rule<Evidence> closed = new ClosedByServerRule();
    private final Rule<Evidence> ping = new PingUnansweredRule();

    private static Evidence websocket(String answer) {
        return to("ws://192.0.2.10:8282/chat").answer(answer).pingAnswered(true).evidence();
    }

    @Test
    void aSilentSessionClosedAtSixtySecondsBehindNginxIsLikelyNginxsIdleTimeout() {
        Evidence e = silentHold(120).closedByServer(How.FIN, 60_030, 60_030).on(websocket(NGINX_101));

        Cause cause = assertFilled(found(idle.evaluate(e)));

        assertThat(cause.id()).isEqualTo(CauseId.IDLE_TIMEOUT);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("after 60.0 s");
        assertThat(evidence(cause)).contains("Nothing was sent either way for 60.0 s").contains("(a FIN)")
                .contains("nginx proxy_read_timeout / proxy_send_timeout: 60 s")
                .contains("AWS Application Load Balancer")
                .contains("nginx/1.22.1");
        assertThat(fixes(cause)).contains("`proxy_read_timeout 3600s; proxy_send_timeout 3600s;`")
                .contains("idle_timeout.timeout_seconds")
                .contains("--hold 120s --ping-every 30s")
                .contains("pingNotResponseLimit");
        assertSilent(closed.evaluate(e));
        assertSilent(ping.evaluate(e));
    }

    @Test
    void aTimeoutOfNoKnownLengthIsStillNamedWithTheProxyThatAnsweredTheUpgrade() {
        Evidence e = silentHold(5).closedByServer(How.FIN, 2_004, 2_004).on(websocket(NGINX_101));

        Cause cause = found(idle.evaluate(e));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("2.0 s matches no known default").contains("nginx/1.22.1");
        assertThat(fixes(cause)).contains("proxy_read_timeout").doesNotContain("aws elbv2");
    }

    @Test
    void aResetAfterThreeHundredFiftySilentSecondsMatchesAnAwsNetworkLoadBalancer() {
        Evidence e = silentHold(600).closedByServer(How.RESET, 350_400, 350_400).on(websocket(Answers.WEBSOCKET_101));

        Cause cause = assertFilled(found(idle.evaluate(e)));

        assertThat(evidence(cause)).contains("AWS Network Load Balancer").contains("forgot the flow")
                .contains("drop idle flows silently");
        assertThat(fixes(cause)).contains("tcp.idle_timeout.seconds");
    }

    @Test
    void aThirtySecondCloseWhilePingsFlowedMatchesGoogleCloudsLifetimeLimitOnly() {
        Evidence e = pingingHold(120, 10_000).closedByServer(How.FIN, 30_050, 50).on(websocket(Answers.WEBSOCKET_101));

        // 50 ms of silence is no idle period: the server's side closed a session in use, and GCP's limit is its age
        assertSilent(idle.evaluate(e));
        Cause cause = assertFilled(found(closed.evaluate(e)));
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("30.1 s in").contains("1006");
        assertThat(evidence(cause)).contains("1006, a code never on the wire");
    }

    @Test
    void aSilenceBetweenPingsThatEndsInACloseIsOnlyPossiblyAnIdleTimeout() {
        Evidence e = pingingHold(120, 20_000).closedByServer(How.FIN, 47_000, 7_000).on(websocket(Answers.WEBSOCKET_101));

        Cause cause = found(idle.evaluate(e));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("one every 20000 ms");
    }

    @Test
    void aSilentHoldThatLastedRulesAnIdleTimeoutThatShortOut() {
        Evidence e = silentHold(90).on(websocket(Answers.WEBSOCKET_101));

        assertThat(Verdicts.render(excluded(idle.evaluate(e)).why())).contains("silent hold of 90.0 s");
        assertSilent(closed.evaluate(e));
    }

    @Test
    void aSilentHoldWhoseClosingPingIsSwallowedIsPossiblyAFlowForgottenByANat() {
        Evidence e = silentHold(300).pongMissing(303_000, 300_000, 1, 0).on(websocket(Answers.WEBSOCKET_101));

        Cause idleCause = assertFilled(found(idle.evaluate(e)));
        Cause pingCause = assertFilled(found(ping.evaluate(e)));

        assertThat(idleCause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(summary(idleCause)).contains("forgot the idle flow");
        assertThat(pingCause.confidence()).isEqualTo(Confidence.POSSIBLE);
    }

    @Test
    void aCloseFrameWithPolicyViolationIsConfirmedWithItsMeaningAndReason() {
        Evidence e = pingingHold(30, 1000).closeFrame(1008, "token expired", 4_200, 200)
                .on(websocket(Answers.WEBSOCKET_101));

        Cause cause = assertFilled(found(closed.evaluate(e)));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).isEqualTo("The server ended the session 4.2 s in, with close code 1008: policy violation.");
        assertThat(evidence(cause)).contains("code 1008, reason \"token expired\"").contains("authentication, origin");
        assertThat(fixes(cause)).contains("credentials").contains("reconnect");
        assertSilent(idle.evaluate(e));
    }

    @Test
    void everyKindOfCloseCodeHasItsTitleMeaningAndFixInBothLanguages() {
        for (int code : List.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1006, 3001,
                4000, 2000)) {
            Evidence e = pingingHold(30, 1000).closeFrame(code, "r", 4_000, 2_000).on(websocket(Answers.WEBSOCKET_101));
            Cause cause = code == 1000 || code == 1001 ? found(idle.evaluate(e)) : assertFilled(found(closed.evaluate(e)));
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("es"))) {
                for (Text text : texts(cause)) {
                    assertThat(text.render(locale)).as("%s %s %s", code, text.key(), locale)
                            .doesNotContain("close.").doesNotContain("how.").doesNotContain("{");
                }
            }
            if (code != 1000 && code != 1001) {
                assertThat(summary(cause)).contains(String.valueOf(code));
            }
        }
        assertThat(CloseCodes.Kind.values()).allSatisfy(kind -> {
            for (String family : List.of("close.title.", "close.means.", "close.fix.")) {
                assertThat(Verdicts.render(Text.of(family + kind.id(), 1234))).doesNotStartWith(family);
            }
        });
    }

    @Test
    void everyKnownTimeoutHasItsNameAndFixInBothLanguages() {
        for (IdleTimeouts.Known known : IdleTimeouts.ALL) {
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("es"))) {
                assertThat(Text.of("idle.known." + known.id()).render(locale)).doesNotStartWith("idle.known.");
                if (!known.id().equals("nginx")) {
                    // Cloudflare's cannot be raised below Enterprise: its fix is a heartbeat, not a command
                    assertThat(Text.of("idle.fix." + known.id()).render(locale)).doesNotStartWith("idle.fix.")
                            .contains(known.id().equals("cloudflare") ? "100 s" : "`");
                }
            }
        }
    }

    @Test
    void aFinBetweenAnsweredPingsIsLikelyTheServerClosing() {
        Evidence e = pingingHold(30, 1000).closedByServer(How.FIN, 5_300, 300).on(websocket(Answers.WEBSOCKET_101));

        Cause cause = assertFilled(found(closed.evaluate(e)));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("(a FIN) 5.3 s into the hold, 300 ms after the last traffic");
        assertThat(fixes(cause)).contains("server's log");
    }

    @Test
    void aResetMidSessionIsItsOwnOutcome() {
        Evidence e = pingingHold(30, 1000).closedByServer(How.RESET, 7_400, 400).on(websocket(Answers.WEBSOCKET_101));

        Cause cause = assertFilled(found(closed.evaluate(e)));

        assertThat(summary(cause)).contains("reset 7.4 s in, 400 ms after the last traffic").contains("not an idle timeout");
        assertThat(fixes(cause)).contains("conntrack -S").contains("oom");
        assertSilent(idle.evaluate(e));
    }

    @Test
    void aPingUnansweredMidSessionIsLikely() {
        Evidence e = pingingHold(30, 1000).pongMissing(6_000, 1, 3, 0).on(websocket(Answers.WEBSOCKET_101));

        Cause cause = assertFilled(found(ping.evaluate(e)));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("no pong within 3000 ms");
        assertThat(evidence(cause)).contains("Pings sent: 3, pongs received: 0");
        assertThat(fixes(cause)).contains("event loop").contains("reconnect");
        assertSilent(idle.evaluate(e));
        assertSilent(closed.evaluate(e));
    }

    @Test
    void pingsThatAllGotTheirPongRuleAPingUnansweredOut() {
        Evidence e = pingingHold(10, 2_500).on(websocket(Answers.WEBSOCKET_101));

        assertThat(Verdicts.render(excluded(ping.evaluate(e)).why())).contains("All 4 pings of the 10.0 s hold");
    }

    @Test
    void aTcpConnectionClosedBetweenNothingIsTheServerClosingAConnectionInUse() {
        Evidence tcp = dev.conndoctor.fixtures.EvidenceBuilder.target("tcp://192.0.2.10:9000").connected("192.0.2.10", 1)
                .build();
        Evidence e = pingingHold(30, 1000).closedByServer(How.FIN, 800, 800).on(tcp);

        Cause cause = found(closed.evaluate(e));

        assertThat(summary(cause)).isEqualTo("The server closed the connection 0.8 s in, while it was in use.");
        assertSilent(ping.evaluate(e));
    }

    @Test
    void aSessionThatBrokeDuringTheHoldFailsTheDiagnosisAndOneThatHeldDoesNot() {
        Diagnosis broken = Diagnosers.client().diagnose(silentHold(120).closedByServer(How.FIN, 60_030, 60_030)
                .on(websocket(NGINX_101)), 1);
        Diagnosis held = Diagnosers.client().diagnose(pingingHold(10, 2_500).on(websocket(Answers.WEBSOCKET_101)), 1);
        Diagnosis unanswered = Diagnosers.client().diagnose(pingingHold(30, 1000).pongMissing(6_000, 1, 3, 0)
                .on(websocket(Answers.WEBSOCKET_101)), 1);

        assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(broken.symptom()).isEqualTo(Symptom.CLOSED);
        assertThat(broken.primaryCause().map(Cause::id)).contains(CauseId.IDLE_TIMEOUT);
        assertThat(held.outcome()).isEqualTo(Outcome.OK);
        assertThat(unanswered.symptom()).isEqualTo(Symptom.NO_REPLY);
        assertThat(unanswered.primaryCause().map(Cause::id)).contains(CauseId.PING_UNANSWERED);
    }

    private static List<Text> texts(Cause cause) {
        List<Text> all = new java.util.ArrayList<>(List.of(cause.summary()));
        all.addAll(cause.evidence());
        all.addAll(cause.fixes());
        return all;
    }

    /** The fixture's renderer, named so that it reads as what it is in the assertions above. */
    private static final class Verdicts {
        static String render(Text text) {
            return dev.conndoctor.fixtures.Verdicts.render(text);
        }
    }
}
