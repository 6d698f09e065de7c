package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import java.util.Optional;

/**
 * The fix of a port a hosting panel keeps closed, shared by the server's rule and the client's
 * two-sided one: the panel's own page where the port is opened, then the command the panel itself
 * runs for it on the firewall it drives (so that a rule added by hand matches the panel's).
 */
public final class PanelFixes {
    private PanelFixes() {
    }

    /**
     * Adds the fixes for {@code port} kept closed by panel {@code panelId} ("baota", "1panel", "csf"),
     * which drives {@code drives} ("ufw", "firewalld", "iptables").
     */
    public static Cause.Builder open(Cause.Builder cause, String panelId, Optional<String> drives, int port) {
        switch (panelId) {
            case "csf" -> {
                // CSF is its own front-end: its configuration is the list, csf -r rebuilds the rules from it
                return cause.fix("fix.panel.csf", port);
            }
            case "1panel" -> {
                cause.fix("fix.panel.1panel", port);
                return drives.map(d -> cause.fix(d.equals("firewalld") ? "fix.panel.1panel.firewalld" : "fix.panel.1panel.ufw",
                        port)).orElse(cause);
            }
            default -> {
                cause.fix("fix.panel.baota", port);
                return drives.map(d -> switch (d) {
                    case "ufw" -> cause.fix("fix.panel.baota.ufw", port);
                    case "firewalld" -> cause.fix("fix.panel.baota.firewalld", port);
                    default -> cause.fix("fix.panel.baota.iptables", port);
                }).orElse(cause);
            }
        }
    }
}
