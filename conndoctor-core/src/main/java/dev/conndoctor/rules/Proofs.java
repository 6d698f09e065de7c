package dev.conndoctor.rules;

import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Reply;

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
                .filter(x -> x.reply() == Reply.DATA)
                .filter(x -> ProtocolOutcome.failure(x).isEmpty()).isPresent();
        return evidence.proof().filter(p -> !p.verified()).filter(p -> p.answered() || answeredWithoutProof).isPresent();
    }

    /**
     * Whether a conndoctor listen answered with a proof that does not verify. Only a listener
     * started with a token answers at all, so this is a listener holding another token: the one
     * given here is mistyped, far more often than another listener stands at the address.
     */
    public static boolean answeredWithAnotherToken(Evidence evidence) {
        return evidence.proof().filter(p -> p.answered() && !p.verified()).isPresent();
    }

    /**
     * How sure a failed proof makes "another server": confirmed when the server in the expected
     * protocol gave no proof at all; only possible when a listener answered with another token,
     * since a mistyped {@code --token} looks the same.
     */
    public static Confidence confidence(Evidence evidence) {
        return answeredWithAnotherToken(evidence) ? Confidence.POSSIBLE : Confidence.CONFIRMED;
    }
}
