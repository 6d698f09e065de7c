package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import java.util.Optional;

/**
 * The host-firewall reading that the server's rule (its own tables) and the client's rule (the
 * server's report) share: whether the server's firewall blocks the port for every client, or
 * only for some, and how sure that makes the cause. Each side words the evidence its own way.
 */
public enum HostFirewallBlock {
    /** A rule or policy drops or rejects every new connection to the port: confirmed. */
    EVERYONE(Confidence.CONFIRMED),
    /** A rule for some clients (a source or interface) blocks the port; it may or may not be this client's: likely. */
    SOME(Confidence.LIKELY);

    private final Confidence confidence;

    HostFirewallBlock(Confidence confidence) {
        this.confidence = confidence;
    }

    /** The block, if any: a block for everyone wins over one for some clients. */
    public static Optional<HostFirewallBlock> of(boolean blocksEveryone, boolean blocksSome) {
        return blocksEveryone ? Optional.of(EVERYONE) : blocksSome ? Optional.of(SOME) : Optional.empty();
    }

    /** The host-firewall cause for {@code port}, at this block's confidence. */
    public Cause.Builder cause(int port) {
        return Cause.builder(CauseId.HOST_FIREWALL, confidence, port);
    }

    /** The wording of the block: {@code everyone}'s key, or {@code some}'s. */
    public String key(String everyone, String some) {
        return this == EVERYONE ? everyone : some;
    }
}
