package dev.conndoctor.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server's report says a hosting panel does to one port, as the client's diagnosis needs it:
 * the panel, the firewall it drives, its verdict on the port from its own list, and the addresses it
 * denies outright (a client among them is blocked on every port).
 *
 * @param name the panel's stable name ("baota", "1panel", "csf")
 * @param label the name a person knows it by ("Baota / aaPanel")
 * @param drives the firewall it drives ("ufw", "firewalld", "iptables"), empty when none
 * @param status its verdict on the port: "not-listed", "dropped", "allowed", "allowed-for-some", "off",
 *               "not-managing", "unreadable"
 * @param rules the rules of its list that decide the port, as the server described them
 * @param denied the addresses it denies, each for every port or one
 */
public record PanelFacts(String name, String label, Optional<String> drives, String status, List<String> rules,
                         List<Denied> denied) {

    public PanelFacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(status, "status");
        rules = List.copyOf(rules);
        denied = List.copyOf(denied);
    }

    /** One address the panel denies: on every port, or on {@code port} only; the comment says who and why. */
    public record Denied(String source, Optional<Integer> port, String comment) {
        public Denied {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(comment, "comment");
        }

        public boolean covers(int p) {
            return port.map(q -> q == p).orElse(true);
        }
    }

    /** Whether the panel, on its own list, keeps new connections to the port out for every client. */
    public boolean closesForEveryone() {
        return status.equals("not-listed") || status.equals("dropped");
    }
}
