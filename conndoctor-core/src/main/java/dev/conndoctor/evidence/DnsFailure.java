package dev.conndoctor.evidence;

import java.util.Locale;

/** How a name failed to resolve. */
public enum DnsFailure {
    /** The name does not exist. */
    NXDOMAIN,
    /** The name exists but has no address record. */
    NO_ANSWER,
    /** No resolver answered in time, or the resolver said "try again". */
    TIMEOUT,
    /** Any other resolver failure; the detail keeps its message. */
    OTHER;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
