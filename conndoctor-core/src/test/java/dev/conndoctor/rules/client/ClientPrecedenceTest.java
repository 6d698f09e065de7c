package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's precedence table, line by line: each rank against its neighbour, each suppression with the real rules. */
class ClientPrecedenceTest {

    private static final Precedence PRECEDENCE = ClientRules.precedence();
    private static final Evidence ANY = target("192.0.2.10:8282").refused("192.0.2.10", 1).build();

    @Test
    void everyRuleHasALineAndEveryLineHasARule() {
        assertThat(PRECEDENCE.ranking()).containsExactlyInAnyOrderElementsOf(
                ClientRules.all().stream().map(Rule::cause).toList());
    }

    @Test
    void eachRankedCauseStandsBeforeTheNextOneAtEqualConfidence() {
        List<CauseId> ranking = PRECEDENCE.ranking();
        for (int i = 1; i < ranking.size(); i++) {
            CauseId first = ranking.get(i - 1);
            CauseId second = ranking.get(i);
            // registered in the opposite order, so only the table can put them right; possible, so that no
            // suppression of the table (they need a likely winner, or are not between neighbours) drops one
            RuleEngine<Evidence> engine = new RuleEngine<>(List.of(possible(second), possible(first)), PRECEDENCE);

            assertThat(engine.run(ANY).causes()).extracting(Cause::id).containsExactly(first, second);
        }
    }

    @Test
    void theTableDeclaresExactlyTheseSuppressions() {
        // a new suppression needs its case below
        assertThat(PRECEDENCE.suppressions()).extracting(s -> s.winner() + ">" + s.atLeast().id() + ">" + s.loser())
                .containsExactly("websocket-path-not-found>possible>http-not-websocket",
                        "websocket-rejected>possible>http-not-websocket",
                        "proxy-strips-upgrade>likely>http-not-websocket",
                        "address-family-mismatch>possible>server-not-listening",
                        "address-family-mismatch>possible>wrong-port",
                        "address-family-mismatch>possible>bound-to-loopback",
                        "address-family-mismatch>possible>bound-to-other-address");
    }

    /** localhost: ::1 first and refused, 127.0.0.1 working, the server's WebSocket fine there. */
    private static dev.conndoctor.fixtures.EvidenceBuilder localhostOnIpv4Only() {
        return target("ws://localhost:8282/").refused("::1", 0).connected("127.0.0.1", 1)
                .exchange(to("ws://127.0.0.1:8282/").answer(Answers.WEBSOCKET_101).pingAnswered(true).build());
    }

    @Test
    void aFamilyMismatchSuppressesServerNotListeningAndBoundToLoopback() {
        Evidence e = localhostOnIpv4Only().build();

        assertThat(new ServerNotListeningRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(new BoundToLoopbackRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(causes(e)).contains(CauseId.ADDRESS_FAMILY_MISMATCH)
                .doesNotContain(CauseId.SERVER_NOT_LISTENING, CauseId.BOUND_TO_LOOPBACK);
    }

    @Test
    void aFamilyMismatchSuppressesBoundToOtherAddressWhoseFixWouldNotTakeIpv6() {
        Evidence e = localhostOnIpv4Only().localListeners("::1", listening("127.0.0.1", 8282)).build();

        assertThat(new BoundToOtherAddressRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(causes(e)).containsExactly(CauseId.ADDRESS_FAMILY_MISMATCH);
    }

    @Test
    void aFamilyMismatchSuppressesWrongPort() {
        ProtocolExchange other = to("ws://[::1]:8282/").port(8283).answer(Answers.WEBSOCKET_101).build();
        Evidence e = localhostOnIpv4Only().portScan(new PortScan(dev.conndoctor.fixtures.EvidenceBuilder.ip("::1"),
                List.of(dev.conndoctor.fixtures.EvidenceBuilder.probe("::1", 8283,
                        dev.conndoctor.evidence.ConnectOutcome.CONNECTED, 1)), java.util.Map.of(8283, other))).build();

        assertThat(new WrongPortRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(causes(e)).contains(CauseId.ADDRESS_FAMILY_MISMATCH).doesNotContain(CauseId.WRONG_PORT);
    }

    @Test
    void pathNotFoundSuppressesHttpNotWebSocket() {
        Evidence e = to("ws://192.0.2.10:8282/chat").answer(Answers.NOT_FOUND_404).evidence();

        assertThat(new HttpNotWebSocketRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(causes(e)).containsExactly(CauseId.WEBSOCKET_PATH_NOT_FOUND);
    }

    @Test
    void rejectedSuppressesHttpNotWebSocket() {
        Evidence e = to("ws://192.0.2.10:8282/chat").answer(Answers.UNAUTHORIZED_401).evidence();

        assertThat(new HttpNotWebSocketRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(causes(e)).containsExactly(CauseId.WEBSOCKET_REJECTED);
    }

    @Test
    void aProxyLikelyStrippingTheUpgradeSuppressesHttpNotWebSocket() {
        Evidence e = to("ws://192.0.2.10:80/chat").answer(Answers.NGINX_502).evidence();

        assertThat(new HttpNotWebSocketRule().evaluate(e)).isInstanceOf(Verdict.Found.class);
        assertThat(Diagnosers.client().diagnose(e, 1).causes()).extracting(Cause::id, Cause::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY));
    }

    @Test
    void aProxyOnlyPossiblyStrippingTheUpgradeLeavesHttpNotWebSocket() {
        Evidence e = to("ws://192.0.2.10:80/chat").answer(Answers.NGINX_STATIC_200).evidence();

        assertThat(causes(e)).containsExactly(CauseId.HTTP_NOT_WEBSOCKET, CauseId.PROXY_STRIPS_UPGRADE);
    }

    private static List<CauseId> causes(Evidence e) {
        return Diagnosers.client().diagnose(e, 1).causes().stream().map(Cause::id).toList();
    }

    private static Rule<Evidence> possible(CauseId id) {
        Verdict verdict = Verdict.found(Cause.builder(id, Confidence.POSSIBLE, "x").build());
        return new Rule<>() {
            @Override
            public CauseId cause() {
                return id;
            }

            @Override
            public Verdict evaluate(Evidence evidence) {
                return verdict;
            }
        };
    }
}
