package dev.conndoctor.rules.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The server's precedence table, line by line, and the server's rules in any order. */
class ServerPrecedenceTest {

    private static final Precedence PRECEDENCE = ServerRules.precedence();
    private static final int PORT = 8282;

    @Test
    void everyRuleHasALineAndEveryLineHasARule() {
        assertThat(PRECEDENCE.ranking()).containsExactlyInAnyOrderElementsOf(
                ServerRules.all().stream().map(Rule::cause).toList());
        assertThat(PRECEDENCE.suppressions()).isEmpty();
    }

    @Test
    void eachRankedCauseStandsBeforeTheNextOneAtEqualConfidence() {
        PortEvidence any = new PortEvidence(ServerRulesTest.Host.of().build(), PORT);
        List<CauseId> ranking = PRECEDENCE.ranking();
        for (int i = 1; i < ranking.size(); i++) {
            CauseId first = ranking.get(i - 1);
            CauseId second = ranking.get(i);
            RuleEngine<PortEvidence> engine = new RuleEngine<>(List.of(confirmed(second), confirmed(first)), PRECEDENCE);

            assertThat(engine.run(any).causes()).extracting(Cause::id).containsExactly(first, second);
        }
    }

    @Test
    void shuffledRulesGiveTheSameFindingsForEveryHost() {
        List<PortEvidence> hosts = List.of(
                new PortEvidence(ServerRulesTest.Host.of().build(), PORT),
                new PortEvidence(ServerRulesTest.Host.of().listener("127.0.0.1", PORT).build(), PORT),
                new PortEvidence(ServerRulesTest.Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt")
                        .panel().build(), PORT),
                new PortEvidence(ServerRulesTest.Host.of().iptables("iptables-rules.txt").panel().build(), PORT),
                new PortEvidence(ServerRulesTest.Host.of(9000).listener("0.0.0.0", 9000).iptables("iptables-rules.txt")
                        .build(), 9000),
                new PortEvidence(ServerRulesTest.Host.of(22).listener("0.0.0.0", 22).iptables("iptables-rules.txt")
                        .panel().build(), 22),
                new PortEvidence(ServerRulesTest.Host.of().listener("192.0.2.10", PORT, 2, 1, java.util.Optional.empty())
                        .overflows(4, 4).build(), PORT));
        RuleEngine<PortEvidence> registered = new RuleEngine<>(ServerRules.all(), PRECEDENCE);
        List<Rule<PortEvidence>> rules = new ArrayList<>(ServerRules.all());
        for (long seed = 0; seed < 6; seed++) {
            Collections.shuffle(rules, new Random(seed));
            RuleEngine<PortEvidence> shuffled = new RuleEngine<>(rules, PRECEDENCE);
            for (PortEvidence at : hosts) {
                assertThat(shuffled.run(at)).isEqualTo(registered.run(at));
            }
        }
    }

    private static Rule<PortEvidence> confirmed(CauseId id) {
        Verdict verdict = Verdict.found(Cause.builder(id, Confidence.CONFIRMED, "x").build());
        return new Rule<>() {
            @Override
            public CauseId cause() {
                return id;
            }

            @Override
            public Verdict evaluate(PortEvidence evidence) {
                return verdict;
            }
        };
    }
}
