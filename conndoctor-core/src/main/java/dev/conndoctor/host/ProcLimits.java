package dev.conndoctor.host;

import java.util.Optional;

/** Parser of {@code /proc/PID/limits}. */
public final class ProcLimits {
    private ProcLimits() {
    }

    /** The soft limit of "Max open files", empty when unlimited or unreadable. */
    public static Optional<Long> openFilesSoftLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f.length > 0 && f[0].matches("\\d+") ? Optional.of(Long.parseLong(f[0])) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
