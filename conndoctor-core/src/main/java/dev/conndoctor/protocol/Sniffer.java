package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Names what a server speaks from the first bytes it sent. Pure: bytes in, a verdict out,
 * one branch per protocol, checked from the most distinctive signature to the least.
 */
public final class Sniffer {

    /** Previews stay short enough for one line of a report. */
    public static final int PREVIEW_CHARS = 120;
    /** A first line is kept longer: a proof line with an IPv6 address and its zone must fit whole. */
    public static final int LABEL_CHARS = 240;

    /** TLS alert descriptions (RFC 8446 §6) that servers send to clients they will not talk to. */
    private static final Map<Integer, String> ALERTS = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"), Map.entry(40, "handshake_failure"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(50, "decode_error"),
            Map.entry(51, "decrypt_error"), Map.entry(70, "protocol_version"), Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"), Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"), Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"), Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    private Sniffer() {
    }

    /** Names the first {@code length} bytes of {@code data}; needs at least one byte. */
    public static Sniffed sniff(byte[] data, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("nothing to sniff");
        }
        String preview = Bytes.preview(data, length, PREVIEW_CHARS);
        String firstLine = firstLine(data, length);
        // a label goes into a one-line report: escaped (no terminal control bytes) and bounded
        String label = Bytes.preview(firstLine.getBytes(StandardCharsets.ISO_8859_1), LABEL_CHARS);
        if (HttpResponseHead.isStatusLine(firstLine)) {
            return new Sniffed(Speech.HTTP, label, preview);
        }
        int first = data[0] & 0xff;
        // a TLS record: content type, then version 3.x (SSL 3.0 to TLS 1.3 all say 3)
        if (length >= 2 && (data[1] & 0xff) == 0x03) {
            if (first == 0x16) {
                return new Sniffed(Speech.TLS, "TLS handshake record", preview);
            }
            if (first == 0x15) {
                String alert = length >= 7 ? ALERTS.getOrDefault(data[6] & 0xff, "alert " + (data[6] & 0xff)) : "alert";
                return new Sniffed(Speech.TLS_ALERT, "TLS alert: " + alert, preview);
            }
        }
        if (firstLine.startsWith("SSH-")) {
            return new Sniffed(Speech.SSH, label, preview);
        }
        if (isText(data, length)) {
            return new Sniffed(Speech.TEXT, label, preview);
        }
        return new Sniffed(Speech.BINARY, length + " bytes of binary data", preview);
    }

    public static Sniffed sniff(byte[] data) {
        return sniff(data, data.length);
    }

    /** Readable: valid UTF-8 with no control characters but tab, CR and LF. */
    public static boolean isText(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        // a cut in the middle of a multi-byte character leaves one replacement char at the end at most
        String body = text.endsWith("\ufffd") ? text.substring(0, text.length() - 1) : text;
        return !body.isEmpty() && body.chars().allMatch(c -> c == '\t' || c == '\r' || c == '\n' || c >= 0x20 && c != 0x7f
                && c != 0xfffd);
    }

    private static String firstLine(byte[] data, int length) {
        int end = 0;
        while (end < length && data[end] != '\n' && data[end] != '\r') {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.ISO_8859_1);
    }
}
