package dev.conndoctor.rules;

import dev.conndoctor.evidence.Evidence;

/**
 * When the end-to-end proof says another server answered. A proof that came back and does not
 * verify always does; a missing proof only when the exchange itself worked: a listener of
 * another protocol cannot answer in this one, and its silence proves nothing.
 */
public final class Proofs {
    private Proofs() {
    }

    public static boolean failed(Evidence evidence) {
        // the server answered in the expected protocol and gave no proof: that is telling
        boolean answeredWithoutProof = evidence.exchange()
                .filter(x -> x.reply() == dev.conndoctor.evidence.Reply.DATA)
                .filter(x -> ProtocolOutcome.failure(x).isEmpty()).isPresent();
        return evidence.proof().filter(p -> !p.verified()).filter(p -> p.answered() || answeredWithoutProof).isPresent();
    }
}
