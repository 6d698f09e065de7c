package dev.conndoctor.probe;

import dev.conndoctor.protocol.Proof;

import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Optional;

/** Reads the listener's proof out of an exchange: from the HTTP headers, or from the text line. Pure. */
public final class ProofReading {
    private ProofReading() {
    }

    /** The address the listener saw and its proof, when the exchange carries them. */
    public record Answer(String seenAs, String proof) {
    }

    public static Optional<Answer> read(ProtocolExchange x) {
        if (x.http().isPresent()) {
            Optional<String> seenAs = x.http().get().header(Proof.SEEN_AS_HEADER);
            Optional<String> proof = x.http().get().header(Proof.PROOF_HEADER);
            return seenAs.isPresent() && proof.isPresent() ? Optional.of(new Answer(seenAs.get(), proof.get()))
                    : Optional.empty();
        }
        return x.sniffed().map(s -> s.label()).filter(l -> l.startsWith(Proof.LINE_PREFIX))
                .map(l -> l.substring(17).strip().split(" "))
                .filter(parts -> parts.length == 2)
                .map(parts -> new Answer(parts[0], parts[1]));
    }
}
