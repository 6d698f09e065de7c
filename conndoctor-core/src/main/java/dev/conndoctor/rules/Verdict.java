package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.RuledOut;

/** What one rule concluded from the evidence: a cause, a cause ruled out with the reason, or nothing to say. */
public sealed interface Verdict {

    /** The evidence supports the rule's cause. */
    record Found(Cause cause) implements Verdict {
    }

    /** The rule's cause was checked and the evidence excludes it. */
    record Excluded(RuledOut ruledOut) implements Verdict {
    }

    /** The evidence says nothing about the rule's cause. */
    record Silent() implements Verdict {
    }

    static Verdict found(Cause cause) {
        return new Found(cause);
    }

    static Verdict ruledOut(CauseId id, String key, Object... args) {
        return new Excluded(RuledOut.of(id, key, args));
    }

    static Verdict silent() {
        return new Silent();
    }
}
