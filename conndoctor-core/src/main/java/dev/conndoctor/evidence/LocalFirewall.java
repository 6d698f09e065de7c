package dev.conndoctor.evidence;

import dev.conndoctor.firewall.Chain;
import java.util.List;

/** The client's own firewall, as read when a connection failed: its chains, and which tools could be read. */
public record LocalFirewall(List<Chain> chains, List<String> sources) {

    public LocalFirewall {
        chains = List.copyOf(chains);
        sources = List.copyOf(sources);
    }
}
