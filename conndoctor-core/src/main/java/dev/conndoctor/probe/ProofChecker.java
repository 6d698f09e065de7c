package dev.conndoctor.probe;

import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.protocol.Proof;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The end-to-end proof: draws the nonce a {@code conndoctor listen --token} at the target must
 * sign, then checks the signature it sent back and whether it saw us as one of our own
 * addresses. The check itself is pure; only the nonce needs randomness.
 */
public final class ProofChecker {

    private final SecureRandom random;

    public ProofChecker(SecureRandom random) {
        this.random = random;
    }

    /** A fresh nonce when a token asks for the proof; none otherwise, and nothing is asked. */
    public Optional<String> nonce(Optional<String> token) {
        return token.map(t -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        });
    }

    /**
     * What the exchange proves. No proof is asked for when nothing was sent (a TLS handshake that
     * failed, a banner first), so such an exchange yields no check at all.
     */
    public Optional<ProofCheck> check(Optional<String> token, Optional<String> nonce, Optional<ProtocolExchange> exchange,
                                      List<LocalInterface> interfaces) {
        return token.flatMap(t -> exchange.filter(x -> !x.request().isEmpty()).map(x -> {
            Optional<ProofReading.Answer> answer = ProofReading.read(x);
            boolean verified = answer.filter(a -> Proof.verify(t, nonce.orElseThrow(), a.seenAs(), a.proof())).isPresent();
            boolean local = answer.map(a -> seenAsLocal(a.seenAs(), interfaces)).orElse(false);
            return new ProofCheck(answer.isPresent(), verified, answer.map(ProofReading.Answer::seenAs), local);
        }));
    }

    /** Whether the address a listener saw us as is one of ours: nothing rewrote it on the way. */
    static boolean seenAsLocal(String seenAs, List<LocalInterface> interfaces) {
        int colon = seenAs.lastIndexOf(':');
        String host = (colon > 0 ? seenAs.substring(0, colon) : seenAs).replace("[", "").replace("]", "");
        return interfaces.stream().anyMatch(i -> Endpoints.text(i.address()).equals(host))
                || host.startsWith("127.") || host.equals("::1");
    }
}
