package dev.conndoctor.host;

import java.util.Optional;

/** The port specs hosting panels write: one port, or a range with ":" (iptables, ufw, CSF) or "-" (firewalld). */
final class PanelPorts {
    private PanelPorts() {
    }

    /** {@code {from, to}} of "8282", "39000:40000" or "30000-35000"; empty for anything else (an address, say). */
    static Optional<int[]> range(String spec) {
        String s = spec.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})(?:\\s*[:-]\\s*(\\d{1,5}))?").matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from < 0 || to > 65535 || from > to) {
            return Optional.empty();
        }
        return Optional.of(new int[] {from, to});
    }
}
