package dev.conndoctor.firewall;

import java.util.List;
import java.util.Optional;

/**
 * A chain of rules: a built-in one with its policy (INPUT, OUTPUT, or an nft base chain with a
 * hook), or a user chain that rules jump to.
 *
 * @param hook {@code input}, {@code output}, {@code forward}... for chains packets enter; empty for user chains
 */
public record Chain(String source, String table, String name, Optional<String> hook, Optional<String> policy,
                    List<FirewallRule> rules) {

    public Chain {
        rules = List.copyOf(rules);
    }
}
