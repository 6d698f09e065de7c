package dev.conndoctor;

import dev.conndoctor.evidence.Evidence;
import java.util.List;
import java.util.Optional;

/**
 * The answer to "why can this client not connect": the outcome, the first failing stage, the
 * causes strongest first, what was ruled out and why, and all the evidence behind them.
 *
 * @param warnings problems that did not stop the connection, such as one address family failing
 */
public record Diagnosis(Target target, Outcome outcome, Symptom symptom, List<Cause> causes, List<RuledOut> ruledOut,
                        List<Text> warnings, Evidence evidence, long elapsedMs) {

    public Diagnosis {
        causes = List.copyOf(causes);
        ruledOut = List.copyOf(ruledOut);
        warnings = List.copyOf(warnings);
    }

    /** The primary cause, when one was found. */
    public Optional<Cause> primaryCause() {
        return causes.isEmpty() ? Optional.empty() : Optional.of(causes.get(0));
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
