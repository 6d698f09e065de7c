package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tells a server's greeting that came late (after the client had already sent its request)
 * from a reply to that request. A reply read that starts with a greeting line is the server
 * speaking first, however late: a line protocol's well-known greetings (SSH's identification,
 * the {@code 220} of SMTP and FTP, POP3's {@code +OK}, IMAP's {@code * OK}), or any complete
 * line followed by an HTTP status line or by the echo of the request's first line (a gateway
 * that greets, then echoes).
 * Pure.
 */
public final class Greetings {

    /** First-line prefixes only a server that speaks first sends unasked. */
    private static final List<String> GREETING_PREFIXES = List.of("SSH-", "220 ", "220-", "+OK", "* OK", "* PREAUTH");

    private Greetings() {
    }

    /**
     * The length of the greeting that opens {@code data} (its first line, line ending included),
     * or 0 when the bytes read as a reply to {@code requestLine} rather than a greeting.
     *
     * @param requestLine the first line of what the client sent (without its line ending)
     */
    public static int lateGreeting(byte[] data, int length, String requestLine) {
        int end = 0;
        while (end < length && data[end] != '\n') {
            end++;
        }
        if (end >= length) {
            return 0; // no complete line: a greeting is a line
        }
        int lineLength = end + 1;
        String first = new String(data, 0, end, StandardCharsets.ISO_8859_1).strip();
        if (first.startsWith("HTTP/") || first.isEmpty()) {
            return 0;
        }
        for (String prefix : GREETING_PREFIXES) {
            if (first.startsWith(prefix)) {
                return lineLength;
            }
        }
        String rest = new String(data, lineLength, length - lineLength, StandardCharsets.ISO_8859_1);
        // a line, then the HTTP answer: the line was said before the request was answered
        if (rest.startsWith("HTTP/")) {
            return lineLength;
        }
        // a line the server said, then our own request back: the line came before the request was read
        if (!requestLine.isEmpty() && !first.equals(requestLine.strip()) && rest.startsWith(requestLine)) {
            return lineLength;
        }
        return 0;
    }
}
