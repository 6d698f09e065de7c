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
            String port = local.substring(colon + 1);
            int backlog = Integer.parseInt(f[2]);
            if (address.equals("*")) {
                // a dual-stack wildcard: /proc shows it as :: (Java's 0.0.0.0 listeners are such sockets)
                backlogs.put("0.0.0.0 " + port, backlog);
                backlogs.put(":: " + port, backlog);
                continue;
            }
            if (address.toLowerCase(java.util.Locale.ROOT).startsWith("::ffff:") && address.indexOf('.') > 0) {
                address = address.substring(7); // an IPv4-mapped address: /proc gives it as the IPv4 one
            }
            backlogs.put(address + " " + port, backlog);
        }
        return backlogs;
    }
}
