package dev.conndoctor.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and headers of an HTTP/1.x response, as parsed from the first bytes a server
 * sent. Lenient where servers are (bare LF line ends), strict on the status line.
 *
 * @param headLength the bytes the head took, including the blank line; the body starts there
 */
public record HttpResponseHead(String statusLine, String version, int status, String reason,
                               List<Map.Entry<String, String>> headers, int headLength) {

    /** The largest answer head conndoctor reads, as Node.js clients do: a head that has not ended by then is too large. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    public HttpResponseHead {
        headers = List.copyOf(headers);
    }

    /** The head if {@code data} holds a complete one; empty when it is not HTTP or not complete yet. */
    public static Optional<HttpResponseHead> parse(byte[] data, int length) {
        int end = headEnd(data, length);
        if (end < 0) {
            return Optional.empty();
        }
        String text = new String(data, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        Optional<StatusLine> status = StatusLine.parse(lines[0]);
        if (status.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
        }
        StatusLine s = status.get();
        return Optional.of(new HttpResponseHead(lines[0], s.version(), s.status(), s.reason(), headers, end));
    }

    /**
     * Whether {@code data} begins like an HTTP answer: {@code HTTP/}, or as much of it as has
     * come. A head that begins so and never ends is an unfinished or oversized answer, not another
     * protocol.
     */
    public static boolean beginsLikeHttp(byte[] data, int length) {
        byte[] prefix = "HTTP/".getBytes(StandardCharsets.US_ASCII);
        if (length <= 0) {
            return false;
        }
        for (int i = 0; i < Math.min(length, prefix.length); i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code line} is an HTTP/1.x status line: {@code HTTP/1.1 200 OK}. */
    public static boolean isStatusLine(String line) {
        return StatusLine.parse(line).isPresent();
    }

    /** The first value of a header, by name in any case. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Whether a comma-separated header (Connection, Upgrade) holds {@code token}, in any case. */
    public boolean headerHasToken(String name, String token) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .flatMap(h -> java.util.Arrays.stream(h.getValue().split(",")))
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    /** The Server header in lower case, or "". */
    public String server() {
        return header("Server").orElse("").toLowerCase(Locale.ROOT);
    }

    private record StatusLine(String version, int status, String reason) {
        private static final Pattern FORM = Pattern.compile("^(HTTP/\\d(?:\\.\\d)?) (\\d{3})(?: (.*))?$");

        static Optional<StatusLine> parse(String line) {
            Matcher m = FORM.matcher(line);
            return m.matches()
                    ? Optional.of(new StatusLine(m.group(1), Integer.parseInt(m.group(2)),
                            m.group(3) == null ? "" : m.group(3)))
                    : Optional.empty();
        }
    }

    /** The offset just past the blank line that ends the head, or -1. */
    static int headEnd(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                if (i + 1 < length && data[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && data[i + 1] == '\r' && data[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }
}
