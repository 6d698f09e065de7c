package dev.conndoctor.evidence;

import java.util.Locale;

/** Why a TLS handshake failed, from the client's side. */
public enum TlsProblem {
    /** The chain does not lead to a trusted root (self-signed, private CA, missing intermediate). */
    UNTRUSTED,
    EXPIRED,
    NOT_YET_VALID,
    /** The certificate is valid, for other names than the one dialled. */
    NAME_MISMATCH,
    /** Client and server share no protocol version (or cipher suite). */
    VERSION_MISMATCH,
    /** The server answered the ClientHello with something that is not TLS. */
    NOT_TLS,
    /** The server closed or reset the connection during the handshake. */
    CLOSED,
    /** No answer to the ClientHello before the deadline. */
    SILENT,
    OTHER;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
