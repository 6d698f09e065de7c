package dev.conndoctor.host;

import java.util.HashMap;
import java.util.Map;

/**
 * Parser of {@code ss -Hltn}: for each listening address and port, the accept queue's size
 * (Send-Q, the backlog) that /proc/net/tcp does not show.
 */
public final class SsListeners {
    private SsListeners() {
    }

    /** Backlogs by "address port" as ss prints the address (brackets and zones removed). */
    public static Map<String, Integer> backlogs(String ssOutput) {
        Map<String, Integer> backlogs = new HashMap<>();
        for (String line : ssOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // State Recv-Q Send-Q Local:Port Peer:Port
            if (f.length < 5 || !f[0].equals("LISTEN") || !f[2].matches("\\d+")) {
                continue;
            }
            String local = f[3];
            int colon = local.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            String address = local.substring(0, colon).replace("[", "").replace("]", "").replaceFirst("%.*$", "");
            if (address.equals("*")) {
                address = "0.0.0.0";
            }
            backlogs.put(address + " " + local.substring(colon + 1), Integer.parseInt(f[2]));
        }
        return backlogs;
    }
}
