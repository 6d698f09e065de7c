package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Resolution;

/** Shared shape of the three DNS rules: one resolver failure kind, one cause. */
abstract class DnsFailureRule implements Rule<Evidence> {

    /** The resolver failure this rule explains. */
    abstract DnsFailure failure();

    abstract Confidence confidence();

    @Override
    public final Verdict evaluate(Evidence evidence) {
        Resolution resolution = evidence.reach().resolution();
        if (resolution.failure().filter(f -> f == failure()).isEmpty()) {
            return Verdict.silent();
        }
        return Verdict.found(fixes(Cause.builder(cause(), confidence(), resolution.host())
                .evidence("evidence.dns-failed", resolution.host(), resolution.detail(), resolution.elapsedMs()),
                resolution.host()).build());
    }

    /** Adds the fix steps for this failure kind. */
    abstract Cause.Builder fixes(Cause.Builder cause, String host);
}
