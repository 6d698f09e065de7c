package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The end-to-end proof between {@code conndoctor diagnose --token T} and {@code conndoctor listen
 * --token T}: the client sends a nonce, the listener answers with the address it saw the client
 * as and an HMAC-SHA256 over both keyed with the token. The token itself never crosses the wire.
 */
public final class Proof {
    /** The request header that carries the client's nonce. */
    public static final String NONCE_HEADER = "X-Conndoctor-Nonce";
    /** How a proof line starts, both ways: the client's nonce over text and tcp, and the listener's answer. */
    public static final String LINE_PREFIX = "CONNDOCTOR-PROOF ";
    /** The response header with the client's address as the listener saw it. */
    public static final String SEEN_AS_HEADER = "X-Conndoctor-Seen-As";
    /** The response header with the proof. */
    public static final String PROOF_HEADER = "X-Conndoctor-Proof";

    private Proof() {
    }

    /** The proof for {@code nonce} and {@code seenAs}, hex. */
    public static String compute(String token, String nonce, String seenAs) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((nonce + "\n" + seenAs).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Whether {@code proof} is right, compared in constant time. */
    public static boolean verify(String token, String nonce, String seenAs, String proof) {
        byte[] expected = compute(token, nonce, seenAs).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, proof.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
