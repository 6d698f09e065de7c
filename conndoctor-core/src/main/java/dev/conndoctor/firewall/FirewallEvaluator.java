package dev.conndoctor.firewall;

import dev.conndoctor.firewall.FirewallVerdict.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Walks a firewall's chains the way a new TCP connection to a port would: rule by rule, into
 * jumps and back, to the first verdict or the chain's policy. Rules with conditions (a source,
 * an interface, a set) are noted as blocking some clients and the walk goes on, as it would for
 * a client they do not match. Pure.
 */
public final class FirewallEvaluator {
    /** Jumps deeper than this are a loop or a generated maze; the walk stops there. */
    static final int MAX_DEPTH = 16;

    private FirewallEvaluator() {
    }

    /**
     * What the base chains hooked on {@code direction} ("input", "output") of one firewall do to
     * a new connection to {@code port}; empty when it has no such chain. A packet passes every
     * base chain of its hook (iptables: the filter table's; nft: each table's), so the strictest
     * verdict wins.
     */
    public static Optional<FirewallVerdict> evaluate(List<Chain> chains, String direction, int port) {
        List<FirewallVerdict> verdicts = new ArrayList<>();
        for (Chain base : chains) {
            boolean hooked = base.hook().filter(h -> h.equals(direction)).isPresent();
            boolean filtering = !base.source().endsWith("tables") || base.table().equals("filter");
            if (hooked && filtering) {
                verdicts.add(evaluateBase(chains, base, direction, port));
            }
        }
        return verdicts.stream().min(java.util.Comparator.comparingInt(FirewallEvaluator::strictness));
    }

    /** Lower is stricter: a drop or reject anywhere decides, then a partial block, then an accept. */
    private static int strictness(FirewallVerdict v) {
        return switch (v.decision()) {
            case DROPPED, REJECTED -> 0;
            case SOME_BLOCKED -> 1;
            case ACCEPTED -> 2;
        };
    }

    private static FirewallVerdict evaluateBase(List<Chain> chains, Chain base, String direction, int port) {
        List<FirewallRule> conditionalBlocks = new ArrayList<>();
        Optional<FirewallRule> decider = walk(chains, base, port, conditionalBlocks, 0);
        String policy = base.policy().orElse("ACCEPT").toUpperCase(Locale.ROOT);
        String source = base.source();
        Decision decision = decider.map(r -> decisionOf(r.target())).orElse(decisionOf(policy));
        if (decision == Decision.ACCEPTED && !conditionalBlocks.isEmpty()) {
            return new FirewallVerdict(source, direction, Decision.SOME_BLOCKED, conditionalBlocks, policy, false);
        }
        return decider.map(r -> new FirewallVerdict(source, direction, decision, List.of(r), policy, false))
                .orElseGet(() -> new FirewallVerdict(source, direction, decision, List.of(), policy, true));
    }

    /** The rule that decides, or empty when the chain falls through (RETURN, or its end). */
    private static Optional<FirewallRule> walk(List<Chain> chains, Chain chain, int port,
                                               List<FirewallRule> conditionalBlocks, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        for (FirewallRule rule : chain.rules()) {
            if (!rule.canMatch(port)) {
                continue;
            }
            String target = rule.target();
            Decision decision = decisionOf(target);
            boolean verdict = isVerdict(target);
            if (rule.conditional()) {
                if (verdict && decision != Decision.ACCEPTED) {
                    conditionalBlocks.add(rule);
                }
                continue; // for the clients it does not match, the walk goes on
            }
            if (verdict) {
                return Optional.of(rule);
            }
            if (target.equalsIgnoreCase("RETURN")) {
                return Optional.empty();
            }
            Optional<Chain> jump = chains.stream()
                    .filter(c -> c.source().equals(chain.source()) && c.table().equals(chain.table())
                            && c.name().equals(target))
                    .findFirst();
            if (jump.isPresent()) {
                Optional<FirewallRule> inner = walk(chains, jump.get(), port, conditionalBlocks, depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            // LOG, MARK and other non-terminating targets: the packet goes on
        }
        return Optional.empty();
    }

    private static boolean isVerdict(String target) {
        String t = target.toUpperCase(Locale.ROOT);
        return t.equals("ACCEPT") || t.equals("DROP") || t.equals("REJECT");
    }

    private static Decision decisionOf(String target) {
        return switch (target.toUpperCase(Locale.ROOT)) {
            case "DROP" -> Decision.DROPPED;
            case "REJECT" -> Decision.REJECTED;
            default -> Decision.ACCEPTED;
        };
    }
}
