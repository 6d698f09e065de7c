package dev.conndoctor.protocol;

/** One header field of a request conndoctor writes, kept as parts until the request is built. */
public record RequestHeader(String name, String value) {

    /** The field as it goes on the wire, with its CRLF. */
    String line() {
        return name + ": " + value + "\r\n";
    }
}
