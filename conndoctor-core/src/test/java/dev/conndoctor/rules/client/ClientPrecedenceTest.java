package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's precedence table, line by line: each rank against its neighbour. */
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
            // registered in the opposite order, so only the table can put them right
            RuleEngine<Evidence> engine = new RuleEngine<>(List.of(possible(second), possible(first)), PRECEDENCE);

            assertThat(engine.run(ANY).causes()).extracting(Cause::id).containsExactly(first, second);
        }
    }

    @Test
    void theTableDeclaresNoSuppression() {
        assertThat(PRECEDENCE.suppressions()).isEmpty();
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
