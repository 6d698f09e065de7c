package dev.conndoctor.host;

import java.util.OptionalInt;

/**
 * Reads {@code /proc/PID/stat}: {@code PID (COMM) STATE PPID ...}. The name between the
 * parentheses may itself hold spaces and parentheses, so the fields are counted after the last
 * {@code )}. Pure.
 */
public final class ProcStat {
    private ProcStat() {
    }

    /** The parent's process id; empty when the text is not a stat line. */
    public static OptionalInt parentPid(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalInt.empty();
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        return f.length >= 2 && f[1].matches("\\d{1,10}") ? OptionalInt.of(Integer.parseInt(f[1])) : OptionalInt.empty();
    }
}
