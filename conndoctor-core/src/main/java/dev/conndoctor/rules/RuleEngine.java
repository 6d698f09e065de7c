package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.RuledOut;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs rules over one piece of evidence and orders what they say by a {@link Precedence}: the
 * one loop behind the client's diagnosis and the server's report. The order the rules come in
 * does not matter. Pure, like the rules it runs.
 *
 * @param <E> the evidence the rules read
 */
public final class RuleEngine<E> {
    private final List<Rule<E>> rules;
    private final Precedence precedence;

    public RuleEngine(List<? extends Rule<E>> rules, Precedence precedence) {
        Set<CauseId> decided = new HashSet<>();
        for (Rule<E> rule : rules) {
            if (!precedence.ranks(rule.cause())) {
                throw new IllegalArgumentException("no precedence for " + rule.cause() + " (" + rule.getClass().getName() + ")");
            }
            if (!decided.add(rule.cause())) {
                throw new IllegalArgumentException("two rules decide " + rule.cause());
            }
        }
        this.rules = List.copyOf(rules);
        this.precedence = precedence;
    }

    /** What the rules found and ruled out, each list in precedence order (causes strongest first). */
    public record Findings(List<Cause> causes, List<RuledOut> ruledOut) {
        public Findings {
            causes = List.copyOf(causes);
            ruledOut = List.copyOf(ruledOut);
        }
    }

    public Findings run(E evidence) {
        List<Cause> found = new ArrayList<>();
        List<RuledOut> ruledOut = new ArrayList<>();
        for (Rule<E> rule : rules) {
            Verdict verdict = rule.evaluate(evidence);
            if (verdict instanceof Verdict.Found f) {
                found.add(checked(rule, f.cause().id(), f.cause()));
            } else if (verdict instanceof Verdict.Excluded excluded) {
                ruledOut.add(checked(rule, excluded.ruledOut().id(), excluded.ruledOut()));
            }
        }
        // a suppression is judged on everything found, so a suppressed cause still suppresses others
        List<Cause> causes = found.stream().filter(c -> precedence.suppressing(c.id(), found).isEmpty())
                .sorted(Comparator.comparing(Cause::confidence).thenComparing(c -> precedence.rank(c.id())))
                .toList();
        ruledOut.sort(Comparator.comparing(r -> precedence.rank(r.id())));
        return new Findings(causes, ruledOut);
    }

    private static <T> T checked(Rule<?> rule, CauseId named, T said) {
        if (named != rule.cause()) {
            throw new IllegalStateException(rule.getClass().getName() + " decides " + rule.cause() + " but named " + named);
        }
        return said;
    }
}
