package dev.conndoctor;

import java.util.Locale;

/** The first stage of the connection that failed, as the user would see it (design §5). */
public enum Symptom {
    OK,
    DNS_FAILED,
    REFUSED,
    TIMEOUT,
    UNREACHABLE,
    ADDRESS_UNAVAILABLE,
    BLOCKED_LOCALLY,
    TLS_FAILED,
    HANDSHAKE_FAILED,
    CLOSED,
    NO_REPLY;

    /** The JSON id, e.g. {@code address-unavailable}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
