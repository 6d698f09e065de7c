package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP/1.x request head (request line and headers) read with a size bound, for the test
 * servers; it reads byte by byte so nothing after the head is consumed.
 */
record HttpHead(String method, String target, String version, List<String[]> headers) {

    /** The head is larger than the bound; the server answers 431 and hangs up. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("request head larger than " + limit + " bytes");
        }
    }

    /**
     * The first bytes cannot start an HTTP request (a TLS ClientHello, a binary frame): the
     * server answers 400 at once, as nginx does, instead of waiting for a head.
     */
    static final class NotHttpException extends IOException {
        private static final long serialVersionUID = 1L;

        NotHttpException(int b) {
            super(String.format(java.util.Locale.ROOT, "byte 0x%02x cannot start an HTTP method", b));
        }
    }

    /**
     * Reads up to the blank line that ends the head. Returns {@code null} when the client
     * closes before a complete head; a request line that is not HTTP yields method
     * {@code null}. Throws {@link NotHttpException} as soon as a byte cannot belong to a method.
     */
    static HttpHead read(InputStream in, int maxBytes) throws IOException {
        byte[] buffer = new byte[Math.min(maxBytes, 1024)];
        int length = 0;
        boolean inMethod = true; // until the first space, every byte must be one a method is made of
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (length == maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(maxBytes, buffer.length * 2));
            }
            if (inMethod) {
                if (!isTokenChar(b)) {
                    throw new NotHttpException(b);
                }
                inMethod = b != ' ';
            }
            buffer[length++] = (byte) b;
            if (endsHead(buffer, length)) {
                return parse(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Reads up to the CRLF CRLF that ends a head, judging none of the bytes before it, as servers
     * that buffer a whole head first do: bytes that cannot start a request (a TLS ClientHello) are
     * waited on like a head still coming. Returns {@code null} when the client closes first; a
     * request line that is not HTTP yields method {@code null}.
     */
    static HttpHead readWhole(InputStream in, int maxBytes) throws IOException {
        byte[] buffer = new byte[Math.min(maxBytes, 1024)];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (length == maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(maxBytes, buffer.length * 2));
            }
            buffer[length++] = (byte) b;
            // CRLF CRLF only: a ClientHello's random bytes hold a bare LF LF now and then, never all four
            if (length >= 4 && buffer[length - 4] == '\r' && buffer[length - 3] == '\n' && buffer[length - 2] == '\r'
                    && buffer[length - 1] == '\n') {
                return parse(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** An RFC 9110 tchar (what a method is made of), or the space that ends the method. */
    private static boolean isTokenChar(int b) {
        return b == ' ' || b > 0x20 && b < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(b) < 0;
    }

    private static boolean endsHead(byte[] b, int n) {
        // CRLF CRLF is the rule; a bare LF LF is tolerated as most servers do
        return (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n')
                || (n >= 2 && b[n - 2] == '\n' && b[n - 1] == '\n');
    }

    static HttpHead parse(String text) {
        String[] lines = text.split("\r?\n");
        String[] requestLine = lines.length > 0 ? lines[0].split(" ") : new String[0];
        boolean http = requestLine.length == 3 && requestLine[2].startsWith("HTTP/");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        return http
                ? new HttpHead(requestLine[0], requestLine[1], requestLine[2], List.copyOf(headers))
                : new HttpHead(null, null, null, List.copyOf(headers));
    }

    /** The request line, then {@code Name: value} per header, one per line. */
    String describe() {
        StringBuilder text = new StringBuilder(method == null ? "(not an HTTP request line)"
                : method + " " + target + " " + version);
        headers.forEach(h -> text.append('\n').append(h[0]).append(": ").append(h[1]));
        return text.toString();
    }

    /** The first header of that name (case-insensitive). */
    Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    /** Whether a comma-separated header (such as {@code Connection}) carries the token. */
    boolean headerHasToken(String name, String token) {
        return headers.stream()
                .filter(h -> h[0].equalsIgnoreCase(name))
                .flatMap(h -> java.util.Arrays.stream(h[1].split(",")))
                .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT)));
    }
}
