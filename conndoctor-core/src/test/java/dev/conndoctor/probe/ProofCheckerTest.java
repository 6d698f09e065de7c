package dev.conndoctor.probe;

import static dev.conndoctor.TestResources.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Proof;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end-to-end proof checked from hand-built exchanges. */
class ProofCheckerTest {

    private static final Optional<String> TOKEN = Optional.of("T");
    private static final Optional<String> NONCE = Optional.of("0011");
    private static final List<LocalInterface> INTERFACES = List.of(new LocalInterface("eth0", ip("198.51.100.20"), 24));

    private final ProofChecker checker = new ProofChecker(new SecureRandom());

    private static Optional<ProtocolExchange> answered(String request, String seenAs, String proof) {
        String reply = "HTTP/1.1 101 Switching Protocols\r\nX-Conndoctor-Seen-As: " + seenAs + "\r\n"
                + "X-Conndoctor-Proof: " + proof + "\r\n\r\n";
        byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
        return Optional.of(new ProtocolExchange(Scheme.WS, ip("192.0.2.10"), 8282, Optional.empty(), Optional.empty(),
                request, Reply.DATA, Optional.empty(), HttpResponseHead.parse(bytes, bytes.length), "", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 3));
    }

    @Test
    void aNonceIsDrawnOnlyWhenATokenAsksForTheProof() {
        assertThat(checker.nonce(Optional.empty())).isEmpty();
        assertThat(checker.nonce(TOKEN)).get().asString().hasSize(32).matches("[0-9a-f]+");
        assertThat(checker.nonce(TOKEN)).isNotEqualTo(checker.nonce(TOKEN));
    }

    @Test
    void aRightProofFromOurOwnAddressIsVerifiedAndLocal() {
        String proof = Proof.compute("T", "0011", "198.51.100.20:40312");

        Optional<ProofCheck> check = checker.check(TOKEN, NONCE, answered("GET /", "198.51.100.20:40312", proof), INTERFACES);

        assertThat(check).contains(new ProofCheck(true, true, Optional.of("198.51.100.20:40312"), true));
    }

    @Test
    void aProofForAnotherNonceIsAnsweredButNotVerified() {
        String proof = Proof.compute("T", "ffff", "203.0.113.9:1");

        Optional<ProofCheck> check = checker.check(TOKEN, NONCE, answered("GET /", "203.0.113.9:1", proof), INTERFACES);

        assertThat(check).contains(new ProofCheck(true, false, Optional.of("203.0.113.9:1"), false));
    }

    @Test
    void nothingIsCheckedWithoutATokenOrWhenNothingWasSent() {
        String proof = Proof.compute("T", "0011", "198.51.100.20:1");

        assertThat(checker.check(Optional.empty(), Optional.empty(), answered("GET /", "198.51.100.20:1", proof),
                INTERFACES)).isEmpty();
        assertThat(checker.check(TOKEN, NONCE, answered("", "198.51.100.20:1", proof), INTERFACES)).isEmpty();
    }
}
