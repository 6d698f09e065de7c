package dev.conndoctor.rules;

import dev.conndoctor.CauseId;

/**
 * Decides one cause of the catalogue from the evidence it reads ({@code E}: the client's
 * evidence, or one port of the server's). Rules are pure: no I/O, no clock, no state, so each is
 * tested from evidence built by hand.
 *
 * @param <E> the evidence the rule reads
 */
public interface Rule<E> {

    /** The cause this rule decides; its verdicts name no other, and no other rule of an engine decides it. */
    CauseId cause();

    Verdict evaluate(E evidence);
}
