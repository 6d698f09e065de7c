package dev.conndoctor.protocol;

import java.util.Locale;

/** What a server's first bytes show it speaks. */
public enum Speech {
    /** An HTTP/1.x status line. */
    HTTP,
    /** A TLS handshake record: the server answered a ClientHello, or expects one. */
    TLS,
    /** A TLS alert record: a TLS server refusing what it got. */
    TLS_ALERT,
    /** An SSH identification line. */
    SSH,
    /** Readable text that is not HTTP: a line protocol, a banner, an HTML page without a status line. */
    TEXT,
    /** Anything else: a binary or length-prefixed protocol. */
    BINARY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
