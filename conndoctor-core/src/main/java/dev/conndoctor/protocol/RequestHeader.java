package dev.conndoctor.protocol;

/**
 * One header field of a request conndoctor writes, kept as parts until the request is built.
 * A field is one line: a control character in it (a CR LF above all) would write headers, or a
 * second request, that nobody asked for, so it is refused when the field is made.
 */
public record RequestHeader(String name, String value) {

    public RequestHeader {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= 0x20 || c == ':' || c >= 0x7f)) {
            throw new IllegalArgumentException("not a header name: " + name.length() + " characters");
        }
        // a value may hold spaces and tabs (RFC 7230 §3.2), never another control character
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException("a control character in the value of " + name);
        }
    }

    /** The field as it goes on the wire, with its CRLF. */
    String line() {
        return name + ": " + value + "\r\n";
    }
}
