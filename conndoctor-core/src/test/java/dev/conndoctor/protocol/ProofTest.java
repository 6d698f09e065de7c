package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The end-to-end proof: an HMAC-SHA256 keyed with the token over the nonce and the address seen. */
class ProofTest {

    private static final String TOKEN = "correct horse battery staple";
    private static final String NONCE = "00112233445566778899aabbccddeeff";
    private static final String SEEN = "198.51.100.20:40312";

    @Test
    void theProofIsTheHmacOfNonceNewlineSeenAs() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((NONCE + "\n" + SEEN).getBytes(StandardCharsets.UTF_8)));

        assertThat(Proof.compute(TOKEN, NONCE, SEEN)).isEqualTo(expected).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void aVectorComputedElsewhere() {
        // python3: hmac.new(b'Jefe', b'00112233445566778899aabbccddeeff\n[2001:db8:b::20]:40312', hashlib.sha256)
        assertThat(Proof.compute("Jefe", NONCE, "[2001:db8:b::20]:40312"))
                .isEqualTo("4bd8d22dfbe63a1098dc166bfe73b8f9fe0bd67722c09d6d640b5656a03e9b82");
    }

    @Test
    void theProofNeverContainsTheToken() {
        assertThat(Proof.compute(TOKEN, NONCE, SEEN)).doesNotContain(TOKEN);
        assertThat(Proof.compute("abc", "abc", "abc")).doesNotContain("abc");
    }

    @Test
    void theRightProofVerifies() {
        String proof = Proof.compute(TOKEN, NONCE, SEEN);
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, proof)).isTrue();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, " " + proof + "\r\n")).as("whitespace around it").isTrue();
    }

    @Test
    void aWrongTokenDoesNotVerify() {
        String proof = Proof.compute("another token", NONCE, SEEN);
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, proof)).isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, Proof.compute(TOKEN.toUpperCase(), NONCE, SEEN))).isFalse();
    }

    @Test
    void aProofOfAnotherNonceDoesNotVerify() {
        // a replay: the proof a listener gave to an earlier run
        String old = Proof.compute(TOKEN, "ffeeddccbbaa99887766554433221100", SEEN);
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, old)).isFalse();
    }

    @Test
    void aProofForAnotherSeenAsDoesNotVerify() {
        // the seenAs is bound into the proof: a relay cannot claim another address
        String proof = Proof.compute(TOKEN, NONCE, SEEN);
        assertThat(Proof.verify(TOKEN, NONCE, "203.0.113.7:40312", proof)).isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, "198.51.100.20:40313", proof)).isFalse();
    }

    @Test
    void malformedProofsDoNotVerify() {
        String proof = Proof.compute(TOKEN, NONCE, SEEN);
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, "")).isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, proof.substring(0, 63))).as("a prefix").isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, proof + "0")).as("longer").isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, proof.toUpperCase())).as("upper case").isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, TOKEN)).as("the token itself").isFalse();
        assertThat(Proof.verify(TOKEN, NONCE, SEEN, "é".repeat(64))).as("not ASCII").isFalse();
    }

    @Test
    void tokensAreUtf8() {
        assertThat(Proof.compute("contraseña", NONCE, SEEN)).isNotEqualTo(Proof.compute("contrase?a", NONCE, SEEN));
        assertThat(Proof.verify("contraseña", NONCE, SEEN, Proof.compute("contraseña", NONCE, SEEN))).isTrue();
    }

    @Test
    void verifyComparesInConstantTime() {
        // the comparison is MessageDigest.isEqual (constant time for equal lengths), never equals()
        JavaClass proof = new ClassFileImporter().importClasses(Proof.class).get(Proof.class);
        JavaMethod verify = proof.getMethod("verify", String.class, String.class, String.class, String.class);
        Set<String> calls = verify.getMethodCallsFromSelf().stream()
                .map(JavaMethodCall::getTarget)
                .map(t -> t.getOwner().getName() + "." + t.getName())
                .collect(Collectors.toSet());
        assertThat(calls).contains("java.security.MessageDigest.isEqual")
                .doesNotContain("java.lang.String.equals", "java.lang.String.equalsIgnoreCase",
                        "java.lang.String.contentEquals", "java.util.Arrays.equals", "java.util.Objects.equals");
    }

    @Test
    void theHeadersHaveTheirNames() {
        assertThat(Proof.NONCE_HEADER).isEqualTo("X-Conndoctor-Nonce");
        assertThat(Proof.SEEN_AS_HEADER).isEqualTo("X-Conndoctor-Seen-As");
        assertThat(Proof.PROOF_HEADER).isEqualTo("X-Conndoctor-Proof");
    }
}
