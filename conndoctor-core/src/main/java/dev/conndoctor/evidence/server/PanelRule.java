package dev.conndoctor.evidence.server;

import java.util.Objects;

/**
 * One port rule of a panel's own list, as the panel keeps it: the ports (one, or a range), the
 * protocol, accept or drop, for every source or one, and the note the person wrote beside it.
 *
 * @param fromPort the first port; {@code toPort} the last (equal for a single port)
 * @param protocol "tcp", "udp" or "tcp/udp", as the panel wrote it
 * @param accept true for an allow rule, false for a drop rule
 * @param source the source address or CIDR the rule is for; empty for every source
 * @param note the panel's note (Baota's {@code ps} / {@code brief}, 1Panel's description, CSF's comment)
 * @param spec the ports as the panel wrote them ("8282", "39000:40000", "30000-35000")
 */
public record PanelRule(int fromPort, int toPort, String protocol, boolean accept, String source, String note,
                        String spec) {

    public PanelRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(spec, "spec");
    }

    /** Whether the rule is about new TCP connections to {@code port}. */
    public boolean coversTcp(int port) {
        return port >= fromPort && port <= toPort && (protocol.isEmpty() || protocol.toLowerCase().contains("tcp"));
    }

    /** Whether it holds for every source, not for one address or network. */
    public boolean everySource() {
        return source.isEmpty() || source.equals("0.0.0.0/0") || source.equals("::/0")
                || source.equalsIgnoreCase("anywhere") || source.equalsIgnoreCase("all");
    }

    /** The rule in a few words: "8000-9000/tcp accept from 198.51.100.0/24 (my app)". */
    public String describe() {
        return spec + "/" + (protocol.isEmpty() ? "tcp" : protocol) + " " + (accept ? "accept" : "drop")
                + (everySource() ? "" : " from " + source) + (note.isBlank() ? "" : " (" + note.strip() + ")");
    }
}
