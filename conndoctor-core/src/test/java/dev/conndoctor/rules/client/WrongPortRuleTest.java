package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Answers;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.EvidenceBuilder.ip;
import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
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
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrongPortRuleTest {

    private static final String HOST = "192.0.2.10";

    private final Rule<Evidence> rule = new WrongPortRule();

    @Test
    void refusedPortWithAWorkingWebSocketNearbyIsLikelyWrongPort() {
        ProtocolExchange websocket = to("ws://192.0.2.10:8282/chat").port(8283).answer(Answers.WEBSOCKET_101).build();
        ProtocolExchange staticPage = to("ws://192.0.2.10:8282/chat").port(80).answer(Answers.NGINX_STATIC_200).build();

        Cause cause = assertFilled(found(rule.evaluate(target("ws://192.0.2.10:8282/chat").refused(HOST, 1)
                .portScan(scan(List.of(open(8283), open(80), closed(8281)), Map.of(8283, websocket, 80, staticPage)))
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.WRONG_PORT);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("Nothing listens on port 8282, but port 8283");
        assertThat(evidence(cause))
                .contains("192.0.2.10:8282 answered with a reset (connection refused) in 1 ms")
                .contains("192.0.2.10:8283 answers ws: http: \"HTTP/1.1 101 Switching Protocols\"")
                .contains("Tried 3 likely ports of the host")
                .contains("open: [8283, 80]");
        assertThat(fixes(cause)).contains("Dial the port that answers: ws://192.0.2.10:8283")
                .contains("listen on port 8282");
    }

    @Test
    void lowestWorkingPortIsNamedWhenSeveralWork() {
        ProtocolExchange a = to("http://192.0.2.10:8081/").port(8090).answer(Answers.PLAIN_200).build();
        ProtocolExchange b = to("http://192.0.2.10:8081/").port(8080).answer(Answers.PLAIN_200).build();

        Cause cause = found(rule.evaluate(target("http://192.0.2.10:8081/").refused(HOST, 1)
                .portScan(scan(List.of(open(8090), open(8080)), Map.of(8090, a, 8080, b))).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(fixes(cause)).contains("http://192.0.2.10:8080");
    }

    @Test
    void anyOpenPortForARawTcpTargetIsOnlyPossible() {
        ProtocolExchange tcp = to("tcp://192.0.2.10:2347").port(2348).build();

        Cause cause = assertFilled(found(rule.evaluate(target("tcp://192.0.2.10:2347").refused(HOST, 1)
                .portScan(scan(List.of(open(2348)), Map.of(2348, tcp))).build())));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(fixes(cause)).contains("tcp://192.0.2.10:2348");
    }

    @Test
    void textTargetIsOnlyPossible() {
        ProtocolExchange text = to("text://192.0.2.10:7000").port(7001).answer("conndoctor\n").build();

        Cause cause = found(rule.evaluate(target("text://192.0.2.10:7000").refused(HOST, 1)
                .portScan(scan(List.of(open(7001)), Map.of(7001, text))).build()));

        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
    }

    @Test
    void nothingOpenRulesWrongPortOut() {
        RuledOut ruledOut = excluded(rule.evaluate(target("ws://192.0.2.10:8282/").refused(HOST, 1)
                .portScan(scan(List.of(closed(8281), closed(8283), closed(80)), Map.of())).build()));

        assertThat(ruledOut.id()).isEqualTo(CauseId.WRONG_PORT);
        assertThat(render(ruledOut.why())).isEqualTo("None of the 3 likely ports of the host accepts connections either.");
    }

    @Test
    void openPortsThatSpeakOtherwiseRuleWrongPortOut() {
        ProtocolExchange staticPage = to("ws://192.0.2.10:8282/").port(80).answer(Answers.NGINX_STATIC_200).build();
        ProtocolExchange silent = to("ws://192.0.2.10:8282/").port(8080).silent().build();

        RuledOut ruledOut = excluded(rule.evaluate(target("ws://192.0.2.10:8282/").refused(HOST, 1)
                .portScan(scan(List.of(open(80), open(8080)), Map.of(80, staticPage, 8080, silent))).build()));

        assertThat(render(ruledOut.why())).isEqualTo("The likely ports that accept ([80, 8080]) do not speak ws.");
    }

    @Test
    void noRefusalSaysNothing() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282/").timedOut(HOST)
                .portScan(scan(List.of(open(80)), Map.of(80,
                        to("ws://192.0.2.10:8282/").port(80).answer(Answers.WEBSOCKET_101).build()))).build()));
    }

    @Test
    void noScanSaysNothing() {
        assertSilent(rule.evaluate(target("ws://192.0.2.10:8282/").refused(HOST, 1).build()));
    }

    private static PortScan scan(List<ConnectAttempt> attempts, Map<Integer, ProtocolExchange> spoken) {
        return new PortScan(ip(HOST), attempts, spoken);
    }

    private static ConnectAttempt open(int port) {
        return probe(HOST, port, ConnectOutcome.CONNECTED, 1);
    }

    private static ConnectAttempt closed(int port) {
        return probe(HOST, port, ConnectOutcome.REFUSED, 1);
    }
}
