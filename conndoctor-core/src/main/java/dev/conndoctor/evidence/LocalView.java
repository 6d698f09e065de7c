package dev.conndoctor.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What this machine's own tables said about a failed connection: read only when an outcome
 * called for them, so each part is empty when it was not needed.
 *
 * @param listeners present when the dialled address belongs to this machine
 * @param portUsage present when a connect failed for want of a local port
 * @param routing present when an address was unreachable or silent
 * @param firewall this machine's firewall, read when a connection failed
 * @param unreadable what a probe wanted to read and could not, in its own words
 */
public record LocalView(Optional<LocalListeners> listeners, Optional<PortUsage> portUsage, Optional<Routing> routing,
                        Optional<LocalFirewall> firewall, List<String> unreadable) {

    public LocalView {
        unreadable = List.copyOf(unreadable);
    }

    /** Nothing read, nothing missed. */
    public static LocalView none() {
        return new LocalView(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
