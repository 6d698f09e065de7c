package dev.conndoctor.evidence;

import java.util.Locale;

/** The kernel's TCP states, in the order of their codes in /proc/net/tcp (1 to 11). */
public enum TcpState {
    ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING,
    /** A code this program does not know (newer kernels may add states). */
    UNKNOWN;

    /** The state for a code of the {@code st} column. */
    public static TcpState ofCode(int code) {
        return code >= 1 && code <= 11 ? values()[code - 1] : UNKNOWN;
    }

    /** The name {@code ss} prints, e.g. {@code TIME-WAIT}. */
    public String label() {
        return name().replace('_', '-').toUpperCase(Locale.ROOT);
    }
}
