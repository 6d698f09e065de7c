package dev.conndoctor.host;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Parser of {@code /proc/net/netstat}: pairs of lines, names then values, per protocol prefix. */
public final class ProcNetNetstat {
    private ProcNetNetstat() {
    }

    /** The counter {@code prefix:name} (e.g. TcpExt ListenOverflows), when present. */
    public static Optional<Long> counter(String netstat, String prefix, String name) {
        String[] lines = netstat.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith(prefix + ":") && lines[i + 1].startsWith(prefix + ":")) {
                String[] names = lines[i].substring(prefix.length() + 1).trim().split("\\s+");
                String[] values = lines[i + 1].substring(prefix.length() + 1).trim().split("\\s+");
                Map<String, String> byName = new HashMap<>();
                for (int k = 0; k < Math.min(names.length, values.length); k++) {
                    byName.put(names[k], values[k]);
                }
                String value = byName.get(name);
                return value != null && value.matches("\\d+") ? Optional.of(Long.parseLong(value)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
