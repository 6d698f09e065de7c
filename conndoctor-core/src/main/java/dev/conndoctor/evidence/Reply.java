package dev.conndoctor.evidence;

import java.util.Locale;

/** How the server reacted to what conndoctor sent after connecting. */
public enum Reply {
    /** Bytes came back. */
    DATA,
    /** Nothing came back before the deadline; the connection stayed open. */
    SILENT,
    /** The server closed the connection without a byte. */
    EOF,
    /** The server reset the connection without a byte. */
    RESET,
    /** conndoctor did not send: the server spoke first, or the TLS step failed. */
    NOT_SENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
