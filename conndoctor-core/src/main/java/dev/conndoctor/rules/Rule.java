package dev.conndoctor.rules;

import dev.conndoctor.evidence.Evidence;

/**
 * Decides one cause of the catalogue from the evidence. Rules are pure: no I/O, no clock, no
 * state, so each is tested from evidence built by hand.
 */
public interface Rule {

    Verdict evaluate(Evidence evidence);
}
