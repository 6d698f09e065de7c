package dev.conndoctor.firewall;

import java.util.List;
import java.util.Locale;

/**
 * What one firewall does to a new TCP connection to a port in one direction: the decision and
 * the rules that made it, in the order the packet met them.
 *
 * @param decided the rules that decided (or, for SOME_BLOCKED, the conditional blocking rules)
 * @param policyDecided whether no rule decided and the chain's policy did
 */
public record FirewallVerdict(String source, String direction, Decision decision, List<FirewallRule> decided,
                              String policy, boolean policyDecided) {

    public FirewallVerdict {
        decided = List.copyOf(decided);
    }

    /** What happens to the connection. */
    public enum Decision {
        ACCEPTED,
        DROPPED,
        REJECTED,
        /** Blocked for some clients only (a rule with a source, interface or set condition). */
        SOME_BLOCKED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The rule, or the policy, that decided, as a report shows it. */
    public String describe() {
        if (policyDecided) {
            return source + ": policy " + policy + " of the " + direction + " chain";
        }
        return decided.stream().map(r -> source + ": " + r.text()).reduce((a, b) -> a + "; " + b).orElse(source);
    }

    public boolean blocks() {
        return decision == Decision.DROPPED || decision == Decision.REJECTED;
    }
}
