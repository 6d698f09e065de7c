package dev.conndoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine alone, with fake rules over a fake evidence (a string): ordering, suppressions, and what it refuses. */
class RuleEngineTest {

    private static final Precedence A_B_C = Precedence.builder()
            .then(CauseId.FIREWALL_REJECT).then(CauseId.FIREWALL_DROP).then(CauseId.HOST_DOWN).build();

    @Test
    void causesOfEqualConfidenceFollowThePrecedenceWhateverTheRuleOrder() {
        List<Rule<String>> rules = new ArrayList<>(List.of(
                found(CauseId.HOST_DOWN, Confidence.LIKELY),
                found(CauseId.FIREWALL_DROP, Confidence.LIKELY),
                found(CauseId.FIREWALL_REJECT, Confidence.LIKELY)));
        for (long seed = 0; seed < 6; seed++) {
            Collections.shuffle(rules, new Random(seed));

            assertThat(new RuleEngine<>(rules, A_B_C).run("x").causes()).extracting(Cause::id)
                    .containsExactly(CauseId.FIREWALL_REJECT, CauseId.FIREWALL_DROP, CauseId.HOST_DOWN);
        }
    }

    @Test
    void confidenceComesBeforePrecedence() {
        RuleEngine<String> engine = new RuleEngine<>(List.of(
                found(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE),
                found(CauseId.FIREWALL_DROP, Confidence.CONFIRMED),
                found(CauseId.HOST_DOWN, Confidence.LIKELY)), A_B_C);

        assertThat(engine.run("x").causes()).extracting(Cause::id)
                .containsExactly(CauseId.FIREWALL_DROP, CauseId.HOST_DOWN, CauseId.FIREWALL_REJECT);
    }

    @Test
    void ruledOutCausesFollowThePrecedenceWhateverTheRuleOrder() {
        RuleEngine<String> engine = new RuleEngine<>(List.of(
                excluded(CauseId.HOST_DOWN),
                found(CauseId.FIREWALL_DROP, Confidence.LIKELY),
                excluded(CauseId.FIREWALL_REJECT)), A_B_C);

        RuleEngine.Findings findings = engine.run("x");

        assertThat(findings.causes()).extracting(Cause::id).containsExactly(CauseId.FIREWALL_DROP);
        assertThat(findings.ruledOut()).extracting(RuledOut::id)
                .containsExactly(CauseId.FIREWALL_REJECT, CauseId.HOST_DOWN);
    }

    @Test
    void aSuppressedCauseIsDroppedOnlyWhenItsWinnerIsFound() {
        Precedence precedence = Precedence.builder().then(CauseId.FIREWALL_REJECT).then(CauseId.FIREWALL_DROP)
                .suppresses(CauseId.FIREWALL_REJECT, CauseId.FIREWALL_DROP).build();

        assertThat(new RuleEngine<>(List.of(found(CauseId.FIREWALL_DROP, Confidence.CONFIRMED),
                found(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE)), precedence).run("x").causes())
                .extracting(Cause::id).containsExactly(CauseId.FIREWALL_REJECT);
        assertThat(new RuleEngine<>(List.of(found(CauseId.FIREWALL_DROP, Confidence.CONFIRMED),
                excluded(CauseId.FIREWALL_REJECT)), precedence).run("x").causes())
                .extracting(Cause::id).containsExactly(CauseId.FIREWALL_DROP);
    }

    @Test
    void aSuppressionWithAConfidenceNeedsTheWinnerThatSure() {
        Precedence precedence = Precedence.builder().then(CauseId.FIREWALL_REJECT).then(CauseId.FIREWALL_DROP)
                .suppresses(CauseId.FIREWALL_REJECT, Confidence.LIKELY, CauseId.FIREWALL_DROP).build();

        assertThat(new RuleEngine<>(List.of(found(CauseId.FIREWALL_DROP, Confidence.LIKELY),
                found(CauseId.FIREWALL_REJECT, Confidence.LIKELY)), precedence).run("x").causes())
                .extracting(Cause::id).containsExactly(CauseId.FIREWALL_REJECT);
        assertThat(new RuleEngine<>(List.of(found(CauseId.FIREWALL_DROP, Confidence.LIKELY),
                found(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE)), precedence).run("x").causes())
                .extracting(Cause::id).containsExactly(CauseId.FIREWALL_DROP, CauseId.FIREWALL_REJECT);
    }

    @Test
    void aSuppressedCauseStillSuppressesTheCausesBelowIt() {
        // as when each rule checked the other's trigger: the middle cause's finding is dropped, not unseen
        Precedence precedence = Precedence.builder()
                .then(CauseId.FIREWALL_REJECT).then(CauseId.FIREWALL_DROP).then(CauseId.HOST_DOWN)
                .suppresses(CauseId.FIREWALL_REJECT, CauseId.FIREWALL_DROP)
                .suppresses(CauseId.FIREWALL_DROP, CauseId.HOST_DOWN).build();

        assertThat(new RuleEngine<>(List.of(found(CauseId.HOST_DOWN, Confidence.LIKELY),
                found(CauseId.FIREWALL_DROP, Confidence.LIKELY), found(CauseId.FIREWALL_REJECT, Confidence.LIKELY)),
                precedence).run("x").causes()).extracting(Cause::id).containsExactly(CauseId.FIREWALL_REJECT);
    }

    @Test
    void aRuleWhoseCauseHasNoPrecedenceIsRefused() {
        assertThatThrownBy(() -> new RuleEngine<>(List.of(found(CauseId.NO_ROUTE, Confidence.LIKELY)), A_B_C))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-route");
    }

    @Test
    void twoRulesForOneCauseAreRefused() {
        assertThatThrownBy(() -> new RuleEngine<>(List.of(found(CauseId.HOST_DOWN, Confidence.LIKELY),
                excluded(CauseId.HOST_DOWN)), A_B_C))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host-down");
    }

    @Test
    void aVerdictForAnotherCauseThanTheRuleDecidesIsAnError() {
        Rule<String> liar = new Rule<>() {
            @Override
            public CauseId cause() {
                return CauseId.HOST_DOWN;
            }

            @Override
            public Verdict evaluate(String evidence) {
                return Verdict.found(Cause.builder(CauseId.FIREWALL_DROP, Confidence.LIKELY, "x").build());
            }
        };

        assertThatThrownBy(() -> new RuleEngine<>(List.of(liar), A_B_C).run("x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("firewall-drop");
    }

    @Test
    void silentRulesLeaveNoTrace() {
        RuleEngine.Findings findings = new RuleEngine<>(List.of(new FakeRule(CauseId.HOST_DOWN, Verdict.silent())), A_B_C)
                .run("x");

        assertThat(findings.causes()).isEmpty();
        assertThat(findings.ruledOut()).isEmpty();
    }

    private static Rule<String> found(CauseId id, Confidence confidence) {
        return new FakeRule(id, Verdict.found(Cause.builder(id, confidence, "x").build()));
    }

    private static Rule<String> excluded(CauseId id) {
        return new FakeRule(id, Verdict.ruledOut(id, "ruled-out.private-reachable", "192.0.2.10"));
    }

    /** A rule that always returns the same verdict, whatever the evidence. */
    private record FakeRule(CauseId cause, Verdict verdict) implements Rule<String> {
        @Override
        public Verdict evaluate(String evidence) {
            return verdict;
        }
    }
}
